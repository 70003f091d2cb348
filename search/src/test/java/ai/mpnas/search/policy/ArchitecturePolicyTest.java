package ai.mpnas.search.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleBiFunction;
import org.junit.jupiter.api.Test;

class ArchitecturePolicyTest {

    private static final SearchSpace SPACE = SearchSpace.preset("fashion-mnist");

    /** A cost that is not a product of per-decision terms, so the gradient test is not trivial. */
    private static final ToDoubleBiFunction<Integer, BlockChoice> COST =
            (b, c) ->
                    c.skip()
                            ? 0
                            : (b + 1) * c.m() * c.k() * c.k() * (c.wbits() + 1.5 * c.abits())
                                    + 7 * c.wbits() * c.abits();

    private static ArchitecturePolicy randomPolicy(long seed) {
        ArchitecturePolicy policy = ArchitecturePolicy.uniform(SPACE);
        Random rng = new Random(seed);
        for (int b = 0; b < policy.numBlocks(); b++) {
            for (Decision d : Decision.values()) {
                double[] logits = policy.logits(b, d);
                for (int j = 0; j < logits.length; j++) {
                    logits[j] = rng.nextGaussian();
                }
                policy.setLogits(b, d, logits);
            }
        }
        return policy;
    }

    @Test
    void probabilitiesOfEveryBlockSumToOne() {
        ArchitecturePolicy policy = randomPolicy(1);
        for (int b = 0; b < policy.numBlocks(); b++) {
            double sum = 0;
            for (BlockChoice c : SPACE.candidates(b)) {
                sum += policy.probability(b, c);
            }
            assertEquals(1.0, sum, 1e-12, "block " + b);
        }
    }

    @Test
    void uniformPolicySplitsSkipThenTheRest() {
        ArchitecturePolicy policy = ArchitecturePolicy.uniform(SPACE);
        for (int b = 0; b < policy.numBlocks(); b++) {
            List<BlockChoice> candidates = SPACE.candidates(b);
            BlockChoice run = candidates.get(candidates.size() - 1);
            if (SPACE.canSkip(b)) {
                assertEquals(0.5, policy.probability(b, BlockChoice.skipBlock()), 1e-12);
                assertEquals(0.5 / (candidates.size() - 1), policy.probability(b, run), 1e-12);
            } else {
                assertEquals(0.0, policy.probability(b, BlockChoice.skipBlock()));
                assertEquals(1.0 / candidates.size(), policy.probability(b, run), 1e-12);
            }
        }
    }

    @Test
    void exactCostGradientMatchesFiniteDifferences() {
        ArchitecturePolicy policy = randomPolicy(2);
        Logits grad = policy.expectedCostGradient(COST);
        double h = 1e-6;
        for (int b = 0; b < policy.numBlocks(); b++) {
            for (Decision d : Decision.values()) {
                double[] logits = policy.logits(b, d);
                for (int j = 0; j < logits.length; j++) {
                    double[] plus = logits.clone();
                    plus[j] += h;
                    policy.setLogits(b, d, plus);
                    double up = policy.expectedCost(0, COST);
                    double[] minus = logits.clone();
                    minus[j] -= h;
                    policy.setLogits(b, d, minus);
                    double down = policy.expectedCost(0, COST);
                    policy.setLogits(b, d, logits);
                    double numeric = (up - down) / (2 * h);
                    assertEquals(
                            numeric,
                            grad.get(b, d)[j],
                            1e-5 * Math.max(1, Math.abs(numeric)),
                            "block " + b + " " + d + " " + j);
                }
            }
        }
    }

    @Test
    void scoreFunctionIsTheGradientOfTheLogProbability() {
        ArchitecturePolicy policy = randomPolicy(3);
        Architecture arch = policy.sample(new Random(4), 1.0).architecture();
        Logits score = policy.scoreFunction(arch);
        double h = 1e-6;
        for (int b = 0; b < policy.numBlocks(); b++) {
            for (Decision d : Decision.values()) {
                double[] logits = policy.logits(b, d);
                for (int j = 0; j < logits.length; j++) {
                    double[] plus = logits.clone();
                    plus[j] += h;
                    policy.setLogits(b, d, plus);
                    double up = policy.logProbability(arch);
                    policy.setLogits(b, d, logits);
                    double numeric = (up - policy.logProbability(arch)) / h;
                    assertEquals(numeric, score.get(b, d)[j], 1e-4);
                }
            }
        }
    }

