package ai.mpnas.export;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.mpnas.plugin.nn.FixedNetwork;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.Normalization;
import ai.mpnas.plugin.space.SearchSpace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Networks trained briefly on the Fashion-MNIST fixture, once per JVM and architecture code: the
 * DJL/MXNet reference every export test compares against.
 */
final class TrainedNetworks {

    /** Bits 2, 4, 6 and 8 all present in weights and activations, a skip, m = 1, residuals. */
    static final String MIXED = "e1k3w8a8-e6k5w4a4-e3k3w2a6-e6k3w6a8-skip-e6k7w2a2";

    /** The same topology as {@link #MIXED} at 8 bits everywhere. */
    static final String UNIFORM8 = "e1k3w8a8-e6k5w8a8-e3k3w8a8-e6k3w8a8-skip-e6k7w8a8";

    /** The same topology at 4 bits everywhere. */
    static final String UNIFORM4 = "e1k3w4a4-e6k5w4a4-e3k3w4a4-e6k3w4a4-skip-e6k7w4a4";

    static final Normalization NORMALIZATION =
            new Normalization(new float[] {0.2860f}, new float[] {0.3530f});

    private static final Map<String, Model> MODELS = new HashMap<>();
    private static FashionMnist train;
    private static FashionMnist test;

    private TrainedNetworks() {}

    /**
     * Exports a network with the fixture's provenance.
     *
     * @param net the network
     * @param quantized false for the float export of the same parameters
     * @return the model
     */
    static OnnxModel onnx(FixedNetwork net, boolean quantized) {
        return OnnxExporter.builder()
                .setNetwork(net)
                .setProvenance(provenance())
                .optQuantized(quantized)
                .build()
                .export();
    }

    static synchronized FashionMnist train() {
        if (train == null) {
            try {
                train = FashionMnist.read("train");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return train;
    }

    static synchronized FashionMnist test() {
        if (test == null) {
            try {
                test = FashionMnist.read("t10k");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return test;
    }

    static Architecture architecture(String code) {
        return Architecture.fromCode(SearchSpace.preset("fashion-mnist"), code);
    }

    /** A model holding a FixedNetwork of the code, trained for one epoch; shared, never close. */
    static synchronized Model model(String code) {
        return MODELS.computeIfAbsent(code, c -> trainModel(architecture(c), 1, 7));
    }

    static FixedNetwork network(String code) {
        return (FixedNetwork) model(code).getBlock();
    }

    static Model trainModel(Architecture architecture, int epochs, long seed) {
        FixedNetwork net =
                FixedNetwork.builder().setArchitecture(architecture).optQuantized(true).build();
        Model model = Model.newInstance("mpnas", "MXNet");
        model.setBlock(net);
        FashionMnist data = train();
        float[] x = data.scaled();
        int batch = 100;
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(
                                Optimizer.adam().optLearningRateTracker(Tracker.fixed(2e-3f)).build())
                        .optDevices(new Device[] {Device.cpu()});
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(batch, 1, 28, 28));
            Random random = new Random(seed);
            int n = data.count();
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int epoch = 0; epoch < epochs; epoch++) {
                for (int i = n - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (int start = 0; start + batch <= n; start += batch) {
                    float[] bx = new float[batch * 784];
                    float[] by = new float[batch];
                    for (int b = 0; b < batch; b++) {
                        int k = order[start + b];
                        System.arraycopy(x, k * 784, bx, b * 784, 784);
                        by[b] = data.labels()[k];
                    }
                    try (NDManager sub = trainer.getManager().newSubManager()) {
                        NDArray input = normalize(sub.create(bx, new Shape(batch, 1, 28, 28)));
                        NDArray labels = sub.create(by);
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray logits = trainer.forward(new NDList(input)).singletonOrThrow();
                            NDArray loss =
                                    trainer.getLoss()
                                            .evaluate(new NDList(labels), new NDList(logits));
                            gc.backward(loss);
                        }
                        trainer.step();
                    }
                }
            }
        }
        return model;
    }

    static NDArray normalize(NDArray x) {
        NDManager m = x.getManager();
        return x.sub(m.create(NORMALIZATION.mean(), new Shape(1, 1, 1, 1)))
                .div(m.create(NORMALIZATION.std(), new Shape(1, 1, 1, 1)));
    }

    static Provenance provenance() {
        return Provenance.builder()
                .setDataset("fashion-mnist")
                .setClasses(FashionMnist.CLASSES)
                .setNormalization(NORMALIZATION)
                .optTop1(0.8)
                .optCost(new CostSummary(1234.5, 6789, 0.0136, "grouped", 1))
                .optVersion("0.1.0-test")
                .build();
    }
}
