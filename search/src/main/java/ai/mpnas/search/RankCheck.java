package ai.mpnas.search;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.mpnas.data.InMemorySplits;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.supernet.SuperNet;
import ai.mpnas.search.ValidationTraining.Scored;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.derive.CandidateScorer;
import ai.mpnas.search.derive.DerivationSettings;
import ai.mpnas.search.derive.SupernetScorer;
import ai.mpnas.search.policy.SearchConstraint;
import ai.mpnas.training.CheckpointStore;
import ai.mpnas.training.MomentumSgd;
import ai.mpnas.training.RunBuilder;
import ai.mpnas.training.WeightsCheckpoint;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The ranking check of a finished search: does its trained supernet order architectures the way
 * training them from scratch does? It draws N architectures spread over the budget's range (one
 * uniformly from each of N equal energy slices between the cheapest architecture the search could
 * reach and its budget, priced by the run's cost table), scores each on the supernet with the
 * run's derivation scorer (validation loss, with each asked number of BatchNorm recalibration
 * images), trains each from scratch with a short recipe on the training part of the search's
 * split and evaluates it on the validation part (never the test set), and reports Kendall's
 * tau-b between the two ({@link RankCheckReport}).
 *
 * <p>Each architecture trains in {@code arch-i/} of the output directory and its scores land in
 * its {@code validation.json} as it finishes; a rerun with the same plan (architectures, recipe,
 * seed) keeps the finished ones and continues a killed one from its epoch checkpoint. The
 * supernet scores are recomputed every time (they are a function of the checkpoint and the
 * seed), so a rerun may ask for other recalibration settings at the cost of scoring alone.
 */
public final class RankCheck {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path run;
    private final Path out;
    private final InMemorySplits data;
    private final int architectures;
    private final int epochs;
    private final int batchSize;
    private final float learningRate;
    private final List<Integer> recalibrations;
    private final Long seed;
    private final boolean progress;
    private final String engine;
    private final Device device;

