package ai.mpnas.plugin.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recorder against plain-Java means and variances of the BatchNorm inputs, and what writing
 * them changes. The whole-supernet case is in {@code supernet.RecalibrationTest}.
 */
class BatchNormRecorderTest {

    /** Pooled mean and variance (divided by the count) per channel of NCHW batches. */
    private static double[][] javaMoments(List<float[]> batches, int channels, int perChannel) {
        double[] sum = new double[channels];
        long[] count = new long[channels];
        for (float[] b : batches) {
            for (int i = 0; i < b.length; i++) {
                int c = (i / perChannel) % channels;
                sum[c] += b[i];
                count[c]++;
            }
        }
        double[] mean = new double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = sum[c] / count[c];
        }
        double[] variance = new double[channels];
        for (float[] b : batches) {
            for (int i = 0; i < b.length; i++) {
                int c = (i / perChannel) % channels;
                variance[c] += (b[i] - mean[c]) * (b[i] - mean[c]);
            }
        }
        for (int c = 0; c < channels; c++) {
            variance[c] /= count[c];
        }
        return new double[][] {mean, variance};
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])),
                    what + " channel " + i);
        }
    }

    private static Map<String, float[]> values(Block block) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    /**
     * Both BatchNorm calls normalise with the batch's own statistics, as a training-mode pass
     * does, and the recorder pools them over batches of unequal sizes and means.
     */
    @Test
    void normalisesLikeTrainingAndPoolsEveryBatchExactly() {
        Engine.getInstance().setRandomSeed(11);
        try (NDManager manager = NDManager.newBaseManager()) {
            BatchNorm plain = randomNorm(manager);
            BatchNorm scaled = randomNorm(manager);
            BatchNormRecorder recorder = new BatchNormRecorder(manager);
            NDArray two = manager.create(new float[] {2});
            int[] sizes = {5, 2, 9};
            List<float[]> seen = new ArrayList<>();
            for (int i = 0; i < sizes.length; i++) {
                NDArray x = manager.randomNormal(new Shape(sizes[i], 3, 4, 2))
                        .mul(1 + i).add(10 * i - 2);
                seen.add(x.toFloatArray());
                NDArray training;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    training = plain.forward(new ParameterStore(manager, false), new NDList(x),
                            true).singletonOrThrow();
                }
                assertClose(training, Norms.normalize(recorder, plain, x, false));
                assertClose(training.mul(two), Norms.scaledBatchNorm(recorder, scaled, x, false,
                        two));
            }
            double[][] expected = javaMoments(seen, 3, 4 * 2);
            for (BatchNorm norm : List.of(plain, scaled)) {
                assertClose(expected[0], recorder.mean(norm), "mean");
                assertClose(expected[1], recorder.variance(norm), "variance");
            }
            assertEquals(List.of(plain, scaled), List.copyOf(recorder.recordedNorms()));
            // batch means near -2, 8 and 18: their plain average (8) is not the pooled mean (10.5)
            assertTrue(Math.abs(expected[0][0] - 8) > 1, "pooled mean " + expected[0][0]);
        }
    }

    /** A BatchNorm of 3 channels, the same random scale, shift and statistics at every call. */
    private static BatchNorm randomNorm(NDManager manager) {
        BatchNorm norm = Norms.batchNorm();
        Norms.initialize(norm, manager, DataType.FLOAT32, 3);
        Engine.getInstance().setRandomSeed(1);
        for (Parameter p : norm.getParameters().values()) {
            p.getArray().set(manager.randomUniform(0.5f, 1.5f, p.getArray().getShape())
                    .toFloatArray());
        }
        return norm;
    }

    private static void assertClose(NDArray expected, NDArray actual) {
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-4f * Math.max(1f, Math.abs(e[i])), "output " + i);
        }
    }

    /**
     * A convolution, BatchNorm and ReLU6 layer: the BatchNorm's input is the convolution's output,
     * computed separately and reduced in Java; the recording passes change nothing, and writing
     * sets exactly the running statistics.
     */
    @Test
    void recordsTheConvolutionOutputAndWritesOnlyRunningStatistics() {
        Engine.getInstance().setRandomSeed(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            QuantConvBnRelu6 layer = new QuantConvBnRelu6(
                    QuantConv2d.builder().setInChannels(2).setOutChannels(4).setKernel(3)
                            .optStride(2).optWeightBits(4).build(), 8);
            Shape input = new Shape(6, 2, 7, 7);
            layer.initialize(manager, DataType.FLOAT32, input);
            Map<String, float[]> initial = values(layer);
            BatchNormRecorder recorder = new BatchNormRecorder(manager);
            List<float[]> convOutputs = new ArrayList<>();
            Shape convShape = null;
            for (int i = 0; i < 2; i++) {
                NDArray x = manager.randomUniform(-1, 2, input);
                NDArray conv = layer.getConv()
                        .forward(new ParameterStore(manager, false), new NDList(x), false)
                        .singletonOrThrow();
                convShape = conv.getShape();
                convOutputs.add(conv.toFloatArray());
                layer.forward(recorder, new NDList(x), false);
            }
            Map<String, float[]> recorded = values(layer);
            for (String key : initial.keySet()) {
                assertArrayEquals(initial.get(key), recorded.get(key), "recording changed " + key);
            }
            recorder.writeRunningStatistics();
            double[][] expected =
                    javaMoments(convOutputs, 4, (int) (convShape.get(2) * convShape.get(3)));
            BatchNorm norm = layer.getNorm();
            assertClose(expected[0], toDouble(norm, "runningMean"), "running mean");
            assertClose(expected[1], toDouble(norm, "runningVar"), "running variance");
            Map<String, float[]> written = values(layer);
            for (Pair<String, Parameter> p : layer.getParameters()) {
                boolean running = FrozenStatisticsStore.isRunningStatistic(p.getValue());
                if (running) {
                    assertNotEquals(initial.get(p.getKey())[0], written.get(p.getKey())[0]);
                } else {
                    assertArrayEquals(initial.get(p.getKey()), written.get(p.getKey()), p.getKey());
                }
            }
        }
    }

    private static double[] toDouble(BatchNorm norm, String name) {
        float[] f = norm.getParameters().get(name).getArray().toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void refusesTheStatisticsOfABatchNormThatDidNotRun() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BatchNorm norm = Norms.batchNorm();
            Norms.initialize(norm, manager, DataType.FLOAT32, 3);
            BatchNormRecorder recorder = new BatchNormRecorder(manager);
            assertThrows(IllegalArgumentException.class, () -> recorder.variance(norm));
        }
    }
}
