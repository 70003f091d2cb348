package ai.mpnas.search;

/** How the search estimates the gradient of the expected cost E[J] with respect to theta. */
public enum GradientEstimator {
    /**
     * The method's estimator: REINFORCE with a moving-average baseline, (J - b) d log pi(alpha),
     * which needs nothing of J but its value for sampled architectures.
     */
    REINFORCE,
    /** The exact gradient from the cost table (J is additive over blocks): no variance. */
    EXACT
}
