package ai.mpnas.plugin.supernet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.mpnas.plugin.Training;
import ai.mpnas.plugin.nn.FixedNetwork;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.ChoiceSets;
import ai.mpnas.plugin.space.InputShape;
import ai.mpnas.plugin.space.SearchSpace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

class SuperNetTest {

    private static final int BATCH = 8;

    private static Shape inputShape(SearchSpace space) {
        InputShape in = space.input();
        return new Shape(BATCH, in.channels(), in.height(), in.width());
    }

    /** Random labels 0..9 for a batch, as floats (what the loss takes). */
    private static NDArray randomLabels(NDManager manager) {
        return manager.randomInteger(0, 10, new Shape(BATCH), DataType.INT32)
                .toType(DataType.FLOAT32, false);
    }

    private static Optimizer sgd() {
        return Optimizer.sgd()
                .setLearningRateTracker(Tracker.fixed(0.05f))
                .optMomentum(0.9f)
                .optWeightDecays(0.01f)
                .build();
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-5f * Math.max(1f, Math.abs(e[i])), what + " at " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(WeightSharing.class)
    void fixedSampleEqualsFixedNetworkWithTheSameWeights(WeightSharing sharing) {
        SearchSpace space = SearchSpace.preset("fashion-mnist");
        // skips, all three m, all three k and every bit width; m = 1 and m > 1 on residual blocks
        Architecture architecture =
                Architecture.fromCode(space, "e1k7w2a6-e3k5w4a2-skip-e6k7w8a4-e1k3w6a8-e6k5w2a2");
        SuperNet supernet = SuperNet.builder().setSearchSpace(space).optSharing(sharing).build();
        FixedNetwork fixed = FixedNetwork.builder().setArchitecture(architecture).build();
        try (Training.Session session = Training.session(supernet, sgd(), inputShape(space))) {
            Trainer trainer = session.trainer();
            NDManager manager = trainer.getManager();
            NDArray x = manager.randomUniform(0f, 1f, inputShape(space));
            NDArray y = randomLabels(manager);
            // a few steps on random paths so weights and BatchNorm statistics are not initial
            supernet.setArchitecture(
                    Architecture.fromCode(
                            space, "e6k7w8a8-e6k7w8a8-e6k7w8a8-e6k7w8a8-e6k7w8a8-e6k7w8a8"));
            Training.step(trainer, x, y);
            supernet.setArchitecture(architecture);
            Training.step(trainer, x, y);

            fixed.initialize(manager, DataType.FLOAT32, inputShape(space));
            supernet.copyPathTo(fixed);
            NDArray expected =
                    fixed.forward(new ParameterStore(manager, false), new NDList(x), false)
                            .singletonOrThrow();
            NDArray actual =
                    supernet.forward(new ParameterStore(manager, false), new NDList(x), false)
                            .singletonOrThrow();
            assertClose(expected, actual, sharing + " inference");
            // training mode (batch statistics) runs inside a gradient collector on MXNet
            try (GradientCollector gc = trainer.newGradientCollector()) {
                expected =
                        fixed.forward(new ParameterStore(manager, false), new NDList(x), true)
                                .singletonOrThrow();
                actual = trainer.forward(new NDList(x)).singletonOrThrow();
                assertClose(expected, actual, sharing + " training");
            }
        }
    }

    @Test
    void thetaGetsPathwiseGradients() {
        SearchSpace space = SearchSpace.preset("fashion-mnist");
        SuperNet supernet = SuperNet.builder().setSearchSpace(space).build();
        int blocks = space.numBlocks();
        ChoiceSets choices = space.choices();
        int sOn = choices.s().indexOf(1);
        try (Training.Session session = Training.session(supernet, sgd(), inputShape(space))) {
            Trainer trainer = session.trainer();
            NDManager manager = trainer.getManager();
            NDArray x = manager.randomUniform(0f, 1f, inputShape(space));
            NDArray y = randomLabels(manager);
            // factorised logits over m and over k per block; the block's gate is the product of
            // the straight-through Gumbel-softmax weights of its sampled m and k
            NDArray thetaM = manager.randomNormal(new Shape(blocks, choices.m().size()));
            NDArray thetaK = manager.randomNormal(new Shape(blocks, choices.k().size()));
            thetaM.setRequiresGradient(true);
            thetaK.setRequiresGradient(true);
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray softM = thetaM.softmax(1);
                NDArray softK = thetaK.softmax(1);
                List<BlockSample> samples = new ArrayList<>();
                for (int i = 0; i < blocks; i++) {
                    int m = i % choices.m().size();
                    int k = (i + 1) % choices.k().size();
                    samples.add(
                            BlockSample.fromIndices(
                                    choices,
                                    sOn,
                                    m,
                                    k,
                                    1,
                                    2,
                                    straightThrough(softM.get(i, m)),
                                    straightThrough(softK.get(i, k))));
                }
                supernet.setSample(samples);
                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                gc.backward(trainer.getLoss().evaluate(new NDList(y), new NDList(logits)));
            }
            assertEveryRowHasGradient(thetaM);
            assertEveryRowHasGradient(thetaK);
        }
    }

