package ai.mpnas.search;

import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.policy.ArchitecturePolicy;
import ai.mpnas.search.train.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Trains run directories from scratch with one recipe: a found architecture, the uniform-precision
 * baseline, or the best of N random architectures within a budget, each leaving {@code model/} and
 * {@code metrics.json} in its directory. The random baseline keeps the candidate with the best
 * <em>test</em> accuracy: an optimistic baseline, so beating it is a conservative claim.
 */
public final class RunTraining {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SearchData data;
    private final int epochs;
    private final int batchSize;
    private final float learningRate;
    private final long seed;
    private final boolean resume;
    private final boolean progress;

    private RunTraining(Builder b) {
        data = b.data;
        epochs = b.epochs;
        batchSize = b.batchSize;
        learningRate = b.learningRate;
        seed = b.seed;
        resume = b.resume;
        progress = b.progress;
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
    public ObjectNode trainRun(Path dir, String origin) throws IOException {
        Path file = RunFiles.architectureFile(dir);
        JsonNode json = MAPPER.readTree(file.toFile());
        Architecture arch = Architecture.load(file);
        return train(dir, arch, RunFiles.pricing(json, file.toString()), origin);
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
    public ObjectNode trainUniform(Path dir, SearchSpace space, int bits, RunFiles.Pricing pricing)
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
    public ObjectNode trainArchitecture(
            Path dir, Architecture architecture, RunFiles.Pricing pricing, String origin)
            throws IOException {
        Files.createDirectories(dir);
        RunFiles.writeArchitecture(dir, architecture, pricing, origin);
        return trainRun(dir, origin);
    }

    /**
     * Trains N random architectures within an energy budget (sampled uniformly from the space,
     * rejecting those over budget) in {@code dir/candidate-i}, and copies the best into {@code
     * dir}.
     *
     * @param dir the run directory to create
     * @param space the search space
     * @param budget the energy budget
     * @param candidates how many architectures to train
     * @param pricing the Bit Fusion pricing
     * @return the metrics of the best
     * @throws IOException if files cannot be written
     */
    public ObjectNode trainRandom(
            Path dir, SearchSpace space, Budget budget, int candidates, RunFiles.Pricing pricing)
            throws IOException {
        double limit =
                budget.resolve(
                        CostMetric.ENERGY,
                        bits -> pricing.cost(space.reference(bits)).energyTotalNj(),
                        pricing.accelerator().frequencyHz());
        ArchitecturePolicy uniform = ArchitecturePolicy.uniform(space);
        Random rng = new Random(seed);
        Files.createDirectories(dir);
        ArrayNode tried = MAPPER.createArrayNode();
        Path best = null;
        double bestTop1 = -1;
        for (int i = 0; i < candidates; i++) {
            Architecture arch = null;
            for (int attempt = 0; attempt < 100_000 && arch == null; attempt++) {
                Architecture a = uniform.sample(rng, 1).architecture();
                if (pricing.cost(a).energyTotalNj() <= limit) {
                    arch = a;
                }
            }
            if (arch == null) {
                throw new IllegalArgumentException(
                        "no random architecture within " + limit + " nJ in 100000 samples");
            }
            Path candidate = dir.resolve("candidate-" + i);
            ObjectNode m;
            if (Files.exists(candidate.resolve("metrics.json"))) {
                m = (ObjectNode) MAPPER.readTree(candidate.resolve("metrics.json").toFile());
            } else {
                Files.createDirectories(candidate);
                RunFiles.writeArchitecture(candidate, arch, pricing, "random-" + i);
                m = trainRun(candidate, "random-" + i);
            }
            tried.add(m);
            if (m.get("top1").asDouble() > bestTop1) {
                bestTop1 = m.get("top1").asDouble();
                best = candidate;
            }
        }
        Path model = dir.resolve("model");
        AtomicFiles.deleteTree(model);
        Files.createDirectories(model);
        try (Stream<Path> files = Files.list(best.resolve("model"))) {
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(f.getFileName().toString()));
            }
        }
        ObjectNode summary = MAPPER.createObjectNode();
        summary.put("budget_nJ", limit);
        summary.put("best", best.getFileName().toString());
        summary.set("candidates", tried);
        AtomicFiles.writeString(
                dir.resolve("random-candidates.json"), MAPPER.writeValueAsString(summary));
        Files.copy(best.resolve("architecture.json"), dir.resolve("architecture.json"),
                StandardCopyOption.REPLACE_EXISTING);
        ObjectNode metrics = (ObjectNode) MAPPER.readTree(best.resolve("metrics.json").toFile());
        ((ObjectNode) metrics.get("training")).put("origin", "random-best-of-" + candidates);
        AtomicFiles.writeString(dir.resolve("metrics.json"), MAPPER.writeValueAsString(metrics));
        return metrics;
    }

    private ObjectNode train(Path dir, Architecture arch, RunFiles.Pricing pricing, String origin)
            throws IOException {
        ScratchTraining.Report report =
                ScratchTraining.builder()
                        .setArchitecture(arch)
                        .setData(data.train(), data.test())
                        .setOutputDirectory(dir)
                        .optEpochs(epochs)
                        .optBatchSize(batchSize)
                        .optOptimizer(learningRate, 0.9f, 4e-5f)
                        .optSeed(seed)
                        .optResume(resume)
                        .optProgress(progress)
                        .build()
                        .run();
        ObjectNode recipe = MAPPER.createObjectNode();
        recipe.put("origin", origin);
        recipe.put("epochs", epochs);
        recipe.put("batch", batchSize);
        recipe.put("learning_rate", learningRate);
        recipe.put("seed", seed);
        recipe.put("train_images", data.train().size());
        recipe.put("test_images", data.test().size());
        return RunFiles.writeMetrics(
                dir, arch, pricing, report.top1(), data.info(), data.dataDir(), recipe);
    }

    /** The builder of a {@link RunTraining}. */
    public static final class Builder extends RunBuilder<Builder> {

        private SearchData data;
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
        public Builder setData(SearchData data) {
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
