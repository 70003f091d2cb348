package ai.mpnas.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.mpnas.data.InMemoryImages;

/** The forward/backward pass and the evaluation shared by the search and training from scratch. */
public final class TrainingSteps {

    private TrainingSteps() {}

    /**
     * Runs a forward and backward pass on a batch.
     *
     * @param trainer the trainer
     * @param collector the open gradient collector
     * @param data the inputs and labels
     * @return the mean loss and the accuracy of the batch
     */
    public static float[] forwardBackward(
            Trainer trainer, GradientCollector collector, NDList data) {
        return step(trainer, collector, data);
    }

    /**
     * Runs a training-mode forward pass on a batch, without backward. Call it inside an open
     * gradient collector, which puts the engine in training mode (BatchNorm on batch statistics,
     * as in {@link #forwardBackward}).
     *
     * @param trainer the trainer
     * @param data the inputs and labels
     * @return the mean loss and the accuracy of the batch
     */
    public static float[] forward(Trainer trainer, NDList data) {
        return step(trainer, null, data);
    }

    private static float[] step(Trainer trainer, GradientCollector collector, NDList data) {
        NDArray labels = data.get(1);
        NDList predictions = trainer.forward(new NDList(data.get(0)));
        NDArray loss = trainer.getLoss().evaluate(new NDList(labels), predictions);
        if (collector != null) {
            collector.backward(loss);
        }
        NDArray predicted =
                predictions.singletonOrThrow().argMax(1).toType(DataType.FLOAT32, false);
        float accuracy = predicted.eq(labels).toType(DataType.FLOAT32, false).mean().getFloat();
        return new float[] {loss.getFloat(), accuracy};
    }

    /**
     * Returns the top-1 accuracy of a block in inference mode.
     *
     * @param block the network
     * @param images the labelled images
     * @param manager the manager for temporary arrays
     * @param batchSize the evaluation batch size
     * @return the fraction of images whose most likely class is the label
     */
    public static double accuracy(
            Block block, InMemoryImages images, NDManager manager, int batchSize) {
        return evaluate(block, images, manager, batchSize).top1();
    }

    /**
     * Returns the top-1 accuracy and the mean softmax cross-entropy of a block in inference mode.
     *
     * @param block the network
     * @param images the labelled images
     * @param manager the manager for temporary arrays
     * @param batchSize the evaluation batch size
     * @return the accuracy and loss over all images
     */
    public static Evaluation evaluate(
            Block block, InMemoryImages images, NDManager manager, int batchSize) {
        int[] order = new int[images.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Loss loss = Loss.softmaxCrossEntropyLoss();
        long correct = 0;
        double lossSum = 0;
        for (int start = 0; start < order.length; start += batchSize) {
            int size = Math.min(batchSize, order.length - start);
            try (NDManager sub = manager.newSubManager()) {
                NDList data = images.batch(sub, order, start, size);
                NDArray logits =
                        block.forward(new ParameterStore(sub, false), new NDList(data.get(0)), false)
                                .singletonOrThrow();
                NDArray predicted = logits.argMax(1).toType(DataType.FLOAT32, false);
                correct += (long) predicted.eq(data.get(1)).toType(DataType.FLOAT32, false).sum().getFloat();
                // the loss is a batch mean: weight it by the batch so a short last batch counts less
                lossSum += (double) size
                        * loss.evaluate(new NDList(data.get(1)), new NDList(logits)).getFloat();
            }
        }
        return new Evaluation(correct / (double) images.size(), lossSum / images.size());
    }

    /**
     * An evaluation of a network on a labelled image set.
     *
     * @param top1 the top-1 accuracy, 0..1
     * @param loss the mean softmax cross-entropy
     */
    public record Evaluation(double top1, double loss) {}
}