    @Test
    void gateGradientIsTheLossSlopeAlongTheBranch() {
        SearchSpace space = SearchSpace.preset("fashion-mnist");
        // float: the loss of a quantized network is a step function of the gate
        SuperNet supernet = SuperNet.builder().setSearchSpace(space).optQuantized(false).build();
        Architecture architecture =
                Architecture.fromCode(space, "e3k3w8a8-e6k5w8a8-e3k7w8a8-e6k3w8a8-e3k5w8a8-e1k3w8a8");
        int blocks = space.numBlocks();
        Engine.getInstance().setRandomSeed(7);
        try (Training.Session session = Training.session(supernet, sgd(), inputShape(space))) {
            Trainer trainer = session.trainer();
            NDManager manager = trainer.getManager();
            NDArray x = manager.randomUniform(0f, 1f, inputShape(space));
            NDArray y = randomLabels(manager);
            supernet.setArchitecture(architecture);
            for (int i = 0; i < 3; i++) {
                Training.step(trainer, x, y);
            }
            List<NDArray> gates = new ArrayList<>();
            for (int b = 0; b < blocks; b++) {
                NDArray g = manager.create(new float[] {1f});
                g.setRequiresGradient(true);
                gates.add(g);
            }
            gatedLoss(trainer, supernet, architecture, gates, x, y, true);
            double residualMin = Double.POSITIVE_INFINITY;
            for (int b = 0; b < blocks; b++) {
                float grad = gates.get(b).getGradient().getFloat();
                // central difference of the loss in the gate, batch statistics as in training;
                // a small step, since ReLU6's kinks make the loss bumpy at steps of 1e-3 and more;
                // the loss (float) then resolves slopes to about 1e-3
                double h = 1e-4;
                double up = lossWithGate(trainer, supernet, architecture, b, 1 + h, x, y);
                double down = lossWithGate(trainer, supernet, architecture, b, 1 - h, x, y);
                double slope = (up - down) / (2 * h);
                assertEquals(slope, grad, 0.1 * Math.abs(slope) + 1e-3, "block " + b);
                if (space.blocks().get(b).keepsShape()) {
                    residualMin = Math.min(residualMin, Math.abs(grad));
                }
            }
            assertTrue(residualMin > 1e-3, "residual gate gradients " + residualMin);
            // the last block feeds the head's convolution and BatchNorm, which undo any scale:
            // a gate on a whole output learns nothing from the loss
            float last = gates.get(blocks - 1).getGradient().getFloat();
            assertTrue(Math.abs(last) < 1e-2 * residualMin, last + " vs " + residualMin);
        }
    }

