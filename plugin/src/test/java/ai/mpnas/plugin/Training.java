package ai.mpnas.plugin;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;

/** Test helpers: a trainer around a block and one training step. */
public final class Training {

    private Training() {}

    /**
     * A model and its trainer, closed together: a trainer does not close its model, and DJL
     * reports a model that is garbage-collected unclosed as a leak.
     *
     * @param model the model holding the block
     * @param trainer the initialised trainer
     */
    public record Session(Model model, Trainer trainer) implements AutoCloseable {

        /** Closes the trainer, then its model. */
        @Override
        public void close() {
            trainer.close();
            model.close();
        }
    }

    /**
     * Creates a model and trainer for a block and initialises it.
     *
     * @param block the block
     * @param optimizer the optimizer
     * @param inputShape the input shape
     * @return the model and trainer (close it)
     */
    public static Session session(Block block, Optimizer optimizer, Shape inputShape) {
        Model model = Model.newInstance("test");
        model.setBlock(block);
        Trainer trainer =
                model.newTrainer(
                        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                                .optOptimizer(optimizer)
                                .optDevices(new Device[] {Device.cpu()}));
        trainer.initialize(inputShape);
        return new Session(model, trainer);
    }

    /**
     * Runs forward, backward and an optimizer step.
     *
     * @param trainer the trainer
     * @param x the input batch
     * @param y the labels
     * @return the loss value
     */
    public static float step(Trainer trainer, NDArray x, NDArray y) {
        float value;
        try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
            NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
            gc.backward(loss);
            value = loss.getFloat();
        }
        trainer.step();
        return value;
    }
}
