package ai.mpnas.plugin.supernet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.mpnas.plugin.Training;
import ai.mpnas.plugin.nn.BatchNormRecorder;
import ai.mpnas.plugin.nn.FrozenStatisticsStore;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** BatchNorm recalibration of one supernet path with a {@link BatchNormRecorder}. */
class SuperNetRecalibrationTest {

    private static final SearchSpace SPACE = SearchSpace.preset("fashion-mnist");
    // a skip, m = 1 (no expand BatchNorm) and m > 1
    private static final Architecture PATH =
            Architecture.fromCode(SPACE, "e1k7w2a6-e3k5w4a2-skip-e6k7w8a4-e1k3w6a8-e6k5w2a2");

    private static Shape input(int batch) {
        return new Shape(batch, SPACE.input().channels(), SPACE.input().height(),
                SPACE.input().width());
    }

    private static Map<String, float[]> values(Block block) {
        Map<String, float[]> out = new HashMap<>();
        for (Parameter p : block.getParameters().values()) {
            out.put(p.getId(), p.getArray().toFloatArray());
        }
        return out;
    }

    /**
     * The recorded BatchNorms are exactly the path's (stem, head, and per block that runs one
     * after each convolution), writing changes their running statistics and nothing else: no
     * weight, gamma or beta, and no BatchNorm of another path.
     */
    @ParameterizedTest
    @EnumSource(WeightSharing.class)
    void changesThePathsRunningStatisticsAndNoWeight(WeightSharing sharing) {
        SuperNet net = SuperNet.builder().setSearchSpace(SPACE).optSharing(sharing).build();
        Engine.getInstance().setRandomSeed(2);
        try (Training.Session session = Training.session(net, sgd(), input(8))) {
            Trainer trainer = session.trainer();
            NDManager manager = trainer.getManager();
            net.setArchitecture(PATH);
            Map<String, float[]> before = values(net);
            BatchNormRecorder recorder = new BatchNormRecorder(manager);
            for (int i = 0; i < 2; i++) {
                net.forward(recorder, new NDList(manager.randomUniform(0, 1, input(8))), false);
            }
            int expected = 2;
            for (BlockChoice c : PATH.blocks()) {
                expected += c.skip() ? 0 : c.m() > 1 ? 3 : 2;
            }
            assertEquals(expected, recorder.recordedNorms().size());
            Set<String> running = new HashSet<>();
            for (Block norm : recorder.recordedNorms()) {
                for (Parameter p : norm.getParameters().values()) {
                    assertTrue(net.activeRegions().containsKey(p.getId()), "off the path: " + p);
                    if (FrozenStatisticsStore.isRunningStatistic(p)) {
                        running.add(p.getId());
                    }
                }
            }
            recorder.writeRunningStatistics();
            Map<String, float[]> after = values(net);
            for (Parameter p : net.getParameters().values()) {
                float[] was = before.get(p.getId());
                float[] is = after.get(p.getId());
                if (running.contains(p.getId())) {
                    assertFalse(Arrays.equals(was, is), "not recalibrated: " + p);
                } else {
                    assertArrayEquals(was, is, "changed: " + p.getName());
                }
            }
        }
    }

    /**
     * A pass through the recorder computes the training-mode forward (batch statistics), and
     * recalibrated on one batch, the path's inference forward on that batch computes it too:
     * every BatchNorm's running statistics are then that batch's statistics at its own input.
     */
    @ParameterizedTest
    @EnumSource(WeightSharing.class)
    void recalibratedOnABatchInferenceEqualsTrainingOnIt(WeightSharing sharing) {
        // float: a quantizer could turn a rounding difference into a whole level
        SuperNet net = SuperNet.builder().setSearchSpace(SPACE).optSharing(sharing)
                .optQuantized(false).build();
        Engine.getInstance().setRandomSeed(4);
        try (Training.Session session = Training.session(net, sgd(), input(16))) {
            Trainer trainer = session.trainer();
            NDManager manager = trainer.getManager();
            NDArray x = manager.randomUniform(0, 1, input(16));
            NDArray y = manager.randomInteger(0, 10, new Shape(16), DataType.INT32)
                    .toType(DataType.FLOAT32, false);
            net.setArchitecture(PATH);
            // a few steps, so that gamma, beta and the weights are not their initial values
            for (int i = 0; i < 3; i++) {
                Training.step(trainer, x, y);
            }
            float[] training;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                training = net.forward(new ParameterStore(manager, false), new NDList(x), true)
                        .singletonOrThrow().toFloatArray();
            }
            float[] stale = net.forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow().toFloatArray();
            BatchNormRecorder recorder = new BatchNormRecorder(manager);
            float[] recording = net.forward(recorder, new NDList(x), false).singletonOrThrow()
                    .toFloatArray();
            recorder.writeRunningStatistics();
            float[] inference =
                    net.forward(new ParameterStore(manager, false), new NDList(x), false)
                            .singletonOrThrow().toFloatArray();
            double largest = 0;
            for (int i = 0; i < training.length; i++) {
                double tolerance = 1e-3 * Math.max(1, Math.abs(training[i]));
                assertEquals(training[i], recording[i], tolerance, "recording logit " + i);
                assertEquals(training[i], inference[i], tolerance, "inference logit " + i);
                largest = Math.max(largest, Math.abs(stale[i] - training[i]));
            }
            assertTrue(largest > 0.1, "the running statistics before mattered: " + largest);
        }
    }

    private static Optimizer sgd() {
        return Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).build();
    }
}
