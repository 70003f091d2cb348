/**
 * The single-path supernet: searchable blocks that run only the sampled (s, m, k, b1, b2) op per
 * step, scaled by a straight-through Gumbel-softmax weight, with shared or separate weights; and an
 * optimizer wrapper that leaves unsampled weights untouched.
 */
package ai.mpnas.plugin.supernet;
