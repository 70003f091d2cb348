package ai.mpnas.search;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.util.ProgressBar;
import ai.mpnas.bitfusion.CostCalculator;
import ai.mpnas.data.InMemoryImages;
import ai.mpnas.plugin.engine.EngineQuirks;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.plugin.supernet.SampledPathOptimizer;
import ai.mpnas.plugin.supernet.SuperNet;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.cost.CostTable;
import ai.mpnas.search.derive.DerivationSettings;
import ai.mpnas.search.derive.DerivationSettingsJson;
import ai.mpnas.search.derive.Selection;
import ai.mpnas.search.policy.Adam;
import ai.mpnas.search.policy.ArchitecturePolicy;
import ai.mpnas.search.policy.SearchConstraint;
import ai.mpnas.training.CheckpointStore;
import ai.mpnas.training.History;
import ai.mpnas.training.MomentumSgd;
import ai.mpnas.training.RunBuilder;
import ai.mpnas.training.WeightsCheckpoint;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The bilevel mixed-precision architecture search (first-order, as in DARTS), with the objective
 * E[val loss] + lambda * max(E[J] / c - 1, 0).
 *
 * <p>Each step samples a path of the single-path supernet and updates its weights on a training
 * batch (SGD with momentum, cosine learning rate); after the warm-up epochs (uniformly sampled
 * paths, weights only) it then samples another path with straight-through Gumbel-softmax gates,
 * takes the gradient of the validation loss with respect to the policy logits (pathwise through
 * the gates as in the paper, or REINFORCE with a moving-average baseline: {@link LossEstimator}),
 * adds the gradient of the budget penalty (REINFORCE with a moving-average baseline, or the exact
 * gradient from the cost table) and takes an Adam step on the logits. E[J] itself is exact (the
 * cost is additive over blocks), so the hinge is switched by the true expected cost. The result is
 * the most likely architecture or the best of architectures sampled from the final policy on the
 * validation split, with dominated bit widths dropped and repaired to fit the budget
 * ({@link Derivation}).
 *
 * <p>Options beyond the paper ({@link SearchSettings}): several architectures per theta step on
 * one validation batch with leave-one-out REINFORCE baselines; a starting policy that skips with
 * a given probability; the sandwich rule (the largest path trained on every training batch too).
 *
 * <p>Every random choice is a function of (seed, step), and checkpoints hold weights, optimizer
 * states, logits and the baselines, so a killed run resumes where its last checkpoint stopped.
 */
public final class MixedPrecisionSearch {

    /** The columns of {@code history.csv}. */
    public static final List<String> HISTORY_COLUMNS =
            List.of(
                    "step",
                    "epoch",
                    "phase",
                    "learning_rate",
                    "temperature",
                    "lambda",
                    "train_loss",
                    "train_acc",
                    "val_loss",
                    "val_acc",
                    "sampled_cost",
                    "expected_cost",
                    "budget",
                    "penalty",
                    "baseline",
                    "reinforce_grad_norm",
                    "exact_grad_norm",
                    "reinforce_exact_cosine",
                    "most_likely",
                    "largest_train_loss");

    /** The field of {@code settings.json} that names the engine the search trains on. */
    public static final String ENGINE_FIELD = "engine";

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SearchSettings settings;
    private final InMemoryImages train;
    private final InMemoryImages validation;
    private final Path runDirectory;
    private final boolean resume;
    private final boolean progress;
    private final String engine;
    private final Device device;
    private final DerivationSettings derivation;
    private final Path supernetFrom;

    private MixedPrecisionSearch(Builder builder) {
        settings = builder.settings;
        train = builder.train;
        validation = builder.validation;
        runDirectory = builder.runDirectory;
        resume = builder.resume();
        progress = builder.progress();
        engine = builder.engine();
        device = builder.device();
        derivation = builder.derivation;
        supernetFrom = builder.supernetFrom;
    }

