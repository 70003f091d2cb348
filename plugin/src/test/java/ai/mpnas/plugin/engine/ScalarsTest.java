package ai.mpnas.plugin.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Multiplying and dividing by a number give the right values and gradients even when the garbage
 * collector runs, and Java memory is reused, between the forward and the backward pass.
 */
class ScalarsTest {

    @Test
    void mulAndDivByANumberKeepTheirGradientsThroughCollections() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1f, -2f, 4f});
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = Scalars.mul(x, 3f).add(Scalars.div(x, 4f));
                assertArrayEquals(new float[] {3.25f, -6.5f, 13f}, y.toFloatArray(), 1e-6f);
                churnJavaMemory();
                collector.backward(y.sum());
            }
            assertArrayEquals(new float[] {3.25f, 3.25f, 3.25f}, x.getGradient().toFloatArray(),
                    1e-6f);
        }
    }

    /** Collections that free unreachable direct buffers, then allocations that reuse them. */
    private static void churnJavaMemory() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            List<ByteBuffer> filler = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(Float.BYTES);
                b.putFloat(0, Float.NaN);
                filler.add(b);
            }
        }
    }
}
