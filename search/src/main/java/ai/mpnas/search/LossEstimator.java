package ai.mpnas.search;

/** How the search estimates the gradient of the expected validation loss with respect to theta. */
public enum LossEstimator {
    /**
     * The method's pathwise gradient through the straight-through Gumbel gates of the sampled
     * path. On a single-path supernet the gate scales the block's output, and the BatchNorm that
     * follows undoes any scale, so this gradient carries little information about which choice is
     * better: measured, the logits random-walk (README, The search).
     */
    PATHWISE,
    /**
     * REINFORCE on the validation loss with a moving-average baseline, (L - b) d log pi(alpha): it
     * compares sampled architectures by their loss, so every decision learns from its effect.
     */
    REINFORCE
}
