package ai.mpnas.plugin.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Measures each engine behaviour {@link EngineQuirks} answers for, on the engine the tests run
 * on (the build runs them on MXNet and again on PyTorch), so that a wrong answer, or an engine
 * release that changes the behaviour, fails here rather than as a subtly wrong training.
 */
class EngineQuirksTest {

    @Test
    void gradientsAccumulateAcrossBackwardPassesExactlyWhenTheQuirkSaysSo() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {1f, -2f, 3f});
            w.setRequiresGradient(true);
            // two separate passes, as the search's theta step and the next weight step are
            for (int pass = 0; pass < 2; pass++) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(w.mul(2f).sum());
                }
            }
            float[] gradient = w.getGradient().toFloatArray();
            float expected = EngineQuirks.backwardAccumulatesGradients(manager) ? 4f : 2f;
            assertArrayEquals(new float[] {expected, expected, expected}, gradient, 0f,
                    "d(sum 2w)/dw after two backward passes on " + engineName(manager));
        }
    }

    @Test
    void aBackwardPassReadsJavaMemoryAfterTheOpExactlyWhenJavaScalarsAreNotTrusted() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1f, 2f});
            x.setRequiresGradient(true);
            // an operand backed by a direct buffer this test still holds, as DJL's PyTorch engine
            // backs x.mul(3f)'s hidden scalar (which it closes, and the collector later frees)
            ByteBuffer memory = ByteBuffer.allocateDirect(Float.BYTES).order(ByteOrder.nativeOrder());
            memory.putFloat(0, 3f);
            float[] gradient;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y;
                try (NDArray three = manager.create(memory, new Shape(1), DataType.FLOAT32)) {
                    y = x.mul(three).sum();
                }
                memory.putFloat(0, Float.NaN); // what reuse of freed memory looks like
                collector.backward(y);
                gradient = x.getGradient().toFloatArray();
            }
            boolean readAfterTheOp = Float.isNaN(gradient[0]);
            assertEquals(!EngineQuirks.javaScalarsSurviveBackward(manager), readAfterTheOp,
                    "gradient " + Arrays.toString(gradient) + " on " + engineName(manager));
            if (!readAfterTheOp) {
                assertArrayEquals(new float[] {3f, 3f}, gradient, 0f);
            }
        }
    }

    @Test
    void theNativeImageNormaliseIsRightOnOneAndThreeChannelsExactlyWhereItIsTrusted() {
        try (NDManager manager = NDManager.newBaseManager()) {
            boolean trusted = EngineQuirks.nativeImageNormalize(manager);
            for (int channels : new int[] {1, 3}) {
                float[] mean = new float[channels];
                float[] std = new float[channels];
                float[] pixels = new float[channels * 4];
                float[] expected = new float[pixels.length];
                for (int c = 0; c < channels; c++) {
                    mean[c] = 0.1f * (c + 1);
                    std[c] = 0.5f + c;
                }
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = i / 7f;
                    expected[i] = (pixels[i] - mean[i / 4]) / std[i / 4];
                }
                NDArray image = manager.create(pixels, new Shape(channels, 2, 2));
                boolean right = normalizesTo(image, mean, std, expected);
                String where = channels + " channel(s) on " + engineName(manager);
                if (trusted) {
                    assertTrue(right, "the native normalise is trusted but wrong: " + where);
                } else if (channels == 1) {
                    // the reason for the quirk: when this starts to pass, drop the quirk
                    assertFalse(right, "the native normalise now handles " + where);
                }
            }
        }
    }

    /** Whether DJL's normalise runs and gives the expected values (within float rounding). */
    private static boolean normalizesTo(NDArray image, float[] mean, float[] std, float[] expected) {
        float[] actual;
        try {
            actual = NDImageUtils.normalize(image, mean, std).toFloatArray();
        } catch (RuntimeException e) {
            return false;
        }
        if (actual.length != expected.length) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            if (Math.abs(actual[i] - expected[i]) > 1e-6f) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theEngineNamesAreDjlsOwn() {
        try (NDManager manager = NDManager.newBaseManager()) {
            String name = engineName(manager);
            // the build runs these tests on exactly these two engines
            assertTrue(name.equals(EngineQuirks.MXNET) || name.equals(EngineQuirks.PYTORCH),
                    name);
        }
    }

    private static String engineName(NDManager manager) {
        return manager.getEngine().getEngineName();
    }
}
