/**
 * Deriving the final architecture from a trained supernet and policy: the paper's argmax, the
 * best of sampled architectures, and the constrained evolutionary search over the supernet (as in
 * SPOS, OFA and APQ) scored by validation loss.
 */
package ai.mpnas.search.derive;
