package ai.mpnas.plugin.nn;

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

class NormsTest {

    private static final Shape INPUT = new Shape(8, 6, 5, 5);

    /** A BatchNorm with random scale, shift and running statistics. */
    private static BatchNorm randomNorm(NDManager manager) {
        BatchNorm norm = Norms.batchNorm();
        Norms.initialize(norm, manager, DataType.FLOAT32, INPUT.get(1));
        for (Parameter p : norm.getParameters().values()) {
            p.getArray().set(manager.randomUniform(0.5f, 1.5f, p.getArray().getShape()).toFloatArray());
        }
        return norm;
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 2e-6f * Math.max(1f, Math.abs(e[i])), what + " at " + i);
        }
    }

    @Test
    void scaledBatchNormEqualsScalingTheOutputWithItsGradients() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            BatchNorm scaled = randomNorm(manager);
            BatchNorm plain = Norms.batchNorm();
            Norms.initialize(plain, manager, DataType.FLOAT32, INPUT.get(1));
            Norms.copyParameters(scaled, plain);
            NDArray x = manager.randomNormal(INPUT).mul(2).add(0.3f);
            NDArray upstream = manager.randomNormal(INPUT);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray scale = manager.create(new float[] {1.7f});
            assertClose(
                    plain.forward(ps, new NDList(x), false).singletonOrThrow().mul(scale),
                    Norms.scaledBatchNorm(ps, scaled, x, false, scale),
                    "inference output");
            // training: batch statistics, inside a gradient collector as MXNet requires
            NDArray[] s = {scale.duplicate(), scale.duplicate()};
            NDArray[] inputs = {x.duplicate(), x.duplicate()};
            NDArray[] outputs = new NDArray[2];
            for (int i = 0; i < 2; i++) {
                s[i].setRequiresGradient(true);
                inputs[i].setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    outputs[i] =
                            i == 0
                                    ? Norms.scaledBatchNorm(ps, scaled, inputs[i], true, s[i])
                                    : plain.forward(ps, new NDList(inputs[i]), true)
                                            .singletonOrThrow()
                                            .mul(s[i]);
                    gc.backward(outputs[i].mul(upstream).sum());
                }
            }
            assertClose(outputs[1], outputs[0], "training output");
            assertClose(s[1].getGradient(), s[0].getGradient(), "d/dscale");
            assertClose(inputs[1].getGradient(), inputs[0].getGradient(), "d/dx");
            // both updated their running statistics in the training pass, the same way
            for (String name : new String[] {"runningMean", "runningVar"}) {
                assertClose(
                        plain.getParameters().get(name).getArray(),
                        scaled.getParameters().get(name).getArray(),
                        name);
            }
        }
    }
}
