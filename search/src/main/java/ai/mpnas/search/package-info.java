/**
 * The mixed-precision architecture search: policy, sampling, bilevel loop, derivations, the random
 * baseline, and the run directories trained from scratch with one recipe.
 */
package ai.mpnas.search;
