package ai.mpnas.plugin.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

class FakeQuantTest {

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void activationGridTwoBits() {
        // 2 bits: levels 0..3, scale 6/3 = 2; x/2 rounded half to even, then times 2
        float[] x = {-1f, 0.9f, 1.0f, 1.1f, 2.9f, 3.0f, 3.1f, 5.0f, 6.5f, 7f};
        float[] expected = {0f, 0f, 0f, 2f, 2f, 4f, 4f, 4f, 6f, 6f};
        NDArray out = FakeQuant.activation(manager.create(x), 2);
        assertArrayEquals(expected, out.toFloatArray());
    }

    @Test
    void activationGridEightBitsMatchesOnnxQuantizeLinear() {
        // independent reference: ONNX QuantizeLinear(x / scale, round half to even, saturate to
        // uint8), Clip to [0, 2^b - 1], DequantizeLinear (q * scale), computed in float32 in Java
        Random random = new Random(3);
        float[] x = new float[4096];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat() * 8f - 1f;
        }
        for (int bits : new int[] {2, 4, 6, 8}) {
            float scale = 6f / ((1 << bits) - 1);
            // ties of the grid itself, which a round-half-away quantizer gets wrong
            x[0] = 0.5f * scale;
            x[1] = 2.5f * scale;
            float[] expected = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                float q = (float) Math.rint(x[i] / scale);
                q = Math.max(0f, Math.min(255f, q));
                q = Math.min(q, (1 << bits) - 1);
                expected[i] = q * scale;
            }
            float[] actual = FakeQuant.activation(manager.create(x), bits).toFloatArray();
            assertArrayEquals(expected, actual, 0f, "bits " + bits);
        }
    }

    @Test
    void activationGradientIsOneInsideRangeZeroOutside() {
        float[] x = {-2f, -0.1f, 0.3f, 1.7f, 3.0f, 5.9f, 6.1f, 9f};
        float[] expected = {0f, 0f, 1f, 1f, 1f, 1f, 0f, 0f};
        NDArray input = manager.create(x);
        input.setRequiresGradient(true);
        try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
            gc.backward(FakeQuant.activation(input, 4).sum());
        }
        assertArrayEquals(expected, input.getGradient().toFloatArray());
    }

    @Test
    void relu6IsExactClipInOneDnnLayoutKeepsNanAndHasGradientOnTheClosedRange() {
        // a convolution output, so MXNet hands ReLU6 an array in oneDNN's blocked layout
        NDArray input = manager.randomNormal(0f, 4f, new Shape(2, 16, 6, 6), DataType.FLOAT32);
        NDArray kernel = manager.randomNormal(0f, 1f, new Shape(32, 16, 1, 1), DataType.FLOAT32);
        NDArray conv =
                Conv2d.conv2d(
                                input,
                                kernel,
                                null,
                                new Shape(1, 1),
                                new Shape(0, 0),
                                new Shape(1, 1),
                                1)
                        .singletonOrThrow();
        float[] x = conv.toFloatArray();
        float[] actual = FakeQuant.relu6(conv).toFloatArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.min(Math.max(x[i], 0f), 6f), actual[i], 0f, "element " + i);
        }

        float[] edges = {-1e30f, -0f, 0f, 1e-30f, 5.9999995f, 6f, 6.0000005f, 1e30f, Float.NaN};
        NDArray e = manager.create(edges);
        e.setRequiresGradient(true);
        try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
            gc.backward(FakeQuant.relu6(e).sum());
        }
        assertArrayEquals(
                new float[] {0f, 0f, 0f, 1e-30f, 5.9999995f, 6f, 6f, 6f, Float.NaN},
                FakeQuant.relu6(e).toFloatArray(),
                0f);
        assertArrayEquals(
                new float[] {0f, 1f, 1f, 1f, 1f, 1f, 0f, 0f, 0f}, e.getGradient().toFloatArray());
    }

    @Test
    void weightGridPerChannelThreeBits() {
        // 3 bits: levels -3..3. Row 0: scale 1.5/3 = 0.5, w/s = 3, -1.5, 0.5, 0.25 -> 3, -2, 0, 0.
        // Row 1: scale 0.75/3 = 0.25, w/s = 3, -1.5, 0, 2.25 -> 3, -2, 0, 2.
        NDArray w =
                manager.create(
                        new float[] {1.5f, -0.75f, 0.25f, 0.125f, 0.75f, -0.375f, 0f, 0.5625f},
                        new Shape(2, 4));
        float[] expected = {1.5f, -1.0f, 0f, 0f, 0.75f, -0.5f, 0f, 0.5f};
        assertArrayEquals(expected, FakeQuant.weight(w, 3).toFloatArray(), 0f);
        assertArrayEquals(
                new float[] {3, -2, 0, 0, 3, -2, 0, 2},
                FakeQuant.weightIntegers(w, 3).toFloatArray(),
                0f);
        assertArrayEquals(new float[] {0.5f, 0.25f}, FakeQuant.weightScales(w, 3).toFloatArray());
    }

    @Test
    void convWeightMatchesIndependentReference() {
        Random random = new Random(5);
        int out = 6;
        int per = 3 * 3 * 3;
        float[] w = new float[out * per];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian() * (1 + i / per);
        }
        NDArray weight = manager.create(w, new Shape(out, 3, 3, 3));
        for (int bits : new int[] {2, 4, 6, 8}) {
            int levels = (1 << (bits - 1)) - 1;
            float[] expected = new float[w.length];
            for (int c = 0; c < out; c++) {
                float max = 0f;
                for (int j = 0; j < per; j++) {
                    max = Math.max(max, Math.abs(w[c * per + j]));
                }
                float scale = max / levels;
                for (int j = 0; j < per; j++) {
                    float q = (float) Math.rint(w[c * per + j] / scale);
                    assertTrue(Math.abs(q) <= levels);
                    expected[c * per + j] = q * scale;
                }
            }
            // delta 0: equal values, either sign of zero (the integer grid has one zero)
            assertArrayEquals(
                    expected, FakeQuant.weight(weight, bits).toFloatArray(), 0f, "bits " + bits);
        }
    }

    @Test
    void weightGradientIsIdentity() {
        NDArray w = manager.randomNormal(new Shape(4, 3, 3, 3));
        w.setRequiresGradient(true);
        NDArray upstream = manager.randomNormal(new Shape(4, 3, 3, 3));
        try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
            gc.backward(FakeQuant.weight(w, 2).mul(upstream).sum());
        }
        assertArrayEquals(upstream.toFloatArray(), w.getGradient().toFloatArray());
    }

    @Test
    void floatBitsLeaveValuesUnquantized() {
        NDArray x = manager.create(new float[] {-1f, 0.123f, 5.5f, 7f});
        assertArrayEquals(
                new float[] {0f, 0.123f, 5.5f, 6f},
                FakeQuant.activation(x, FakeQuant.FLOAT_BITS).toFloatArray());
        assertEquals(x, FakeQuant.weight(x, FakeQuant.FLOAT_BITS));
    }
}
