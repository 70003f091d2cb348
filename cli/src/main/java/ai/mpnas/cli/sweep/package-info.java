/**
 * The protocol sweep ({@code mpnas sweep --protocol}): every contender (joint search, bits-only,
 * arch-only, random, uniform-B) at each budget and seed, each point a sequence of ordinary {@code
 * mpnas} command lines run one at a time in a child JVM, resumable point by point, tabulated in
 * {@code table.json}.
 */
package ai.mpnas.cli.sweep;
