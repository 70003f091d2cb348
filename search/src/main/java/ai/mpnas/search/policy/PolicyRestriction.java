package ai.mpnas.search.policy;

import java.util.List;

/**
 * A policy conditioned on a narrower constraint: the same logits for the values the constraint
 * allows, none for the others. A factorised policy restricted to a subset of each decision's
 * values is the softmax of those values' logits, so this is exactly the conditional distribution.
 * A bits-only or arch-only result derived from a joint search's supernet starts from it.
 */
public final class PolicyRestriction {

    private PolicyRestriction() {}

    /**
     * Restricts a policy to a narrower constraint.
     *
     * @param policy the trained policy
     * @param narrower the constraint of the result
     * @return a new policy within {@code narrower}, over the same search space
     * @throws IllegalArgumentException if {@code narrower} allows a value the policy never
     *     chooses (the policy's own constraint fixed it to another)
     */
    public static ArchitecturePolicy restrict(ArchitecturePolicy policy,
            SearchConstraint narrower) {
        ArchitecturePolicy restricted =
                ArchitecturePolicy.uniform(policy.getSearchSpace(), narrower);
        for (int b = 0; b < policy.numBlocks(); b++) {
            for (Decision d : Decision.values()) {
                List<Integer> held = policy.values(b, d);
                List<Integer> kept = restricted.values(b, d);
                double[] logits = policy.logits(b, d);
                double[] theta = new double[kept.size()];
                for (int j = 0; j < theta.length; j++) {
                    int at = held.indexOf(kept.get(j));
                    if (at < 0) {
                        throw new IllegalArgumentException("block " + b + " decision '" + d.key()
                                + "': " + narrower.describe() + " needs " + kept.get(j)
                                + ", which the trained policy ("
                                + policy.getConstraint().describe() + ") never chooses; it has "
                                + held);
                    }
                    theta[j] = logits[at];
                }
                restricted.setLogits(b, d, theta);
            }
        }
        return restricted;
    }
}