    /**
     * Returns the settings of a search derived from another's supernet ({@link
     * Builder#optSupernetFrom}): the source's settings with another budget and constraint.
     *
     * @param sourceRun the finished search's run directory
     * @param constraint the derived result's constraint
     * @param budget the derived result's budget
     * @return the settings
     * @throws IOException if the source's settings cannot be read
     */
    public static SearchSettings settingsFrom(Path sourceRun, SearchConstraint constraint,
            Budget budget) throws IOException {
        return DerivedSearch.settingsFrom(sourceRun, constraint, budget);
    }

    /**
     * Returns the run a derived search took its supernet from ({@link Builder#optSupernetFrom}).
     *
     * @param runDirectory a run directory that holds a search
     * @return the source run directory, or null if the search trained its own supernet
     * @throws IOException if the settings are missing or cannot be read
     */
    public static Path readSupernetFrom(Path runDirectory) throws IOException {
        settingsFile(runDirectory);
        return DerivedSearch.sourceOf(runDirectory);
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The settings file of a run directory that holds a search. */
    private static Path settingsFile(Path runDirectory) throws IOException {
        Path file = runDirectory.resolve("settings.json");
        if (!Files.exists(file)) {
            throw new IOException(runDirectory + ": no search to resume (settings.json is missing)");
        }
        return file;
    }

    /**
     * Reads the DJL engine a run directory's search trains on ({@value
     * #ENGINE_FIELD} in its settings; searches started before it was recorded ran on MXNet).
     *
     * @param runDirectory the run directory
     * @return the engine name
     * @throws IOException if there is no search to resume there
     */
    public static String readEngine(Path runDirectory) throws IOException {
        return MAPPER.readTree(settingsFile(runDirectory).toFile()).path(ENGINE_FIELD)
                .asText(EngineQuirks.MXNET);
    }

    /**
     * Reads the settings a run directory was started with.
     *
     * @param runDirectory the run directory
     * @return its settings
     * @throws IOException if there is no search to resume there
     */
    public static SearchSettings readSettings(Path runDirectory) throws IOException {
        Path file = settingsFile(runDirectory);
        return SearchSettingsJson.read(MAPPER.readTree(file.toFile()), file.toString());
    }

    /**
     * Reads how a run directory's search derives its result (the sampled derivation for runs
     * written before the evolution existed).
     *
     * @param runDirectory the run directory
     * @return its derivation settings
     * @throws IOException if there is no search to resume there
     */
    public static DerivationSettings readDerivation(Path runDirectory) throws IOException {
        Path file = settingsFile(runDirectory);
        return DerivationSettingsJson.read(MAPPER.readTree(file.toFile()), file.toString());
    }

    /**
     * Builds the cost table and the budget of the settings, checking that the budget can be met
     * within the search's constraint (a protocol sweep calls this to tell an infeasible point
     * before it runs anything).
     *
     * @param settings the settings
     * @return the priced search
     * @throws InfeasibleBudgetException if even the cheapest architecture the search may reach
     *     exceeds the budget
     */
    public static Pricing price(SearchSettings settings) {
        CostCalculator calculator = settings.pricing().calculator();
        CostTable table = CostTable.build(settings.space(), calculator, settings.costBatch());
        CostMetric metric = settings.metric();
        double reference = table.total(settings.space().reference(8), metric);
        double budget =
                settings.budget()
                        .resolve(
                                metric,
                                bits -> table.total(settings.space().reference(bits), metric),
                                settings.accelerator().frequencyHz());
        SearchConstraint constraint = settings.constraint();
        BiPredicate<Integer, BlockChoice> allowed =
                (b, c) -> constraint.allows(settings.space(), b, c);
        double cheapest = table.total(table.cheapest(metric, allowed), metric);
        double dearest = table.total(table.mostExpensive(metric, allowed), metric);
        if (cheapest > budget) {
            throw new InfeasibleBudgetException(
                    String.format(
                            Locale.ROOT,
                            "%s budget %s = %.6g %s is impossible%s: the cheapest architecture of"
                                    + " %s costs %.6g %s (%.3f of the 8-bit reference),"
                                    + " the most expensive %.6g %s",
                            metric.jsonName(),
                            settings.budget(),
                            budget,
                            metric.unit(),
                            constraint.isNone() ? "" : " for " + constraint.describe(),
                            constraint.isNone() ? "the space" : "the constrained space",
                            cheapest,
                            metric.unit(),
                            cheapest / reference,
                            dearest,
                            metric.unit()),
                    metric,
                    constraint,
                    budget,
                    cheapest);
        }
        return new Pricing(table, budget, reference, cheapest, dearest);
    }

    /**
     * Runs (or resumes) the search and writes its results into the run directory.
     *
     * @return what the search found
     * @throws IOException if a file cannot be read or written
     */
    public SearchResult run() throws IOException {
        Files.createDirectories(runDirectory);
        if (supernetFrom != null) {
            if (!resume && Files.exists(runDirectory.resolve("settings.json"))) {
                throw new IllegalArgumentException(runDirectory + ": already holds a search;"
                        + " resume it with --resume or choose another --out");
            }
            return DerivedSearch.run(new DerivedSearch.Run(settings, derivation, train,
                    validation, runDirectory, engine, device), supernetFrom,
                    progress ? System.out::println : line -> {});
        }
        CheckpointStore checkpoints = new CheckpointStore(runDirectory.resolve("checkpoints"), 2);
        Optional<Path> latest = checkpoints.latest();
        if (!resume && latest.isPresent()) {
            throw new IllegalArgumentException(
                    runDirectory + ": already holds a search; resume it with --resume or choose"
                            + " another --out");
        }
        SettingsFile.write(runDirectory, SettingsFile.json(settings, derivation, engine));
        Pricing pricing = price(settings);
        SearchSpace space = settings.space();

        SuperNet net =
                SuperNet.builder().setSearchSpace(space).optSharing(settings.sharing()).build();
        MomentumSgd sgd = newSgd();
        // the current path's weights, or the union of a sandwich's paths (WeightStep)
        WeightStep.ActiveRegions regions = new WeightStep.ActiveRegions(net);
        SampledPathOptimizer optimizer =
                SampledPathOptimizer.builder().setOptimizer(sgd).setActiveRegions(regions).build();
        ArchitecturePolicy policy = ArchitecturePolicy.withSkipProbability(
                space, settings.skipPrior(), settings.constraint());
        Adam adam = new Adam(settings.thetaLearningRate(), 0.5, 0.999, 1e-8,
                settings.thetaWeightDecay(), policy.allLogits());
        SearchSchedule schedule = SearchSchedule.of(settings, train.size(), validation.size());
        int batch = settings.batchSize();

        try (Model model = RunBuilder.newModel("mpnas-supernet", device, engine)) {
            // the engine's generator draws the initial weights: seeded by the search's seed, or
            // they depend on the engine (PyTorch seeds itself per process) and on what ran before
            model.getNDManager().getEngine().setRandomSeed(Long.hashCode(settings.seed()));
            model.setBlock(net);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optOptimizer(optimizer);
            net.setArchitecture(space.reference(8));
            Shape input = new Shape(batch).addAll(train.inputShape());
            long step = 0;
            double baseline = Double.NaN;
            double lossBaseline = Double.NaN;
            if (latest.isPresent()) {
                Path cp = latest.get();
                step = CheckpointStore.stepOf(cp);
                WeightsCheckpoint.readBeforeTraining(cp, model, sgd, input);
                double[] baselines = SearchState.restore(cp, policy, adam);
                baseline = baselines[0];
                lossBaseline = baselines[1];
            }
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(input);
                NDManager manager = trainer.getManager();
                ProgressBar bar =
                        progress ? new ProgressBar("Searching", schedule.total()) : null;
                if (bar != null) {
                    bar.start(step);
                }
                WeightStep weights = new WeightStep(
                        trainer, net, policy, regions, checkpoints, settings.sandwich());
                ThetaStep theta = new ThetaStep(settings, trainer, net, policy, adam, pricing,
                        checkpoints, baseline, lossBaseline);
                try (History history =
                        History.open(
                                runDirectory.resolve("history.csv"),
                                historyColumns(settings),
                                latest.isPresent() ? step : -1)) {
                    new SearchLoop(settings, train, validation, schedule, net, sgd, policy, adam,
                            weights, theta, pricing, manager, history, bar, checkpoints)
                            .run(step);
                }
                if (bar != null) {
                    bar.end();
                }
                Selection selection = Derivations.select(settings, derivation, policy, pricing,
                        net, trainer, train, validation, schedule.total(), runDirectory,
                        progress ? System.out::println : line -> {});
                return ResultWriter.write(settings, policy, pricing, selection, runDirectory);
            }
        }
    }

