package ai.mpnas.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.util.ProgressBar;
import ai.mpnas.data.InMemoryImages;
import ai.mpnas.data.Permutations;
import ai.mpnas.formats.AtomicFiles;
import ai.mpnas.plugin.nn.FixedNetwork;
import ai.mpnas.plugin.space.Architecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Trains an architecture from scratch, quantization-aware at its bit widths, and evaluates it:
 * SGD with momentum and a cosine learning rate over whole epochs of seeded permutations, a
 * checkpoint at every epoch end (resumable), and the trained parameters saved with DJL's {@link
 * Model#save} as {@code model/mpnas-0000.params} beside a copy of the architecture.
 */
public final class ScratchTraining {

    /** The model name of the saved parameters ({@code mpnas-0000.params}). */
    public static final String MODEL_NAME = FixedNetwork.MODEL_NAME;

    /** The per-epoch history in the output directory. */
    public static final String HISTORY_FILE = "train-history.csv";

    /** The columns of {@link #HISTORY_FILE}. */
    public static final List<String> HISTORY_COLUMNS =
            List.of("step", "epoch", "learning_rate", "train_loss", "train_acc");

    private final Architecture architecture;
    private final InMemoryImages train;
    private final InMemoryImages test;
    private final Path outputDirectory;
    private final int epochs;
    private final int batchSize;
    private final float learningRate;
    private final float momentum;
    private final float weightDecay;
    private final long seed;
    private final boolean resume;
    private final boolean progress;
    private final String engine;
    private final Device device;

    private ScratchTraining(Builder b) {
        architecture = b.architecture;
        train = b.train;
        test = b.test;
        outputDirectory = b.outputDirectory;
        epochs = b.epochs;
        batchSize = b.batchSize;
        learningRate = b.learningRate;
        momentum = b.momentum;
        weightDecay = b.weightDecay;
        seed = b.seed;
        resume = b.resume();
        progress = b.progress();
        engine = b.engine();
        device = b.device();
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains, evaluates on the test images, and saves {@code model/} in the output directory.
     * Every epoch appends a row to {@code train-history.csv} (step, epoch, learning rate, mean
     * training loss and accuracy); a resumed run rewrites the rows after its checkpoint, and since
     * every random choice is a function of (seed, step), they equal an uninterrupted run's.
     *
     * @return the test accuracy and the last training loss
     * @throws IOException if files cannot be read or written
     */
    public Report run() throws IOException {
        Files.createDirectories(outputDirectory);
        CheckpointStore checkpoints =
                new CheckpointStore(outputDirectory.resolve("train-checkpoints"), 1);
        Optional<Path> latest = resume ? checkpoints.latest() : Optional.empty();
        FixedNetwork net =
                FixedNetwork.builder().setArchitecture(architecture).optQuantized(true).build();
        MomentumSgd sgd =
                MomentumSgd.builder()
                        .optMomentum(momentum)
                        .optLearningRate(learningRate)
                        .optWeightDecays(weightDecay)
                        .build();
        int stepsPerEpoch = train.size() / batchSize;
        if (stepsPerEpoch == 0) {
            throw new IllegalArgumentException(
                    "the training set (" + train.size() + ") is smaller than a batch of " + batchSize);
        }
        long total = (long) epochs * stepsPerEpoch;
        try (Model model = RunBuilder.newModel(MODEL_NAME, device, engine)) {
            model.setBlock(net);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(sgd);
            Shape input = new Shape(batchSize).addAll(train.inputShape());
            long start = 0;
            if (latest.isPresent()) {
                start = CheckpointStore.stepOf(latest.get());
                WeightsCheckpoint.readBeforeTraining(latest.get(), model, sgd, input);
            }
            try (Trainer trainer = model.newTrainer(config)) {
                // the engine's generator draws the initial weights: seed it here, or a training's
                // start depends on whatever ran before it in the same JVM (a sweep, candidates)
                model.getNDManager().getEngine().setRandomSeed(Long.hashCode(seed));
                trainer.initialize(input);
                NDManager manager = trainer.getManager();
                ProgressBar bar = progress ? new ProgressBar("Training", total) : null;
                if (bar != null) {
                    bar.start(start);
                }
                float lastLoss = Float.NaN;
                try (History history =
                        History.open(
                                outputDirectory.resolve(HISTORY_FILE),
                                HISTORY_COLUMNS,
                                latest.isPresent() ? start : -1)) {
                    for (int epoch = (int) (start / stepsPerEpoch); epoch < epochs; epoch++) {
                        double[] mean = trainEpoch(trainer, sgd, epoch, stepsPerEpoch, total, bar,
                                checkpoints);
                        lastLoss = (float) mean[2];
                        long end = (long) (epoch + 1) * stepsPerEpoch;
                        history.append(end, epoch, mean[3], mean[0], mean[1]);
                        checkpoint(checkpoints, end, net, sgd);
                    }
                }
                if (bar != null) {
                    bar.end();
                }
                TrainingSteps.Evaluation score = TrainingSteps.evaluate(net, test, manager, 256);
                saveModel(model);
                return new Report(
                        score.top1(), score.loss(), lastLoss, outputDirectory.resolve("model"));
            }
        }
    }

    /**
     * Trains one epoch; returns its mean loss, mean accuracy, last batch loss and the learning
     * rate of its first step.
     */
    private double[] trainEpoch(
            Trainer trainer,
            MomentumSgd sgd,
            int epoch,
            int stepsPerEpoch,
            long total,
            ProgressBar bar,
            CheckpointStore checkpoints)
            throws IOException {
        int[] order = Permutations.epochOrder(train.size(), seed, 3, epoch);
        double epochLoss = 0;
        double epochAcc = 0;
        float last = Float.NaN;
        double firstRate = Double.NaN;
        for (int s = 0; s < stepsPerEpoch; s++) {
            long step = (long) epoch * stepsPerEpoch + s;
            float rate = (float) (learningRate * 0.5 * (1 + Math.cos(Math.PI * step / total)));
            firstRate = s == 0 ? rate : firstRate;
            sgd.setLearningRate(rate);
            float[] result;
            try (NDManager sub = trainer.getManager().newSubManager()) {
                NDList data = train.batch(sub, order, s * batchSize, batchSize);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    result = TrainingSteps.forwardBackward(trainer, collector, data);
                }
                if (!Float.isFinite(result[0])) {
                    throw new SearchDivergedException(
                            "training loss became " + result[0] + " at epoch " + epoch + " step "
                                    + s + "; the last good checkpoint is "
                                    + checkpoints.latest().map(Path::toString).orElse("none"));
                }
                trainer.step();
            }
            last = result[0];
            epochLoss += result[0];
            epochAcc += result[1];
            if (bar != null) {
                bar.update(
                        step + 1,
                        String.format(
                                Locale.ROOT,
                                "epoch %d loss %.3f acc %.3f",
                                epoch,
                                epochLoss / (s + 1),
                                epochAcc / (s + 1)));
            }
        }
        return new double[] {epochLoss / stepsPerEpoch, epochAcc / stepsPerEpoch, last, firstRate};
    }

