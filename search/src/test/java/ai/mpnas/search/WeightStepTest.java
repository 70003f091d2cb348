package ai.mpnas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.policy.ArchitecturePolicy;
import ai.mpnas.search.policy.SearchConstraint;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WeightStepTest {

    private static final SearchSpace SPACE = SearchSpace.preset("fashion-mnist");

    /**
     * The distillation loss of a tiny dense layer (x W, 3 inputs, 4 classes) against a fixed
     * teacher: DJL's autograd gradient with respect to W equals central differences of the loss.
     */
    @Test
    void distillationLossHasTheGradientOfItsValue() {
        try (NDManager m = NDManager.newBaseManager()) {
            Random rng = new Random(3);
            NDArray x = m.create(gaussian(rng, 5 * 3), new Shape(5, 3)).toType(DataType.FLOAT64, false);
            double[] w0 = gaussian(rng, 3 * 4);
            NDArray teacher = m.create(gaussian(rng, 5 * 4), new Shape(5, 4))
                    .toType(DataType.FLOAT64, false).logSoftmax(1);
            NDArray w = m.create(w0, new Shape(3, 4));
            w.setRequiresGradient(true);
            double[] grad;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray loss = WeightStep.distillationLoss(x.matMul(w), teacher);
                c.backward(loss);
                grad = w.getGradient().toDoubleArray();
            }
            double h = 1e-5;
            double largest = 0;
            for (int i = 0; i < w0.length; i++) {
                double[] plus = w0.clone();
                double[] minus = w0.clone();
                plus[i] += h;
                minus[i] -= h;
                double numeric = (loss(m, x, plus, teacher) - loss(m, x, minus, teacher)) / (2 * h);
                assertEquals(numeric, grad[i], 1e-6 + 1e-4 * Math.abs(numeric), "w[" + i + "]");
                largest = Math.max(largest, Math.abs(numeric));
            }
            assertTrue(largest > 1e-3, "a test whose gradient is zero checks nothing");
            // a student equal to its teacher has loss 0 (KL, not the teacher's entropy)
            assertEquals(0, WeightStep.distillationLoss(teacher, teacher).getDouble(), 1e-12);
        }
    }

    private static double loss(NDManager m, NDArray x, double[] w, NDArray teacher) {
        return WeightStep.distillationLoss(x.matMul(m.create(w, new Shape(3, 4))), teacher)
                .getDouble();
    }

    private static double[] gaussian(Random rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    @Test
    void smallestPathSkipsWhereItMayAndElseTakesTheLeastOfEverything() {
        Architecture a = WeightStep.smallest(ArchitecturePolicy.uniform(SPACE));
        for (int b = 0; b < SPACE.blocks().size(); b++) {
            BlockChoice c = a.blocks().get(b);
            if (SPACE.canSkip(b)) {
                assertTrue(c.skip(), "block " + b);
            } else {
                assertEquals(BlockChoice.of(1, 3, 2, 2), c, "block " + b);
            }
        }
    }

    @Test
    void smallestAndLargestPathsStayInsideAConstrainedSpace() {
        for (SearchConstraint constraint :
                new SearchConstraint[] {
                    SearchConstraint.fixArchitecture("reference"), SearchConstraint.fixBits(4)
                }) {
            ArchitecturePolicy policy = ArchitecturePolicy.uniform(SPACE, constraint);
            Architecture smallest = WeightStep.smallest(policy);
            Architecture largest = WeightStep.largest(policy, new Random(1));
            for (int b = 0; b < SPACE.blocks().size(); b++) {
                assertTrue(constraint.allows(SPACE, b, smallest.blocks().get(b)),
                        constraint.describe() + " block " + b + " " + smallest.blocks().get(b));
                assertTrue(constraint.allows(SPACE, b, largest.blocks().get(b)),
                        constraint.describe() + " block " + b);
            }
            if (constraint.bits() == 4) {
                // arch-only: still skips and shrinks, at the fixed bits
                assertTrue(smallest.blocks().stream().anyMatch(BlockChoice::skip));
                smallest.blocks().stream().filter(c -> !c.skip())
                        .forEach(c -> assertEquals(4, c.wbits()));
            } else {
                // bits-only: the reference's operators at the lowest bits
                Architecture reference = SPACE.reference(2);
                assertEquals(reference, smallest);
                assertNotEquals(smallest, largest);
            }
        }
    }
}
