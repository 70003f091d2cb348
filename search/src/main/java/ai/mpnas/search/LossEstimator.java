package ai.mpnas.search;

/** How the search estimates the gradient of the expected validation loss with respect to theta. */
public enum LossEstimator {
    /**
     * The method's pathwise gradient through the straight-through Gumbel gates of the sampled
     * path. The gate scales a residual block's branch; where a block changes shape it scales the
     * whole output, which the next BatchNorm undoes, so those blocks' decisions learn (almost)
     * nothing from it ({@code SearchableBlock}; README, The search).
     */
    PATHWISE,
    /**
     * REINFORCE on the validation loss with a moving-average baseline, (L - b) d log pi(alpha): it
     * compares sampled architectures by their loss, so every decision learns from its effect.
     */
    REINFORCE
}
