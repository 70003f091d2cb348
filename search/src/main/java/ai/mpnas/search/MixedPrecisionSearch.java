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
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.plugin.supernet.SampledPathOptimizer;
import ai.mpnas.plugin.supernet.SuperNet;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.cost.CostTable;
import ai.mpnas.search.derive.DerivationSettings;
import ai.mpnas.search.derive.DerivationSettingsJson;
import ai.mpnas.search.derive.Selection;
import ai.mpnas.search.policy.Adam;
import ai.mpnas.search.policy.ArchitecturePolicy;
import ai.mpnas.search.policy.PolicyJson;
import ai.mpnas.search.policy.SearchConstraint;
import ai.mpnas.search.train.AtomicFiles;
import ai.mpnas.search.train.CheckpointStore;
import ai.mpnas.search.train.History;
import ai.mpnas.search.train.InMemoryImages;
import ai.mpnas.search.train.MomentumSgd;
import ai.mpnas.search.train.Permutations;
import ai.mpnas.search.train.WeightsCheckpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
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

    private MixedPrecisionSearch(Builder builder) {
        settings = builder.settings;
        train = builder.train;
        validation = builder.validation;
        runDirectory = builder.runDirectory;
        resume = builder.resume;
        progress = builder.progress;
        engine = builder.engine;
        device = builder.device;
        derivation = builder.derivation;
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
        return MAPPER.readTree(settingsFile(runDirectory).toFile()).path(ENGINE_FIELD).asText("MXNet");
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
        CheckpointStore checkpoints = new CheckpointStore(runDirectory.resolve("checkpoints"), 2);
        Optional<Path> latest = checkpoints.latest();
        if (!resume && latest.isPresent()) {
            throw new IllegalArgumentException(
                    runDirectory + ": already holds a search; resume it with --resume or choose"
                            + " another --out");
        }
        AtomicFiles.writeString(
                runDirectory.resolve("settings.json"),
                MAPPER.writeValueAsString(
                        DerivationSettingsJson.writeTo(derivation, settings.toJson())
                                .put(ENGINE_FIELD, RunBuilder.engineName(engine))));
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
        Schedule schedule = schedule();
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
                double[] baselines = restorePolicy(cp, policy, adam);
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
                    new Loop(schedule, net, sgd, policy, adam, weights, theta, pricing, manager,
                            history, bar, checkpoints)
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

    private double temperature(long step, long warmup, long total) {
        if (step < warmup || total - warmup <= 1) {
            return settings.temperatureStart();
        }
        double progress = (double) (step - warmup) / (total - warmup - 1);
        return settings.temperatureStart()
                * Math.pow(settings.temperatureEnd() / settings.temperatureStart(), progress);
    }

    private void checkpoint(
            CheckpointStore store,
            long step,
            SuperNet net,
            MomentumSgd sgd,
            ArchitecturePolicy policy,
            Adam adam,
            double baseline,
            double lossBaseline)
            throws IOException {
        Path dir = store.begin();
        WeightsCheckpoint.write(dir, net, sgd);
        Files.writeString(dir.resolve("policy.json"), PolicyJson.write(policy));
        ObjectNode state = MAPPER.createObjectNode();
        state.put("format", "mpnas/search-state@1");
        state.put("step", step);
        state.put("baseline", baseline);
        state.put("loss_baseline", lossBaseline);
        Adam.State a = adam.getState();
        if (a != null) {
            ObjectNode adamNode = state.putObject("adam");
            adamNode.put("step", a.step());
            adamNode.set("m", MAPPER.valueToTree(a.m()));
            adamNode.set("v", MAPPER.valueToTree(a.v()));
        }
        Files.writeString(dir.resolve("state.json"), MAPPER.writeValueAsString(state));
        store.commit(dir, step);
    }

    /**
     * Restores the policy, Adam's state and the baselines of a checkpoint; returns the cost and
     * loss baselines (NaN where none was kept).
     */
    private static double[] restorePolicy(Path dir, ArchitecturePolicy policy, Adam adam)
            throws IOException {
        Path policyFile = dir.resolve("policy.json");
        PolicyJson.read(Files.readString(policyFile), policyFile.toString(), policy);
        JsonNode state = MAPPER.readTree(dir.resolve("state.json").toFile());
        JsonNode a = state.get("adam");
        if (a != null) {
            adam.setState(
                    new Adam.State(
                            a.get("step").asInt(),
                            MAPPER.treeToValue(a.get("m"), double[][][].class),
                            MAPPER.treeToValue(a.get("v"), double[][][].class)));
        }
        return new double[] {number(state.get("baseline")), number(state.get("loss_baseline"))};
    }

    private static double number(JsonNode n) {
        return n == null || n.isNull() || !n.isNumber() ? Double.NaN : n.asDouble();
    }

    /** The weights' SGD with momentum; its learning rate is set every step (cosine). */
    private MomentumSgd newSgd() {
        return MomentumSgd.builder()
                .optMomentum(settings.momentum())
                .optLearningRate(settings.weightLearningRate())
                .optWeightDecays(settings.weightDecay())
                .build();
    }

    /** The step counts of this search's data and settings. */
    private Schedule schedule() {
        int batch = settings.batchSize();
        int trainBatches = train.size() / batch;
        int valBatches = validation.size() / batch;
        if (trainBatches == 0 || valBatches == 0) {
            throw new IllegalArgumentException(
                    "the training ("
                            + train.size()
                            + ") and validation ("
                            + validation.size()
                            + ") splits must each hold at least one batch of "
                            + batch);
        }
        int stepsPerEpoch =
                settings.stepsPerEpoch() > 0
                        ? Math.min(settings.stepsPerEpoch(), trainBatches)
                        : trainBatches;
        long total = (long) settings.epochs() * stepsPerEpoch;
        long warmup = (long) settings.warmupEpochs() * stepsPerEpoch;
        return new Schedule(
                stepsPerEpoch, total, warmup, settings.objective().firstThetaStep(warmup, total));
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
     * The step counts of a search.
     *
     * @param stepsPerEpoch steps per epoch
     * @param total all steps
     * @param warmup the steps of the weight warm-up (uniformly sampled paths, no theta)
     * @param firstTheta the first step that updates theta (after the theta warm-up)
     */
    private record Schedule(int stepsPerEpoch, long total, long warmup, long firstTheta) {}

    /** The search loop: per step a weight step, a theta step, a history row and checkpoints. */
    private final class Loop {

        private final Schedule schedule;
        private final SuperNet net;
        private final MomentumSgd sgd;
        private final ArchitecturePolicy policy;
        private final ArchitecturePolicy uniform;
        private final Adam adam;
        private final WeightStep weights;
        private final ThetaStep theta;
        private final Pricing pricing;
        private final NDManager manager;
        private final History history;
        private final ProgressBar bar;
        private final CheckpointStore checkpoints;
        private int epochOfOrder = -1;
        private int[] trainOrder;
        private int[] valOrder;

        @SuppressWarnings("checkstyle:ParameterNumber")
        Loop(Schedule schedule, SuperNet net, MomentumSgd sgd, ArchitecturePolicy policy,
                Adam adam, WeightStep weights, ThetaStep theta, Pricing pricing,
                NDManager manager, History history, ProgressBar bar,
                CheckpointStore checkpoints) {
            this.schedule = schedule;
            this.net = net;
            this.sgd = sgd;
            this.policy = policy;
            this.uniform = ArchitecturePolicy.uniform(settings.space(), settings.constraint());
            this.adam = adam;
            this.weights = weights;
            this.theta = theta;
            this.pricing = pricing;
            this.manager = manager;
            this.history = history;
            this.bar = bar;
            this.checkpoints = checkpoints;
        }

        void run(long from) throws IOException {
            for (long step = from; step < schedule.total(); step++) {
                step(step);
            }
        }

        private void step(long step) throws IOException {
            int epoch = (int) (step / schedule.stepsPerEpoch());
            int inEpoch = (int) (step % schedule.stepsPerEpoch());
            if (epoch != epochOfOrder) {
                trainOrder = Permutations.epochOrder(train.size(), settings.seed(), 0, epoch);
                valOrder = Permutations.epochOrder(validation.size(), settings.seed(), 1, epoch);
                epochOfOrder = epoch;
            }
            Random rng = Permutations.forStep(settings.seed(), step);
            long total = schedule.total();
            float lr = (float) (settings.weightLearningRate()
                    * 0.5 * (1 + Math.cos(Math.PI * step / total)));
            sgd.setLearningRate(lr);
            boolean searching = step >= schedule.warmup();
            double tau = temperature(step, schedule.warmup(), total);
            int batch = settings.batchSize();
            Architecture path = (searching ? policy : uniform).sample(rng, tau).architecture();
            WeightStep.Result w;
            try (NDManager sub = manager.newSubManager()) {
                w = weights.run(step, rng,
                        path, train.batch(sub, trainOrder, inEpoch * batch, batch));
            }
            CostMetric metric = settings.metric();
            CostTable table = pricing.table();
            double expected =
                    policy.expectedCost(table.fixed(metric), (b, c) -> table.cost(b, c, metric));
            ThetaStep.Result t = ThetaStep.Result.NONE;
            if (step >= schedule.firstTheta()) {
                try (NDManager sub = manager.newSubManager()) {
                    int j = inEpoch % (validation.size() / batch);
                    t = theta.run(step, rng, tau,
                            validation.batch(sub, valOrder, j * batch, batch), expected);
                }
            }
            String phase = !searching ? "warmup" : step < schedule.firstTheta() ? "theta-warmup"
                    : "search";
            history.append(row(step, epoch, phase, lr, tau, w, t, expected));
            if ((step + 1) % settings.checkpointEvery() == 0
                    || inEpoch == schedule.stepsPerEpoch() - 1) {
                checkpoint(checkpoints, step + 1, net, sgd, policy, adam, theta.baseline(),
                        theta.lossBaseline());
            }
            if (bar != null) {
                bar.update(step + 1, String.format(Locale.ROOT,
                        "epoch %d loss %.3f acc %.3f E[J] %.3g %s (c %.3g) tau %.2f", epoch,
                        w.loss(), w.accuracy(), expected, metric.unit(), pricing.budget(), tau));
            }
        }

        private Object[] row(long step, int epoch, String phase, float lr, double tau,
                WeightStep.Result w, ThetaStep.Result t, double expected) {
            double budget = pricing.budget();
            double penalty = settings.objective().penalty() == CostPenalty.HINGE
                    ? CostPenalty.HINGE.of(expected, budget, settings.lambda())
                    : t.penalty();
            List<Object> row = new ArrayList<>(List.of(step + 1, epoch, phase, (double) lr, tau,
                    settings.lambda(), (double) w.loss(), (double) w.accuracy(), t.valLoss(),
                    t.valAcc(), t.sampled(), expected, budget, penalty, theta.baseline(),
                    t.reinforceNorm(), t.exactNorm(), t.cosine(), policy.mostLikely().code(),
                    w.largestLoss()));
            if (settings.sandwich()) {
                row.addAll(List.of(w.smallestLoss(), w.sampledSoftLoss(), w.smallestSoftLoss()));
            }
            return row.toArray();
        }
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
