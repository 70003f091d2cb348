package ai.mpnas.search;

import ai.djl.Device;
import ai.mpnas.data.InMemoryImages;
import ai.mpnas.data.InMemorySplits;
import ai.mpnas.formats.RunMetrics;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.training.RunBuilder;
import ai.mpnas.training.ScratchTraining;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trains run directories from scratch with one recipe: a found architecture, the uniform-precision
 * baseline, or the best of N random architectures within a budget, each leaving {@code model/} and
 * {@code metrics.json} in its directory. The random baseline chooses among its candidates on a
 * validation split carved from the training set and reads the test set only for the winner.
 */
public final class RunTraining {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final InMemorySplits data;
    private final int epochs;
    private final int batchSize;
    private final float learningRate;
    private final long seed;
    private final boolean resume;
    private final boolean progress;
    private final String engine;
    private final Device device;

    private RunTraining(Builder b) {
        data = b.data;
        epochs = b.epochs;
        batchSize = b.batchSize;
        learningRate = b.learningRate;
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
     * Trains the architecture of a run directory (written by a search or a baseline).
     *
     * @param dir the run directory
     * @param origin what the architecture is, recorded in the metrics
     * @return the metrics written
     * @throws IOException if files cannot be read or written
     */
    public RunMetrics trainRun(Path dir, String origin) throws IOException {
        RunFiles.PricedArchitecture run = RunFiles.readArchitecture(dir);
        return train(dir, run.architecture(), run.pricing(), origin);
    }

    /**
     * Writes and trains the uniform-precision baseline: the space's reference network at one bit
     * width.
     *
     * @param dir the run directory to create
     * @param space the search space
     * @param bits the weight and activation bits of every searchable block
     * @param pricing the Bit Fusion pricing
     * @return the metrics written
     * @throws IOException if files cannot be written
     */
    public RunMetrics trainUniform(Path dir, SearchSpace space, int bits, RunFiles.Pricing pricing)
            throws IOException {
        return trainArchitecture(dir, space.reference(bits), pricing, "uniform-" + bits + "bit");
    }

    /**
     * Writes and trains a given architecture (one no search produced, e.g. a hand-picked one).
     *
     * @param dir the run directory to create
     * @param architecture the architecture
     * @param pricing the Bit Fusion pricing
     * @param origin what the architecture is, recorded in its files
     * @return the metrics written
     * @throws IOException if files cannot be written
     */
    public RunMetrics trainArchitecture(
            Path dir, Architecture architecture, RunFiles.Pricing pricing, String origin)
            throws IOException {
        Files.createDirectories(dir);
        RunFiles.writeArchitecture(dir, architecture, pricing, origin);
        return trainRun(dir, origin);
    }

    /**
     * Runs the random baseline: draws distinct architectures uniformly within [0.9c, c] of the
     * budget, trains each briefly on the training part of the selection data in {@code
     * dir/candidate-i}, scores it on the validation split, writes {@code random-candidates.json},
     * and only then trains the best from scratch with this recipe in {@code dir} and evaluates it
     * once on the test set. Finished candidates are kept when resuming.
     *
     * @param dir the run directory to create
     * @param space the search space
     * @param budget the energy budget c (relative to the uniform 8-bit reference, or absolute)
     * @param pricing the Bit Fusion pricing (also of the reference a relative budget scales)
     * @param baseline the candidates, their brief recipe and the selection data
     * @return the metrics of the winner, trained with this recipe
     * @throws IOException if files cannot be read or written
     * @throws IllegalArgumentException if too few architectures land in the band, or a kept
     *     candidate's files disagree with this run
     */
    public RunMetrics trainRandom(
            Path dir, SearchSpace space, Budget budget, RunFiles.Pricing pricing,
            RandomBaseline baseline)
            throws IOException {
        return baseline.run(this, dir, space, budget, pricing);
    }

    /** The seed of sampling and training. */
    long seed() {
        return seed;
    }

    /** Whether finished work and checkpoints are kept. */
    boolean resume() {
        return resume;
    }

    /**
     * Trains an architecture on the given images with this recipe but its own epoch count, and
     * evaluates it on {@code evaluation} (the test set, or a validation split for a candidate).
     */
    ScratchTraining.Report fit(
            Path dir, Architecture arch, InMemoryImages train, InMemoryImages evaluation,
            int epochs)
            throws IOException {
        return ScratchTraining.builder()
                .setArchitecture(arch)
                .setData(train, evaluation)
                .setOutputDirectory(dir)
                .optEpochs(epochs)
                .optBatchSize(batchSize)
                .optOptimizer(learningRate, 0.9f, 4e-5f)
                .optSeed(seed)
                .optResume(resume)
                .optProgress(progress)
                .optEngine(engine)
                .optDevice(device)
                .build()
                .run();
    }

    /** The recipe recorded with a training: origin, epochs, batch, learning rate, seed, images. */
    ObjectNode recipe(String origin, int epochs, int trainImages) {
        ObjectNode recipe = MAPPER.createObjectNode();
        recipe.put("origin", origin);
        recipe.put("epochs", epochs);
        recipe.put("batch", batchSize);
        recipe.put("learning_rate", learningRate);
        recipe.put("seed", seed);
        recipe.put("train_images", trainImages);
        recipe.put("engine", RunBuilder.engineName(engine));
        return recipe;
    }

    private RunMetrics train(Path dir, Architecture arch, RunFiles.Pricing pricing, String origin)
            throws IOException {
        ScratchTraining.Report report = fit(dir, arch, data.train(), data.test(), epochs);
        ObjectNode recipe = recipe(origin, epochs, data.train().size());
        recipe.put("test_images", data.test().size());
        return RunFiles.writeMetrics(
                dir, arch, pricing, report.top1(), data.info(), data.dataDir(), recipe);
    }

    /** The builder of a {@link RunTraining}. */
    public static final class Builder extends RunBuilder<Builder> {

        private InMemorySplits data;
        private int epochs = 10;
        private int batchSize = 64;
        private float learningRate = 0.05f;
        private long seed = 1;

        Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the data: the training set (train split, no validation) and the test set.
         *
         * @param data the data
         * @return this builder
         */
        public Builder setData(InMemorySplits data) {
            this.data = data;
            return this;
        }

        /**
         * Sets the epochs, batch size and initial learning rate; default 10, 64, 0.05.
         *
         * @param epochs the epochs
         * @param batchSize the batch size
         * @param learningRate the initial SGD learning rate (cosine)
         * @return this builder
         */
        public Builder optRecipe(int epochs, int batchSize, float learningRate) {
            this.epochs = epochs;
            this.batchSize = batchSize;
            this.learningRate = learningRate;
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
         * Builds the trainer.
         *
         * @return the trainer
         */
        public RunTraining build() {
            if (data == null) {
                throw new IllegalArgumentException("training: data is required");
            }
            return new RunTraining(this);
        }
    }
}
