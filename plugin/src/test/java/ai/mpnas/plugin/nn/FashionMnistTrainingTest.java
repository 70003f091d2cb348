package ai.mpnas.plugin.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.mpnas.plugin.FashionMnistFixture;
import ai.mpnas.plugin.Training;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.SearchSpace;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

/** A mixed-precision fashion-mnist network learns the committed real-data fixture. */
class FashionMnistTrainingTest {

    private static final int BATCH = 64;
    private static final int EPOCHS = 3;

    @Test
    void trainsClearlyAboveChance() throws IOException {
        FashionMnistFixture train = FashionMnistFixture.read("train");
        FashionMnistFixture test = FashionMnistFixture.read("t10k");
        SearchSpace space = SearchSpace.preset("fashion-mnist");
        // every bit width of the space appears, as in a searched network
        Architecture architecture =
                Architecture.fromCode(space, "skip-e6k3w8a8-e3k5w4a6-e6k3w6a4-e3k3w2a8-e6k5w4a4");
        FixedNetwork net = FixedNetwork.builder().setArchitecture(architecture).build();
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.005f)).build();
        try (Training.Session session = Training.session(net, adam, new Shape(BATCH, 1, 28, 28))) {
            Trainer trainer = session.trainer();
            NDManager manager = trainer.getManager();
            int[] order = new int[train.count()];
            Arrays.setAll(order, i -> i);
            Random random = new Random(7);
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                for (int i = order.length - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (int start = 0; start + BATCH <= order.length; start += BATCH) {
                    float[] x = new float[BATCH * 784];
                    float[] y = new float[BATCH];
                    for (int b = 0; b < BATCH; b++) {
                        int idx = order[start + b];
                        System.arraycopy(train.images(), idx * 784, x, b * 784, 784);
                        y[b] = train.labels()[idx];
                    }
                    try (NDManager step = manager.newSubManager()) {
                        Training.step(
                                trainer,
                                step.create(x, new Shape(BATCH, 1, 28, 28)),
                                step.create(y));
                    }
                }
            }
            int correct = 0;
            try (NDManager eval = manager.newSubManager()) {
                NDArray x = eval.create(test.images(), new Shape(test.count(), 1, 28, 28));
                NDArray logits =
                        net.forward(new ParameterStore(eval, false), new NDList(x), false)
                                .singletonOrThrow();
                float[] predicted = logits.argMax(1).toType(DataType.FLOAT32, false).toFloatArray();
                for (int i = 0; i < test.count(); i++) {
                    if (predicted[i] == test.labels()[i]) {
                        correct++;
                    }
                }
            }
            double accuracy = correct / (double) test.count();
            // chance is 0.10; a working quantized network reaches well above 0.6 here
            assertTrue(accuracy > 0.6, "test accuracy " + accuracy);
            System.out.println("fashion-mnist fixture test accuracy " + accuracy);
        } finally {
            net.clear();
        }
    }
}