    @Test
    void reinforceEstimateConvergesToTheExactGradient() {
        ArchitecturePolicy policy = randomPolicy(5);
        Logits exact = policy.expectedCostGradient(COST);
        Logits estimate = policy.zerosLike();
        Random rng = new Random(6);
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            Architecture arch = policy.sample(rng, 1.0).architecture();
            estimate.addScaled(policy.scoreFunction(arch), cost(policy, arch) / n);
        }
        double cosine = exact.dot(estimate) / (exact.norm() * estimate.norm());
        assertTrue(cosine > 0.95, "cosine(REINFORCE, exact) = " + cosine);
    }

    @Test
    void leaveOneOutEstimateIgnoresWhatTheSamplesShare() {
        // four architectures evaluated on one batch share its difficulty, a large random offset
        ArchitecturePolicy policy = randomPolicy(5);
        Logits exact = policy.expectedCostGradient(COST);
        Logits leaveOneOut = policy.zerosLike();
        Logits movingAverage = policy.zerosLike();
        Random rng = new Random(6);
        int groups = 10_000;
        double average = 0;
        for (int g = 0; g < groups; g++) {
            double offset = 100_000 * rng.nextGaussian();
            List<Architecture> group = new ArrayList<>();
            double[] values = new double[4];
            for (int i = 0; i < values.length; i++) {
                group.add(policy.sample(rng, 1.0).architecture());
                values[i] = cost(policy, group.get(i)) + offset;
            }
            leaveOneOut.addScaled(
                    policy.reinforceGradient(group, values, Double.NaN), 1.0 / groups);
            for (int i = 0; i < values.length; i++) {
                movingAverage.addScaled(
                        policy.reinforceGradient(List.of(group.get(i)), new double[] {values[i]},
                                average),
                        1.0 / (groups * values.length));
                average = 0.9 * average + 0.1 * values[i];
            }
        }
        double looError = distance(leaveOneOut, exact) / exact.norm();
        double averageError = distance(movingAverage, exact) / exact.norm();
        assertTrue(looError < 0.2, "leave-one-out relative error " + looError);
        assertTrue(averageError > 3 * looError,
                "moving average " + averageError + " vs leave-one-out " + looError);
    }

    @Test
    void reinforceGradientOfOneArchitectureUsesTheGivenBaseline() {
        ArchitecturePolicy policy = randomPolicy(8);
        Architecture arch = policy.sample(new Random(9), 1.0).architecture();
        Logits score = policy.scoreFunction(arch);
        Logits got = policy.reinforceGradient(List.of(arch), new double[] {5.0}, 3.5);
        got.addScaled(score, -1.5);
        assertEquals(0.0, got.norm(), 1e-12);
        // with two, each is compared with the other: a shared shift changes nothing
        Architecture other = policy.sample(new Random(10), 1.0).architecture();
        Logits a = policy.reinforceGradient(List.of(arch, other), new double[] {1, 4}, 0);
        Logits b =
                policy.reinforceGradient(List.of(arch, other), new double[] {101, 104}, 0);
        assertEquals(0.0, distance(a, b), 1e-12);
        assertTrue(a.norm() > 0);
        assertThrows(IllegalArgumentException.class,
                () -> policy.reinforceGradient(List.of(arch), new double[] {1, 2}, 0));
    }

    private static double cost(ArchitecturePolicy policy, Architecture arch) {
        double j = 0;
        for (int b = 0; b < policy.numBlocks(); b++) {
            j += COST.applyAsDouble(b, arch.blocks().get(b));
        }
        return j;
    }

    private static double distance(Logits x, Logits y) {
        Logits diff = x.copy();
        diff.addScaled(y, -1);
        return diff.norm();
    }

    @Test
    void gumbelMaxSamplesFollowThePolicy() {
        ArchitecturePolicy policy = randomPolicy(7);
        Random rng = new Random(8);
        int n = 50_000;
        Map<Integer, Integer> kernelCounts = new HashMap<>();
        int skips = 0;
        int block = 0;
        for (int b = 0; b < policy.numBlocks(); b++) {
            if (SPACE.canSkip(b)) {
                block = b;
            }
        }
        for (int i = 0; i < n; i++) {
            BlockChoice c = policy.sample(rng, 1.0).architecture().blocks().get(block);
            if (c.skip()) {
                skips++;
            } else {
                kernelCounts.merge(c.k(), 1, Integer::sum);
            }
        }
        double pRun = policy.probabilities(block, Decision.SKIP)[1];
        assertEquals(1 - pRun, skips / (double) n, 0.01);
        double[] pk = policy.probabilities(block, Decision.KERNEL);
        List<Integer> kernels = policy.values(block, Decision.KERNEL);
        for (int j = 0; j < kernels.size(); j++) {
            double observed = kernelCounts.getOrDefault(kernels.get(j), 0) / (double) n;
            assertEquals(pRun * pk[j], observed, 0.01, "k=" + kernels.get(j));
        }
    }

    @Test
    void mostLikelyTakesTheArgmaxOfEachDecision() {
        ArchitecturePolicy policy = ArchitecturePolicy.uniform(SPACE);
        int last = policy.numBlocks() - 1;
        policy.setLogits(last, Decision.KERNEL, new double[] {0, 0, 3});
        policy.setLogits(last, Decision.WBITS, new double[] {2, 0, 0, 0});
        BlockChoice c = policy.mostLikely().blocks().get(last);
        assertEquals(policy.values(last, Decision.KERNEL).get(2), c.k());
        assertEquals(policy.values(last, Decision.WBITS).get(0), c.wbits());
    }

    @Test
    void wrongLogitsAreRejected() {
        ArchitecturePolicy policy = ArchitecturePolicy.uniform(SPACE);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> policy.setLogits(0, Decision.WBITS, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("wbits"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> policy.setLogits(0, Decision.KERNEL, new double[] {0, Double.NaN, 0}));
    }

    @Test
    void adamFirstStepMovesEachLogitByTheLearningRateAgainstTheGradientSign() {
        ArchitecturePolicy policy = randomPolicy(9);
        Logits before = policy.allLogits();
        Logits grad = policy.expectedCostGradient(COST);
        new Adam(0.01, 0.9, 0.999, 1e-12, 0).step(policy, grad);
        Logits after = policy.allLogits();
        for (int b = 0; b < before.numBlocks(); b++) {
            for (Decision d : Decision.values()) {
                for (int j = 0; j < before.get(b, d).length; j++) {
                    double g = grad.get(b, d)[j];
                    double expected = g == 0 ? 0 : -0.01 * Math.signum(g);
                    assertEquals(expected, after.get(b, d)[j] - before.get(b, d)[j], 1e-6);
                }
            }
        }
    }

    @Test
    void skipPriorSetsOnlyTheSkipDecisionOfBlocksThatMaySkip() {
        ArchitecturePolicy policy = ArchitecturePolicy.withSkipProbability(SPACE, 0.1);
        int skippable = 0;
        for (int b = 0; b < policy.numBlocks(); b++) {
            double skip = policy.probability(b, BlockChoice.skipBlock());
            if (SPACE.canSkip(b)) {
                assertEquals(0.1, skip, 1e-12);
                skippable++;
            } else {
                assertEquals(0.0, skip);
            }
            for (Decision d : List.of(Decision.EXPAND, Decision.KERNEL, Decision.WBITS,
                    Decision.ABITS)) {
                double[] p = policy.probabilities(b, d);
                for (double v : p) {
                    assertEquals(1.0 / p.length, v, 1e-12);
                }
            }
        }
        assertTrue(skippable > 0);
        assertEquals(ArchitecturePolicy.uniform(SPACE).allLogits(),
                ArchitecturePolicy.withSkipProbability(SPACE, 0.5).allLogits());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArchitecturePolicy.withSkipProbability(SPACE, 1.0));
        assertTrue(e.getMessage().contains("(0, 1)"), e.getMessage());
    }

    @Test
    void adamDecayPullsTheLogitsTowardItsCentre() {
        ArchitecturePolicy prior = ArchitecturePolicy.withSkipProbability(SPACE, 0.1);
        Logits centre = prior.allLogits();
        // at the centre, a zero gradient leaves the logits where they are
        ArchitecturePolicy atCentre = ArchitecturePolicy.withSkipProbability(SPACE, 0.1);
        new Adam(0.01, 0.9, 0.999, 1e-12, 0.1, centre).step(atCentre, atCentre.zerosLike());
        assertEquals(centre, atCentre.allLogits());
        // from the uniform logits, the skip logit moves toward its prior (down) and nothing else
        ArchitecturePolicy uniform = ArchitecturePolicy.uniform(SPACE);
        new Adam(0.01, 0.9, 0.999, 1e-12, 0.1, centre).step(uniform, uniform.zerosLike());
        int skipIndex = uniform.values(0, Decision.SKIP).indexOf(0);
        assertEquals(-0.01, uniform.logits(0, Decision.SKIP)[skipIndex], 1e-9);
        assertEquals(0.0, uniform.logits(0, Decision.EXPAND)[0]);
    }
}