    /** The weights' SGD with momentum; its learning rate is set every step (cosine). */
    private MomentumSgd newSgd() {
        return MomentumSgd.builder()
                .optMomentum(settings.momentum())
                .optLearningRate(settings.weightLearningRate())
                .optWeightDecays(settings.weightDecay())
                .build();
    }

    /**
     * Returns the columns of {@code history.csv} for a search's settings: {@link
     * #HISTORY_COLUMNS}, and the sandwich's losses when it is on (so a search without it writes
     * the history it always wrote).
     *
     * @param settings the settings
     * @return the columns
     */
    public static List<String> historyColumns(SearchSettings settings) {
        if (!settings.sandwich()) {
            return HISTORY_COLUMNS;
        }
        List<String> columns = new ArrayList<>(HISTORY_COLUMNS);
        columns.addAll(WeightStep.SANDWICH_COLUMNS);
        return List.copyOf(columns);
    }

    /**
     * The priced search space: its cost table and the resolved budget.
     *
     * @param table the block x choice cost table
     * @param budget the budget in nJ or cycles
     * @param reference the cost of the uniform 8-bit reference network
     * @param cheapest the cost of the cheapest architecture of the space (within the constraint)
     * @param mostExpensive the cost of the most expensive architecture of the space (within
     *     the constraint)
     */
    public record Pricing(
            CostTable table,
            double budget,
            double reference,
            double cheapest,
            double mostExpensive) {}

