package ai.mpnas.search.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.plugin.space.SearchSpace;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PolicyRestrictionTest {

    private static final SearchSpace SPACE = SearchSpace.preset("fashion-mnist");

    /** A joint policy with random logits. */
    private static ArchitecturePolicy trained(long seed) {
        ArchitecturePolicy policy = ArchitecturePolicy.uniform(SPACE);
        Random rng = new Random(seed);
        for (int b = 0; b < policy.numBlocks(); b++) {
            for (Decision d : Decision.values()) {
                double[] logits = new double[policy.values(b, d).size()];
                for (int j = 0; j < logits.length; j++) {
                    logits[j] = rng.nextGaussian() * 2;
                }
                policy.setLogits(b, d, logits);
            }
        }
        return policy;
    }

    @Test
    void theRestrictionIsTheConditionalDistributionOfEachDecision() {
        for (long seed = 0; seed < 5; seed++) {
            ArchitecturePolicy joint = trained(seed);
            for (SearchConstraint c : List.of(SearchConstraint.none(),
                    SearchConstraint.fixBits(4), SearchConstraint.fixArchitecture("reference"))) {
                ArchitecturePolicy restricted = PolicyRestriction.restrict(joint, c);
                assertEquals(c, restricted.getConstraint());
                for (int b = 0; b < joint.numBlocks(); b++) {
                    for (Decision d : Decision.values()) {
                        List<Integer> kept = restricted.values(b, d);
                        List<Integer> all = joint.values(b, d);
                        double[] p = joint.probabilities(b, d);
                        // P(v | v in kept) = p(v) / sum of p over kept, computed from the joint
                        double mass = 0;
                        for (int v : kept) {
                            mass += p[all.indexOf(v)];
                        }
                        double[] expected = new double[kept.size()];
                        for (int j = 0; j < expected.length; j++) {
                            expected[j] = p[all.indexOf(kept.get(j))] / mass;
                        }
                        assertArrayEquals(expected, restricted.probabilities(b, d), 1e-12,
                                c.describe() + " block " + b + " " + d.key());
                    }
                }
            }
        }
    }

    @Test
    void aValueTheTrainedPolicyNeverChoosesIsRefused() {
        ArchitecturePolicy bitsOnly = PolicyRestriction.restrict(
                trained(1), SearchConstraint.fixArchitecture("reference"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PolicyRestriction.restrict(bitsOnly, SearchConstraint.fixBits(4)));
        assertTrue(e.getMessage().contains("which the trained policy (bits-only (the architecture"
                + " fixed to the reference)) never chooses"), e.getMessage());
    }
}