    private RankCheck(Builder b) {
        run = b.run;
        out = b.out != null ? b.out : b.run.resolve("rank-check");
        data = b.data;
        architectures = b.architectures;
        epochs = b.epochs;
        batchSize = b.batchSize;
        learningRate = b.learningRate;
        recalibrations = b.recalibrations;
        seed = b.seed;
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
     * Returns the directory the check writes into.
     *
     * @return the output directory
     */
    public Path outputDirectory() {
        return out;
    }

    /**
     * Runs (or continues) the check and writes {@link RankCheckReport#FILE} and {@link
     * RankCheckReport#TABLE_FILE} into the output directory.
     *
     * @return the report
     * @throws IOException if a file cannot be read or written
     * @throws IllegalArgumentException if the run is no finished energy-budget search, the
     *     architectures cannot be drawn, or the output directory holds another plan
     */
    public RankCheckReport run() throws IOException {
        RunFiles.architectureFile(run); // a finished search
        SearchSettings settings = MixedPrecisionSearch.readSettings(run);
        if (settings.metric() != CostMetric.ENERGY) {
            throw new IllegalArgumentException(run + ": the search's budget is on "
                    + settings.metric().jsonName() + "; rank-check spreads architectures over an"
                    + " energy budget's range");
        }
        DerivationSettings derivation = MixedPrecisionSearch.readDerivation(run);
        MixedPrecisionSearch.Pricing pricing = MixedPrecisionSearch.price(settings);
        long drawSeed = seed != null ? seed : settings.seed();
        SearchConstraint constraint = settings.constraint();
        List<Architecture> drawn =
                new RandomArchitectures(pricing.table(),
                                (b, c) -> constraint.allows(settings.space(), b, c))
                        .sampleStrata(pricing.cheapest(), pricing.budget(), architectures,
                                drawSeed, RandomArchitectures.DEFAULT_MAX_SAMPLES);
        RunTraining training = RunTraining.builder()
                .setData(data)
                .optRecipe(epochs, batchSize, learningRate)
                .optSeed(drawSeed)
                .optResume(true)
                .optProgress(progress)
                .optEngine(engine)
                .optDevice(device)
                .build();
        Path checkpoint = supernetCheckpoint();
        ObjectNode plan = MAPPER.createObjectNode();
        plan.put("run", run.toAbsolutePath().normalize().toString());
        plan.put("checkpoint", checkpoint.getFileName().toString());
        plan.put("budget_nJ", pricing.budget());
        plan.put("cheapest_nJ", pricing.cheapest());
        plan.put("seed", drawSeed);
        plan.set("training", training.recipe("rank-check", epochs, data.train().size())
                .put("validation_images", data.validation().size()));
        drawn.forEach(a -> plan.withArray("architectures").add(a.code()));
        double[] energy = drawn.stream()
                .mapToDouble(a -> pricing.table().total(a, CostMetric.ENERGY)).toArray();
        RankCheckReport report =
                RankCheckReport.open(out, plan, energy, derivation.validationImages());
        score(settings, derivation, checkpoint, drawn, report);
        report.write();
        for (int i = 0; i < drawn.size(); i++) {
            Scored trained = ValidationTraining.train(training, data, epochs,
                    out.resolve(RankCheckReport.architectureDirectory(i)), drawn.get(i),
                    settings.pricing(), "rank-check-" + i);
            report.trained(i, trained.loss(), trained.top1());
            report.write();
        }
        return report;
    }

    /** The search's last checkpoint: the trained supernet. */
    private Path supernetCheckpoint() throws IOException {
        return new CheckpointStore(run.resolve("checkpoints"), 1).latest().orElseThrow(
                () -> new IllegalArgumentException(
                        run + ": no supernet checkpoint (checkpoints/latest is missing)"));
    }

    /** Loads the supernet and scores every architecture with every recalibration setting. */
    private void score(SearchSettings settings, DerivationSettings derivation, Path checkpoint,
            List<Architecture> drawn, RankCheckReport report) throws IOException {
        SuperNet net = SuperNet.builder()
                .setSearchSpace(settings.space())
                .optSharing(settings.sharing())
                .build();
        // the weights' optimizer state is read with them; no step is taken
        MomentumSgd sgd = MomentumSgd.builder().build();
        Shape input = new Shape(settings.batchSize()).addAll(data.train().inputShape());
        try (Model model = RunBuilder.newModel("mpnas-supernet", device, engine)) {
            model.setBlock(net);
            net.setArchitecture(settings.space().reference(8));
            WeightsCheckpoint.readBeforeTraining(checkpoint, model, sgd, input);
            try (Trainer trainer = model.newTrainer(
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(sgd))) {
                trainer.initialize(input);
                for (int recalibration : recalibrations) {
                    SupernetScorer scorer = new SupernetScorer(net, trainer, data.train(),
                            data.validation(), derivation.withRecalibrationImages(recalibration),
                            settings.seed());
                    long start = System.nanoTime();
                    double[][] scores = new double[drawn.size()][];
                    for (int i = 0; i < drawn.size(); i++) {
                        CandidateScorer.Evaluation e = scorer.evaluate(drawn.get(i));
                        scores[i] = new double[] {e.score(), e.accuracy()};
                    }
                    double seconds = (System.nanoTime() - start) / 1e9 / drawn.size();
                    report.scored(recalibration, scores, seconds);
                }
            }
        }
    }

    /** The builder of a {@link RankCheck}. */
    public static final class Builder extends RunBuilder<Builder> {

        private Path run;
        private Path out;
        private InMemorySplits data;
        private int architectures = 10;
        private int epochs = 2;
        private int batchSize = 64;
        private float learningRate = 0.05f;
        private List<Integer> recalibrations = List.of(2000, 0);
        private Long seed;

        Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the finished search run to check (required).
         *
         * @param run its directory
         * @return this builder
         */
        public Builder setRun(Path run) {
            this.run = run;
            return this;
        }

        /**
         * Sets the data: the search's split of the training set, loaded with its validation
         * fraction and seed (required; the test set is never read).
         *
         * @param data the data
         * @return this builder
         */
        public Builder setData(InMemorySplits data) {
            this.data = data;
            return this;
        }

        /**
         * Sets where the check writes; default {@code RUN/rank-check}.
         *
         * @param out the output directory
         * @return this builder
         */
        public Builder optOutputDirectory(Path out) {
            this.out = out;
            return this;
        }

        /**
         * Sets how many architectures to draw (one per energy slice); default 10.
         *
         * @param architectures the number, at least 2
         * @return this builder
         * @throws IllegalArgumentException if it is below 2
         */
        public Builder optArchitectures(int architectures) {
            if (architectures < 2) {
                throw new IllegalArgumentException(
                        "--architectures " + architectures + ": allowed >= 2 (a rank needs two)");
            }
            this.architectures = architectures;
            return this;
        }

        /**
         * Sets the short recipe each architecture trains with; default 2 epochs, batch 64,
         * learning rate 0.05 (cosine).
         *
         * @param epochs the epochs, at least 1
         * @param batchSize the batch size
         * @param learningRate the initial SGD learning rate
         * @return this builder
         * @throws IllegalArgumentException if the epochs are below 1
         */
        public Builder optRecipe(int epochs, int batchSize, float learningRate) {
            if (epochs < 1) {
                throw new IllegalArgumentException("--epochs " + epochs + ": allowed >= 1");
            }
            this.epochs = epochs;
            this.batchSize = batchSize;
            this.learningRate = learningRate;
            return this;
        }

        /**
         * Sets the BatchNorm recalibration settings the supernet scores with, each its own
         * column and tau; default 2000 and 0 (none).
         *
         * @param images training images per setting (0: batch statistics)
         * @return this builder
         * @throws IllegalArgumentException unless they are distinct numbers &gt;= 0, at least one
         */
        public Builder optRecalibrations(List<Integer> images) {
            if (images.isEmpty() || images.stream().anyMatch(r -> r < 0)
                    || images.stream().distinct().count() < images.size()) {
                throw new IllegalArgumentException("--recalibration-images " + images
                        + ": allowed one or more distinct numbers >= 0");
            }
            this.recalibrations = List.copyOf(images);
            return this;
        }

        /**
         * Sets the seed of the draws and the trainings; default the search's.
         *
         * @param seed the seed, or null for the search's
         * @return this builder
         */
        public Builder optSeed(Long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the check.
         *
         * @return the check
         * @throws IllegalArgumentException if the run or the data is missing
         */
        public RankCheck build() {
            if (run == null || data == null || data.validation() == null
                    || data.validation().size() == 0) {
                throw new IllegalArgumentException(
                        "rank-check: a run and data with a validation split are required");
            }
            return new RankCheck(this);
        }
    }
}