    private static double lossWithGate(
            Trainer trainer,
            SuperNet supernet,
            Architecture architecture,
            int block,
            double value,
            NDArray x,
            NDArray y) {
        NDManager manager = trainer.getManager();
        List<NDArray> gates = new ArrayList<>();
        for (int b = 0; b < architecture.blocks().size(); b++) {
            gates.add(manager.create(new float[] {b == block ? (float) value : 1f}));
        }
        return gatedLoss(trainer, supernet, architecture, gates, x, y, false);
    }

    private static double gatedLoss(
            Trainer trainer,
            SuperNet supernet,
            Architecture architecture,
            List<NDArray> gates,
            NDArray x,
            NDArray y,
            boolean backward) {
        List<BlockSample> samples = new ArrayList<>();
        for (int b = 0; b < gates.size(); b++) {
            samples.add(BlockSample.of(architecture.blocks().get(b), gates.get(b)));
        }
        supernet.setSample(samples);
        // training mode (batch statistics) runs inside a gradient collector on MXNet
        try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
            NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
            if (backward) {
                gc.backward(loss);
            }
            return loss.getFloat();
        }
    }

    /** 1 in value, the gradient of {@code p}: the straight-through weight of a sampled index. */
    private static NDArray straightThrough(NDArray p) {
        return p.sub(p.stopGradient()).add(1f);
    }

    private static void assertEveryRowHasGradient(NDArray theta) {
        long rows = theta.getShape().get(0);
        long cols = theta.getShape().get(1);
        float[] grad = theta.getGradient().toFloatArray();
        for (int i = 0; i < rows; i++) {
            float norm = 0f;
            for (int j = 0; j < cols; j++) {
                assertTrue(Float.isFinite(grad[(int) (i * cols + j)]));
                norm += Math.abs(grad[(int) (i * cols + j)]);
            }
            assertTrue(norm > 0f, "block " + i + " got no gradient");
        }
    }

    @ParameterizedTest
    @EnumSource(WeightSharing.class)
    void stepLeavesUnsampledWeightsUnchanged(WeightSharing sharing) {
        assertUnsampledWeights(sharing, true);
    }

    @ParameterizedTest
    @EnumSource(WeightSharing.class)
    void plainOptimizerMovesUnsampledWeights(WeightSharing sharing) {
        // the failure the wrapper exists for: stale gradients, momentum and weight decay
        assertUnsampledWeights(sharing, false);
    }

    private static void assertUnsampledWeights(WeightSharing sharing, boolean wrapped) {
        SearchSpace space = SearchSpace.preset("fashion-mnist");
        SuperNet supernet = SuperNet.builder().setSearchSpace(space).optSharing(sharing).build();
        Optimizer optimizer =
                wrapped
                        ? SampledPathOptimizer.builder()
                                .setOptimizer(sgd())
                                .setActiveRegions(supernet::activeRegions)
                                .build()
                        : sgd();
        Architecture first =
                Architecture.fromCode(
                        space, "e6k7w4a4-e6k7w4a4-e6k7w4a4-e6k7w4a4-e6k7w4a4-e6k7w4a4");
        Architecture second =
                Architecture.fromCode(space, "skip-e3k3w8a8-e3k3w8a8-e3k3w8a8-e3k3w8a8-e3k3w8a8");
        try (Training.Session session = Training.session(supernet, optimizer, inputShape(space))) {
            Trainer trainer = session.trainer();
            NDManager manager = trainer.getManager();
            NDArray x = manager.randomUniform(0f, 1f, inputShape(space));
            NDArray y = randomLabels(manager);
            supernet.setArchitecture(first);
            Training.step(trainer, x, y);
            supernet.setArchitecture(second);
            List<Parameter> params = supernet.getParameters().values();
            List<NDArray> before = new ArrayList<>();
            for (Parameter p : params) {
                before.add(p.getArray().duplicate());
            }
            var used = supernet.activeRegions();
            Training.step(trainer, x, y);

            int unusedMoved = 0;
            int usedMoved = 0;
            for (int i = 0; i < params.size(); i++) {
                Parameter p = params.get(i);
                if (!p.requiresGradient()) {
                    continue;
                }
                NDArray after = p.getArray();
                var region = used.get(p.getId());
                // the unused part: everything for an unused parameter, outside the region otherwise
                NDArray unusedAfter = after.duplicate();
                NDArray unusedBefore = before.get(i).duplicate();
                if (region != null && region.getRank() > 0) {
                    unusedAfter.set(region, 0f);
                    unusedBefore.set(region, 0f);
                }
                boolean hasUnused = region == null || region.getRank() > 0;
                if (hasUnused && !unusedAfter.contentEquals(unusedBefore)) {
                    unusedMoved++;
                    if (wrapped) {
                        assertArrayEquals(
                                unusedBefore.toFloatArray(),
                                unusedAfter.toFloatArray(),
                                p.getName());
                    }
                }
                if (region != null && !after.contentEquals(before.get(i))) {
                    usedMoved++;
                }
            }
            assertTrue(usedMoved > 0, "the sampled path was not updated");
            if (wrapped) {
                assertEquals(0, unusedMoved);
            } else {
                assertNotEquals(0, unusedMoved);
            }
        }
    }

    @Test
    void cifarSharedSupernetShapes() {
        SearchSpace space = SearchSpace.preset("cifar");
        SuperNet supernet = SuperNet.builder().setSearchSpace(space).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(2, 3, 32, 32);
            supernet.initialize(manager, DataType.FLOAT32, shape);
            supernet.setArchitecture(space.reference(4));
            NDArray out =
                    supernet.forward(
                                    new ParameterStore(manager, false),
                                    new NDList(manager.randomUniform(0f, 1f, shape)),
                                    false)
                            .singletonOrThrow();
            assertEquals(new Shape(2, 10), out.getShape());
        }
    }

    /** Supernet parameter counts written out from the stage table for both sharing modes. */
    private static long expectedSupernetParameters(SearchSpace space, WeightSharing sharing) {
        List<Integer> ms = space.choices().m();
        List<Integer> ks = space.choices().k();
        int maxM = space.choices().maxM();
        int maxK = space.choices().maxK();
        long count = 0;
        for (var slot : space.blocks()) {
            long cin = slot.inChannels();
            long cout = slot.outChannels();
            if (sharing == WeightSharing.SHARED) {
                count += cin * maxM * cin + cin * maxM * maxK * maxK + cin * maxM * cout;
            }
            for (int m : ms) {
                for (int k : ks) {
                    long hidden = cin * m;
                    long norms = (m > 1 ? 4 * hidden : 0) + 4 * hidden + 4 * cout;
                    long weights = (m > 1 ? cin * hidden : 0) + hidden * k * k + hidden * cout;
                    count += norms + (sharing == WeightSharing.SEPARATE ? weights : 0);
                }
            }
        }
        long fixedBlocks = 0;
        Architecture skipless = space.reference(8);
        for (var layer : skipless.layers()) {
            if (!layer.name().startsWith("block")) {
                fixedBlocks +=
                        layer.weightCount()
                                + (layer.name().equals("classifier.fc")
                                        ? layer.cout()
                                        : 4L * layer.cout());
            }
        }
        return count + fixedBlocks;
    }

    @ParameterizedTest
    @EnumSource(WeightSharing.class)
    void supernetParameterCounts(WeightSharing sharing) {
        for (String preset : List.of("fashion-mnist", "cifar")) {
            SearchSpace space = SearchSpace.preset(preset);
            SuperNet supernet =
                    SuperNet.builder().setSearchSpace(space).optSharing(sharing).build();
            try (NDManager manager = NDManager.newBaseManager()) {
                supernet.initialize(manager, DataType.FLOAT32, inputShape(space));
                long count = 0;
                for (Parameter p : supernet.getParameters().values()) {
                    count += p.getArray().getShape().size();
                }
                assertEquals(
                        expectedSupernetParameters(space, sharing), count, preset + " " + sharing);
            }
        }
    }
}
