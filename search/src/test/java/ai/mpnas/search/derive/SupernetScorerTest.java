package ai.mpnas.search.derive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.mpnas.plugin.nn.FrozenStatisticsStore;
import ai.mpnas.plugin.nn.QuantConvBnRelu6;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.plugin.supernet.SuperNet;
import ai.mpnas.search.FixtureData;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scoring with BatchNorm recalibration on the supernet (run on MXNet and PyTorch): repeatable for
 * a seed, leaves every parameter as it was, and the recalibrated statistics are those of the
 * training images.
 */
class SupernetScorerTest {

    private static final SearchSpace SPACE = SearchSpace.preset("fashion-mnist");
    private static final Architecture CANDIDATE =
            Architecture.fromCode(SPACE, "e3k5w4a4-e6k3w8a6-skip-e1k7w2a8-e3k3w6a6-e6k5w4a8");
    private static final Architecture OTHER =
            Architecture.fromCode(SPACE, "e6k7w8a8-e6k7w8a8-e6k7w8a8-e6k7w8a8-e6k7w8a8-e6k7w8a8");
    private static FixtureData data;

    @BeforeAll
    static void load() throws Exception {
        data = FixtureData.load(480, 160);
    }

    /** Runs a test on a freshly initialised supernet and its trainer. */
    private static void withSupernet(Consumer<Session> test) {
        SuperNet net = SuperNet.builder().setSearchSpace(SPACE).build();
        try (Model model = Model.newInstance("scoring")) {
            model.setBlock(net);
            try (Trainer trainer = model.newTrainer(
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                model.getNDManager().getEngine().setRandomSeed(7);
                net.setArchitecture(SPACE.reference(8));
                trainer.initialize(new Shape(32).addAll(data.train.inputShape()));
                test.accept(new Session(net, trainer));
            }
        }
    }

    private record Session(SuperNet net, Trainer trainer) {

        SupernetScorer scorer(int recalibrationImages, long seed) {
            return new SupernetScorer(net, trainer, data.train, data.validation,
                    DerivationSettings.builder().optValidationImages(0)
                            .optRecalibrationImages(recalibrationImages).build(), seed);
        }
    }

    private static Map<String, float[]> values(Block block) {
        Map<String, float[]> out = new HashMap<>();
        for (Parameter p : block.getParameters().values()) {
            out.put(p.getId(), p.getArray().toFloatArray());
        }
        return out;
    }

    private static void assertSameValues(Map<String, float[]> expected, Block block) {
        Map<String, float[]> actual = values(block);
        for (Parameter p : block.getParameters().values()) {
            assertArrayEquals(expected.get(p.getId()), actual.get(p.getId()), p.getName());
        }
    }

    @Test
    void recalibratedScoreIsRepeatableForASeedAndChangesNoParameter() {
        withSupernet(s -> {
            SupernetScorer scorer = s.scorer(300, 1);
            Map<String, float[]> before = values(s.net());
            CandidateScorer.Evaluation first = scorer.evaluate(CANDIDATE);
            assertSameValues(before, s.net());
            assertTrue(Double.isFinite(first.score()) && first.score() > 0, first.toString());
            scorer.evaluate(OTHER);
            assertEquals(first, scorer.evaluate(CANDIDATE));
            assertEquals(first, s.scorer(300, 1).evaluate(CANDIDATE));
            // the seed draws the recalibration images (and the scoring ones, all of them here)
            assertNotEquals(first.score(), s.scorer(300, 2).evaluate(CANDIDATE).score());
            assertNotEquals(first.score(), s.scorer(0, 1).evaluate(CANDIDATE).score());
            assertSameValues(before, s.net());
            time(s.scorer(2000, 1), "recalibrated on " + data.train.size());
            time(s.scorer(0, 1), "batch statistics");
        });
    }

    /**
     * Recalibrated on every training image, the stem's BatchNorm holds the mean and variance of
     * the stem convolution's output over all of them (computed here in plain Java), whatever the
     * batches; no weight changes, and closing restores the running statistics.
     */
    @Test
    void recalibrationWritesTheTrainingImagesStatisticsUntilClosed() {
        withSupernet(s -> {
            QuantConvBnRelu6 stem = s.net().getStem();
            double[][] expected = convolutionMoments(s.trainer(), stem);
            Map<String, float[]> before = values(s.net());
            s.net().setArchitecture(CANDIDATE);
            BatchNormRecalibration recalibration = new BatchNormRecalibration(
                    s.net(), s.trainer(), data.train, data.train.size() + 100, 4);
            assertEquals(data.train.size(), recalibration.images());
            try (BatchNormRecalibration.Recalibrated path = recalibration.recalibrate()) {
                float[] mean = stem.getNorm().getParameters().get("runningMean").getArray()
                        .toFloatArray();
                float[] var = stem.getNorm().getParameters().get("runningVar").getArray()
                        .toFloatArray();
                for (int c = 0; c < mean.length; c++) {
                    assertEquals(expected[0][c], mean[c], 1e-4 * Math.max(1, expected[0][c]));
                    assertEquals(expected[1][c], var[c], 1e-4 * Math.max(1, expected[1][c]));
                }
                Map<String, float[]> now = values(s.net());
                int changed = 0;
                for (Parameter p : s.net().getParameters().values()) {
                    boolean same = Arrays.equals(before.get(p.getId()), now.get(p.getId()));
                    boolean running = FrozenStatisticsStore.isRunningStatistic(p);
                    assertTrue(same || running, "recalibration changed " + p.getName());
                    changed += same ? 0 : 1;
                }
                assertTrue(changed > 10, changed + " running statistics changed");
            }
            assertSameValues(before, s.net());
        });
    }

    /** Per channel, the mean and variance of the stem convolution's output on the images. */
    private static double[][] convolutionMoments(Trainer trainer, QuantConvBnRelu6 stem) {
        int n = data.train.size();
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        float[] out;
        long[] shape;
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDList batch = data.train.batch(sub, all, 0, n);
            var conv = stem.getConv().forward(new ParameterStore(sub, false),
                    new NDList(batch.get(0)), false).singletonOrThrow();
            out = conv.toFloatArray();
            shape = conv.getShape().getShape();
        }
        int channels = (int) shape[1];
        int plane = (int) (shape[2] * shape[3]);
        double[] sum = new double[channels];
        for (int i = 0; i < out.length; i++) {
            sum[(i / plane) % channels] += out[i];
        }
        double count = (double) n * plane;
        double[] mean = new double[channels];
        Arrays.setAll(mean, c -> sum[c] / count);
        double[] var = new double[channels];
        for (int i = 0; i < out.length; i++) {
            int c = (i / plane) % channels;
            var[c] += (out[i] - mean[c]) * (out[i] - mean[c]) / count;
        }
        assertFalse(Arrays.stream(var).anyMatch(v -> v < 1e-6), "a constant channel tests little");
        return new double[][] {mean, var};
    }

    /** Prints the cost of scoring one candidate. */
    private static void time(SupernetScorer scorer, String what) {
        scorer.evaluate(CANDIDATE);
        int n = 3;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            scorer.evaluate(i % 2 == 0 ? OTHER : CANDIDATE);
        }
        System.out.printf("TIMING one candidate on %d validation images, %s: %.3f s%n",
                data.validation.size(), what, (System.nanoTime() - start) / 1e9 / n);
    }
}
