package ai.mpnas.plugin.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

class FrozenStatisticsStoreTest {

    /**
     * A training-mode forward of a BatchNorm through the store computes what one through a plain
     * store does and leaves the running statistics (PyTorch's plain forward moves them).
     */
    @Test
    void aTrainingForwardComputesTheSameAndLeavesTheRunningStatistics() {
        Engine.getInstance().setRandomSeed(9);
        try (NDManager manager = NDManager.newBaseManager()) {
            BatchNorm frozen = Norms.batchNorm();
            BatchNorm plain = Norms.batchNorm();
            Norms.initialize(frozen, manager, DataType.FLOAT32, 4);
            Norms.initialize(plain, manager, DataType.FLOAT32, 4);
            NDArray x = manager.randomNormal(new Shape(6, 4, 3, 3)).add(2);
            float[] mean = frozen.getParameters().get("runningMean").getArray().toFloatArray();
            float[] var = frozen.getParameters().get("runningVar").getArray().toFloatArray();
            float[] viaFrozen;
            float[] viaPlain;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                viaFrozen = Norms.normalize(new FrozenStatisticsStore(manager), frozen, x, true)
                        .toFloatArray();
                viaPlain = Norms.normalize(new ParameterStore(manager, false), plain, x, true)
                        .toFloatArray();
            }
            assertArrayEquals(viaPlain, viaFrozen, 1e-6f);
            assertArrayEquals(mean,
                    frozen.getParameters().get("runningMean").getArray().toFloatArray());
            assertArrayEquals(var,
                    frozen.getParameters().get("runningVar").getArray().toFloatArray());
        }
    }

    /**
     * What an engine's in-place update reaches: a copy for each running statistic, the parameter
     * itself for everything else.
     */
    @Test
    void handsOutCopiesOfRunningStatisticsOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BatchNorm norm = Norms.batchNorm();
            Norms.initialize(norm, manager, DataType.FLOAT32, 3);
            FrozenStatisticsStore store = new FrozenStatisticsStore(manager);
            for (Parameter p : norm.getParameters().values()) {
                NDArray value = store.getValue(p, manager.getDevice(), true);
                assertArrayEquals(p.getArray().toFloatArray(), value.toFloatArray());
                float[] before = p.getArray().toFloatArray();
                value.addi(1);
                boolean running = FrozenStatisticsStore.isRunningStatistic(p);
                assertEquals(running, Arrays.equals(before, p.getArray().toFloatArray()),
                        p.getName());
            }
        }
    }
}