    private void saveModel(Model model) throws IOException {
        Path partial = AtomicFiles.createTempDirectory(outputDirectory, ".model-");
        model.save(partial, MODEL_NAME);
        Files.writeString(
                partial.resolve(FixedNetwork.ARCHITECTURE_FILE), architecture.toJson());
        AtomicFiles.replaceDirectory(partial, outputDirectory.resolve("model"));
    }

    private static void checkpoint(
            CheckpointStore store, long step, FixedNetwork net, MomentumSgd sgd)
            throws IOException {
        Path dir = store.begin();
        WeightsCheckpoint.write(dir, net, sgd);
        store.commit(dir, step);
    }

    /**
     * The outcome of training.
     *
     * @param top1 the top-1 accuracy on the evaluation images (the test set, or a validation
     *     split when choosing among candidates), 0..1
     * @param loss the mean cross-entropy on the evaluation images
     * @param lastLoss the last training batch loss
     * @param modelDirectory where the parameters were saved
     */
    public record Report(double top1, double loss, double lastLoss, Path modelDirectory) {}

    /** The builder of a {@link ScratchTraining}. */
    public static final class Builder extends RunBuilder<Builder> {

        private Architecture architecture;
        private InMemoryImages train;
        private InMemoryImages test;
        private Path outputDirectory;
        private int epochs = 10;
        private int batchSize = 64;
        private float learningRate = 0.05f;
        private float momentum = 0.9f;
        private float weightDecay = 4e-5f;
        private long seed = 1;

        Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the architecture to train (required).
         *
         * @param architecture the architecture
         * @return this builder
         */
        public Builder setArchitecture(Architecture architecture) {
            this.architecture = architecture;
            return this;
        }

        /**
         * Sets the training and test images (required).
         *
         * @param train the training set
         * @param test the test set
         * @return this builder
         */
        public Builder setData(InMemoryImages train, InMemoryImages test) {
            this.train = train;
            this.test = test;
            return this;
        }

        /**
         * Sets the run directory that receives {@code model/} (required).
         *
         * @param dir the directory
         * @return this builder
         */
        public Builder setOutputDirectory(Path dir) {
            this.outputDirectory = dir;
            return this;
        }

        /**
         * Sets the epochs; default 10.
         *
         * @param epochs the epochs
         * @return this builder
         */
        public Builder optEpochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs " + epochs + ": allowed >= 1");
            }
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets the batch size; default 64.
         *
         * @param batchSize the batch size
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets the SGD learning rate, momentum and weight decay; default 0.05, 0.9, 4e-5.
         *
         * @param learningRate the initial learning rate (cosine-annealed)
         * @param momentum the momentum
         * @param weightDecay the weight decay
         * @return this builder
         */
        public Builder optOptimizer(float learningRate, float momentum, float weightDecay) {
            this.learningRate = learningRate;
            this.momentum = momentum;
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * Sets the seed; default 1.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }



        /**
         * Builds the training.
         *
         * @return the training
         */
        public ScratchTraining build() {
            if (architecture == null || train == null || test == null || outputDirectory == null) {
                throw new IllegalArgumentException(
                        "training: architecture, data and output directory are required");
            }
            return new ScratchTraining(this);
        }
    }
}