    /** The builder of a {@link MixedPrecisionSearch}. */
    public static final class Builder extends RunBuilder<Builder> {

        private SearchSettings settings;
        private InMemoryImages train;
        private InMemoryImages validation;
        private Path runDirectory;
        private DerivationSettings derivation = DerivationSettings.sampled();
        private Path supernetFrom;

        Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the settings (required).
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder setSettings(SearchSettings settings) {
            this.settings = settings;
            return this;
        }

        /**
         * Sets the training split (weights) and the validation split (theta), both carved from
         * the training set (required).
         *
         * @param train the training split
         * @param validation the validation split
         * @return this builder
         */
        public Builder setData(InMemoryImages train, InMemoryImages validation) {
            this.train = train;
            this.validation = validation;
            return this;
        }

        /**
         * Sets the run directory (required).
         *
         * @param dir the directory
         * @return this builder
         */
        public Builder setRunDirectory(Path dir) {
            this.runDirectory = dir;
            return this;
        }



        /**
         * Sets how the result is derived from the trained policy and supernet; default the
         * sampled derivation ({@code mpnas search} defaults to the evolution).
         *
         * @param derivation the derivation settings
         * @return this builder
         */
        public Builder optDerivation(DerivationSettings derivation) {
            this.derivation = derivation;
            return this;
        }

        /**
         * Derives from the supernet and policy of another, finished search instead of training
         * (the settings must be {@link #settingsFrom}'s: the source's but for budget and
         * constraint).
         *
         * @param sourceRun the finished search's run directory
         * @return this builder
         */
        public Builder optSupernetFrom(Path sourceRun) {
            this.supernetFrom = sourceRun;
            return this;
        }

        /**
         * Builds the search.
         *
         * @return the search
         */
        public MixedPrecisionSearch build() {
            if (settings == null || train == null || validation == null || runDirectory == null) {
                throw new IllegalArgumentException(
                        "search: settings, data and run directory are required");
            }
            return new MixedPrecisionSearch(this);
        }
    }
}
