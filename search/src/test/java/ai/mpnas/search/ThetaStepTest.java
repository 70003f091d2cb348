package ai.mpnas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.policy.ArchitecturePolicy;
import ai.mpnas.search.policy.Decision;
import ai.mpnas.search.policy.Logits;
import ai.mpnas.search.policy.SearchConstraint;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ThetaStepTest {

    private static final SearchSpace SPACE = SearchSpace.preset("fashion-mnist");

    /**
     * The absolute penalty's REINFORCE gradient, averaged over many samples, against the exact
     * gradient of E[lambda |J/c - 1|], summed over every architecture of a small space (arch-only
     * at 8 bits: at most ten choices a block) with a cost that is not a product of per-decision
     * terms.
     */
    @Test
    void absolutePenaltyReinforceMatchesItsExactExpectation() {
        ArchitecturePolicy policy = ArchitecturePolicy.uniform(SPACE, SearchConstraint.fixBits(8));
        Random init = new Random(5);
        for (int b = 0; b < policy.numBlocks(); b++) {
            for (Decision d : Decision.values()) {
                double[] logits = policy.logits(b, d);
                for (int j = 0; j < logits.length; j++) {
                    logits[j] = logits.length > 1 ? init.nextGaussian() : 0;
                }
                policy.setLogits(b, d, logits);
            }
        }
        double lambda = 2;
        // the budget at E[J]: the hinge on E[J] is then 0 while the absolute penalty is not
        double budget = exact(policy, 1, lambda).meanCost();
        Exact exact = exact(policy, budget, lambda);
        int n = 100_000;
        Logits estimate = policy.zerosLike();
        Random rng = new Random(7);
        for (int i = 0; i < n; i++) {
            Architecture a = policy.sample(rng, 1.0).architecture();
            double[] penalty = ThetaStep.absolutePenalties(new double[] {cost(a)}, budget, lambda);
            estimate.addScaled(
                    policy.reinforceGradient(List.of(a), penalty, exact.value()), 1.0 / n);
        }
        Logits difference = policy.zerosLike();
        difference.addScaled(estimate, 1.0);
        difference.addScaled(exact.gradient(), -1.0);
        double norm = exact.gradient().norm();
        assertTrue(norm > 0.05, "the exact gradient is not trivial: " + norm);
        assertTrue(difference.norm() < 0.05 * norm,
                "|estimate - exact| = " + difference.norm() + " of |exact| " + norm);
        assertTrue(exact.value() > 0.05, "E[penalty] = " + exact.value());
    }

    private static double cost(Architecture a) {
        double j = 0;
        for (int b = 0; b < a.blocks().size(); b++) {
            BlockChoice c = a.blocks().get(b);
            j += c.skip() ? 0 : (b + 1) * c.m() * c.k() * 0.2 + 1.5 * c.m();
        }
        return j;
    }

    private record Exact(double value, double meanCost, Logits gradient) {}

    /** Sums over every architecture: E[v], E[J] and d E[v] = sum_a p(a) v(a) d log p(a). */
    private static Exact exact(ArchitecturePolicy policy, double budget, double lambda) {
        int blocks = policy.numBlocks();
        List<List<BlockChoice>> choices = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            choices.add(policy.candidates(b));
        }
        // weighted[b][i] = sum over architectures with choice i at block b of p(a) v(a)
        double[][] weighted = new double[blocks][];
        for (int b = 0; b < blocks; b++) {
            weighted[b] = new double[choices.get(b).size()];
        }
        int[] index = new int[blocks];
        double value = 0;
        double meanCost = 0;
        while (true) {
            double p = 1;
            List<BlockChoice> path = new ArrayList<>();
            for (int b = 0; b < blocks; b++) {
                BlockChoice c = choices.get(b).get(index[b]);
                p *= policy.probability(b, c);
                path.add(c);
            }
            double j = cost(new Architecture(SPACE, path));
            double v = lambda * Math.abs(j / budget - 1);
            value += p * v;
            meanCost += p * j;
            for (int b = 0; b < blocks; b++) {
                weighted[b][index[b]] += p * v;
            }
            int b = 0;
            while (b < blocks && ++index[b] == choices.get(b).size()) {
                index[b++] = 0;
            }
            if (b == blocks) {
                break;
            }
        }
        Logits gradient = policy.zerosLike();
        List<BlockChoice> any = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            any.add(choices.get(b).get(0));
        }
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < choices.get(b).size(); i++) {
                List<BlockChoice> path = new ArrayList<>(any);
                path.set(b, choices.get(b).get(i));
                // the score of block b depends only on block b's choice
                Logits score = policy.scoreFunction(new Architecture(SPACE, path));
                for (Decision d : Decision.values()) {
                    double[] s = score.get(b, d);
                    double[] g = gradient.get(b, d);
                    for (int k = 0; k < s.length; k++) {
                        g[k] += weighted[b][i] * s[k];
                    }
                    gradient.set(b, d, g);
                }
            }
        }
        return new Exact(value, meanCost, gradient);
    }

    @Test
    void absolutePenaltyIsTwoSided() {
        double[] p = ThetaStep.absolutePenalties(new double[] {50, 100, 150}, 100, 2);
        assertEquals(1.0, p[0], 1e-12);
        assertEquals(0.0, p[1], 1e-12);
        assertEquals(1.0, p[2], 1e-12);
        assertEquals(0.0, CostPenalty.HINGE.of(50, 100, 2), 1e-12);
    }
}
