package ai.mpnas.plugin.supernet;

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
import ai.mpnas.plugin.FashionMnistFixture;
import ai.mpnas.plugin.Training;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The measurement behind the weight-sharing decision (not a unit test): trains the fashion-mnist
 * supernet with uniformly random single paths on the committed fixture, once per {@link
 * WeightSharing} mode with the same data order and paths, then reports parameters, seconds per step
 * and the test accuracy of the same random architectures evaluated with the supernet's weights
 * (BatchNorm on the statistics of the 1000-image test batch). Run from the plugin module directory
 * with the test classpath, jemalloc preloaded: {@code java ...
 * ai.mpnas.plugin.supernet.WeightSharingExperiment [epochs] [architectures]}.
 */
public final class WeightSharingExperiment {

    private static final int BATCH = 64;

    private WeightSharingExperiment() {}

    /**
     * Runs the experiment and prints one line per mode.
     *
     * @param args optional epochs (default 4) and number of evaluated architectures (default 8)
     * @throws IOException if the fixture cannot be read
     */
    public static void main(String[] args) throws IOException {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int architectures = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        FashionMnistFixture train = FashionMnistFixture.read("train");
        FashionMnistFixture test = FashionMnistFixture.read("t10k");
        SearchSpace space = SearchSpace.preset("fashion-mnist");
        List<Architecture> evaluated = new ArrayList<>();
        Random pick = new Random(11);
        for (int i = 0; i < architectures; i++) {
            evaluated.add(randomArchitecture(space, pick));
        }
        for (WeightSharing sharing : WeightSharing.values()) {
            SuperNet net = SuperNet.builder().setSearchSpace(space).optSharing(sharing).build();
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.005f)).build();
            Optimizer optimizer =
                    SampledPathOptimizer.builder()
                            .setOptimizer(adam)
                            .setActiveRegions(net::activeRegions)
                            .build();
            net.setArchitecture(space.reference(8));
            try (Training.Session session = Training.session(net, optimizer, new Shape(BATCH, 1, 28, 28))) {
                Trainer trainer = session.trainer();
                long params = 0;
                for (Parameter p : net.getParameters().values()) {
                    params += p.getArray().getShape().size();
                }
                Random random = new Random(3);
                int steps = 0;
                long start = System.nanoTime();
                for (int epoch = 0; epoch < epochs; epoch++) {
                    for (int s = 0; s + BATCH <= train.count(); s += BATCH) {
                        net.setArchitecture(randomArchitecture(space, random));
                        float[] x = new float[BATCH * 784];
                        float[] y = new float[BATCH];
                        for (int b = 0; b < BATCH; b++) {
                            int idx = random.nextInt(train.count());
                            System.arraycopy(train.images(), idx * 784, x, b * 784, 784);
                            y[b] = train.labels()[idx];
                        }
                        try (NDManager step = trainer.getManager().newSubManager()) {
                            Training.step(
                                    trainer,
                                    step.create(x, new Shape(BATCH, 1, 28, 28)),
                                    step.create(y));
                        }
                        steps++;
                    }
                }
                double secondsPerStep = (System.nanoTime() - start) / 1e9 / steps;
                double sum = 0;
                double min = 1;
                double max = 0;
                for (Architecture a : evaluated) {
                    net.setArchitecture(a);
                    double acc = accuracy(net, trainer.getManager(), test);
                    sum += acc;
                    min = Math.min(min, acc);
                    max = Math.max(max, acc);
                }
                System.out.printf(
                        "%s: params %d, %d steps, %.3f s/step, subnet test accuracy mean %.3f"
                                + " min %.3f max %.3f over %d architectures%n",
                        sharing,
                        params,
                        steps,
                        secondsPerStep,
                        sum / evaluated.size(),
                        min,
                        max,
                        evaluated.size());
            }
        }
    }

    private static Architecture randomArchitecture(SearchSpace space, Random random) {
        List<BlockChoice> blocks = new ArrayList<>();
        for (int i = 0; i < space.numBlocks(); i++) {
            List<BlockChoice> candidates = space.candidates(i);
            blocks.add(candidates.get(random.nextInt(candidates.size())));
        }
        return new Architecture(space, blocks);
    }

    private static double accuracy(SuperNet net, NDManager parent, FashionMnistFixture test) {
        try (NDManager manager = parent.newSubManager()) {
            NDArray x = manager.create(test.images(), new Shape(test.count(), 1, 28, 28));
            // BatchNorm on the batch's own statistics: running statistics of a shared supernet
            // mix the inputs of many paths, so subnets are evaluated as if recalibrated
            NDArray logits;
            try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                logits =
                        net.forward(new ParameterStore(manager, false), new NDList(x), true)
                                .singletonOrThrow();
            }
            float[] predicted = logits.argMax(1).toType(DataType.FLOAT32, false).toFloatArray();
            int correct = 0;
            for (int i = 0; i < test.count(); i++) {
                if (predicted[i] == test.labels()[i]) {
                    correct++;
                }
            }
            return correct / (double) test.count();
        }
    }
}
