package ai.mpnas.search.policy;

import ai.mpnas.plugin.space.SearchSpace;
import java.util.Random;

/** Policies with random logits, for property tests of what is computed from a policy. */
public final class RandomPolicies {

    private RandomPolicies() {}

    /**
     * Returns a constrained policy with random logits, far from uniform (so the argmax varies).
     *
     * @param space the search space
     * @param constraint what the search may not change
     * @param rng the random source
     * @return the policy
     */
    public static ArchitecturePolicy of(
            SearchSpace space, SearchConstraint constraint, Random rng) {
        ArchitecturePolicy policy = ArchitecturePolicy.withSkipProbability(space, 0.3, constraint);
        for (int b = 0; b < policy.numBlocks(); b++) {
            for (Decision d : Decision.values()) {
                double[] logits = policy.logits(b, d);
                for (int j = 0; j < logits.length; j++) {
                    logits[j] = 3 * rng.nextGaussian();
                }
                policy.setLogits(b, d, logits);
            }
        }
        return policy;
    }
}
