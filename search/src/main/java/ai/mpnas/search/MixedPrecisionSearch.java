package ai.mpnas.search;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.util.ProgressBar;
import ai.mpnas.bitfusion.CostCalculator;
import ai.mpnas.bitfusion.NetworkCost;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.plugin.supernet.SampledPathOptimizer;
import ai.mpnas.plugin.supernet.SuperNet;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.cost.CostTable;
import ai.mpnas.search.policy.Adam;
import ai.mpnas.search.policy.ArchitecturePolicy;
import ai.mpnas.search.policy.Decision;
import ai.mpnas.search.policy.LogitArrays;
import ai.mpnas.search.policy.PolicyJson;
import ai.mpnas.search.policy.PolicySample;
import ai.mpnas.search.policy.SearchConstraint;
import ai.mpnas.search.policy.ThetaArrays;
import ai.mpnas.search.train.AtomicFiles;
import ai.mpnas.search.train.CheckpointStore;
import ai.mpnas.search.train.History;
import ai.mpnas.search.train.InMemoryImages;
import ai.mpnas.search.train.MomentumSgd;
import ai.mpnas.search.train.Permutations;
import ai.mpnas.search.train.TrainingSteps;
import ai.mpnas.search.train.WeightsCheckpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SearchSettings settings;
    private final InMemoryImages train;
    private final InMemoryImages validation;
    private final Path runDirectory;
    private final boolean resume;
    private final boolean progress;

    private MixedPrecisionSearch(Builder builder) {
        settings = builder.settings;
        train = builder.train;
        validation = builder.validation;
        runDirectory = builder.runDirectory;
        resume = builder.resume;
        progress = builder.progress;
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
     * Reads the settings a run directory was started with.
     *
     * @param runDirectory the run directory
     * @return its settings
     * @throws IOException if there is no search to resume there
     */
    public static SearchSettings readSettings(Path runDirectory) throws IOException {
        Path file = runDirectory.resolve("settings.json");
        if (!Files.exists(file)) {
            throw new IOException(runDirectory + ": no search to resume (settings.json is missing)");
        }
        return SearchSettingsJson.read(MAPPER.readTree(file.toFile()), file.toString());
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
                MAPPER.writeValueAsString(settings.toJson()));
        Pricing pricing = price(settings);
        SearchSpace space = settings.space();
        CostMetric metric = settings.metric();
        CostTable table = pricing.table();
        double budget = pricing.budget();

        SuperNet net =
                SuperNet.builder().setSearchSpace(space).optSharing(settings.sharing()).build();
        MomentumSgd sgd =
                MomentumSgd.builder()
                        .optMomentum(settings.momentum())
                        .optLearningRate(settings.weightLearningRate())
                        .optWeightDecays(settings.weightDecay())
                        .build();
        SampledPathOptimizer optimizer =
                SampledPathOptimizer.builder()
                        .setOptimizer(sgd)
                        .setActiveRegions(net::activeRegions)
                        .build();
        ArchitecturePolicy policy = ArchitecturePolicy.withSkipProbability(
                space, settings.skipPrior(), settings.constraint());
        ArchitecturePolicy uniform = ArchitecturePolicy.uniform(space, settings.constraint());
        Adam adam =
                new Adam(settings.thetaLearningRate(), 0.5, 0.999, 1e-8,
                        settings.thetaWeightDecay(), policy.allLogits());
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

        try (Model model = Model.newInstance("mpnas-supernet")) {
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
                ProgressBar bar = progress ? new ProgressBar("Searching", total) : null;
                if (bar != null) {
                    bar.start(step);
                }
                try (History history =
                        History.open(
                                runDirectory.resolve("history.csv"),
                                HISTORY_COLUMNS,
                                latest.isPresent() ? step : -1)) {
                    int epochOfOrder = -1;
                    int[] trainOrder = null;
                    int[] valOrder = null;
                    for (; step < total; step++) {
                        int epoch = (int) (step / stepsPerEpoch);
                        int inEpoch = (int) (step % stepsPerEpoch);
                        if (epoch != epochOfOrder) {
                            trainOrder =
                                    Permutations.epochOrder(train.size(), settings.seed(), 0, epoch);
                            valOrder =
                                    Permutations.epochOrder(
                                            validation.size(), settings.seed(), 1, epoch);
                            epochOfOrder = epoch;
                        }
                        Random rng = Permutations.forStep(settings.seed(), step);
                        float lr =
                                (float)
                                        (settings.weightLearningRate()
                                                * 0.5
                                                * (1 + Math.cos(Math.PI * step / total)));
                        sgd.setLearningRate(lr);
                        boolean searching = step >= warmup;
                        double tau = temperature(step, warmup, total);

                        Architecture path =
                                (searching ? policy : uniform).sample(rng, tau).architecture();
                        net.setArchitecture(path);
                        float[] trainResult;
                        double largestLoss = Double.NaN;
                        try (NDManager sub = manager.newSubManager()) {
                            NDList data = train.batch(sub, trainOrder, inEpoch * batch, batch);
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                trainResult = TrainingSteps.forwardBackward(trainer, collector, data);
                            }
                            checkFinite(trainResult[0], "training", step, checkpoints);
                            trainer.step();
                            if (settings.sandwich()) {
                                // the largest path too, so that wide and deep paths are trained
                                // as often as small ones and the loss compares them fairly
                                net.setArchitecture(largest(policy, rng));
                                try (GradientCollector collector = trainer.newGradientCollector()) {
                                    float[] largest =
                                            TrainingSteps.forwardBackward(trainer, collector, data);
                                    checkFinite(largest[0], "training", step, checkpoints);
                                    largestLoss = largest[0];
                                }
                                trainer.step();
                            }
                        }

                        double valLoss = Double.NaN;
                        double valAcc = Double.NaN;
                        double sampled = Double.NaN;
                        double expected =
                                policy.expectedCost(
                                        table.fixed(metric), (b, c) -> table.cost(b, c, metric));
                        double reinforceNorm = Double.NaN;
                        double exactNorm = Double.NaN;
                        double cosine = Double.NaN;
                        if (searching) {
                            int count = settings.architecturesPerStep();
                            boolean pathwise = settings.lossEstimator() == LossEstimator.PATHWISE;
                            List<Architecture> sampledPaths = new ArrayList<>(count);
                            double[] losses = new double[count];
                            double[] costs = new double[count];
                            double[][][] lossGrad = policy.zerosLike();
                            double accuracySum = 0;
                            try (NDManager sub = manager.newSubManager()) {
                                int j = inEpoch % valBatches;
                                NDList data = validation.batch(sub, valOrder, j * batch, batch);
                                for (int i = 0; i < count; i++) {
                                    PolicySample sample = policy.sample(rng, tau);
                                    sampledPaths.add(sample.architecture());
                                    costs[i] = table.total(sample.architecture(), metric);
                                    float[] valResult = validate(trainer, net, policy, sample,
                                            data, pathwise, lossGrad, 1.0 / count);
                                    checkFinite(valResult[0], "validation", step, checkpoints);
                                    losses[i] = valResult[0];
                                    accuracySum += valResult[1];
                                }
                            }
                            valLoss = Arrays.stream(losses).average().orElseThrow();
                            valAcc = accuracySum / count;
                            sampled = Arrays.stream(costs).average().orElseThrow();
                            if (!pathwise) {
                                lossBaseline = Double.isNaN(lossBaseline) ? valLoss : lossBaseline;
                                LogitArrays.addScaled(lossGrad,
                                        policy.reinforceGradient(sampledPaths, losses, lossBaseline),
                                        1.0);
                                lossBaseline = movingAverage(lossBaseline, valLoss);
                            }
                            baseline = Double.isNaN(baseline) ? sampled : baseline;
                            double[][][] reinforce =
                                    policy.reinforceGradient(sampledPaths, costs, baseline);
                            double[][][] exact =
                                    policy.expectedCostGradient((b, c) -> table.cost(b, c, metric));
                            reinforceNorm = LogitArrays.norm(reinforce);
                            exactNorm = LogitArrays.norm(exact);
                            cosine =
                                    LogitArrays.dot(reinforce, exact)
                                            / (reinforceNorm * exactNorm);
                            if (expected > budget) {
                                double[][][] costGrad =
                                        settings.estimator() == GradientEstimator.EXACT
                                                ? exact
                                                : reinforce;
                                LogitArrays.addScaled(
                                        lossGrad, costGrad, settings.lambda() / budget);
                            }
                            adam.step(policy, lossGrad);
                            baseline = movingAverage(baseline, sampled);
                        }
                        history.append(
                                step + 1,
                                epoch,
                                searching ? "search" : "warmup",
                                (double) lr,
                                tau,
                                settings.lambda(),
                                (double) trainResult[0],
                                (double) trainResult[1],
                                valLoss,
                                valAcc,
                                sampled,
                                expected,
                                budget,
                                settings.lambda() * Math.max(expected / budget - 1, 0),
                                baseline,
                                reinforceNorm,
                                exactNorm,
                                cosine,
                                policy.mostLikely().code(),
                                largestLoss);
                        if ((step + 1) % settings.checkpointEvery() == 0
                                || inEpoch == stepsPerEpoch - 1) {
                            checkpoint(
                                    checkpoints, step + 1, net, sgd, policy, adam, baseline,
                                    lossBaseline);
                        }
                        if (bar != null) {
                            bar.update(
                                    step + 1,
                                    String.format(
                                            Locale.ROOT,
                                            "epoch %d loss %.3f acc %.3f E[J] %.3g %s (c %.3g) tau %.2f",
                                            epoch,
                                            trainResult[0],
                                            trainResult[1],
                                            expected,
                                            metric.unit(),
                                            budget,
                                            tau));
                        }
                    }
                }
                if (bar != null) {
                    bar.end();
                }
                Selection selection = select(policy, pricing, net, trainer, total);
                return finish(policy, pricing, selection);
            }
        }
    }

    /**
     * Derives the result: the most likely architecture (repaired to fit the budget) and, unless
     * disabled, architectures sampled from the final policy (each repaired to fit), compared by
     * their accuracy on the whole validation split with the supernet's shared weights (on 6,000
     * images the standard error of an accuracy near 0.8 is 0.5 points, about what separates
     * candidates; it was 0.9 on the 2,048 images this used before). BatchNorm uses batch
     * statistics here, since the running statistics are shared by every path.
     */
    private Selection select(
            ArchitecturePolicy policy, Pricing pricing, SuperNet net, Trainer trainer, long total) {
        NDManager manager = trainer.getManager();
        CostMetric metric = settings.metric();
        Derivation.Result mostLikely =
                Derivation.derive(policy, pricing.table(), metric, pricing.budget());
        List<Derivation.Result> candidates = new ArrayList<>();
        candidates.add(mostLikely);
        Random rng = Permutations.forStep(settings.seed(), total);
        for (int i = 0; i < settings.derivationCandidates(); i++) {
            Derivation.Result r =
                    Derivation.derive(policy, pricing.table(), metric, pricing.budget(),
                            policy.sample(rng, 1.0).architecture());
            if (candidates.stream().noneMatch(c -> c.architecture().equals(r.architecture()))) {
                candidates.add(r);
            }
        }
        double[] accuracy = new double[candidates.size()];
        int best = 0;
        if (candidates.size() > 1) {
            int n = validation.size();
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int c = 0; c < candidates.size(); c++) {
                net.setArchitecture(candidates.get(c).architecture());
                long correct = 0;
                for (int start = 0; start + settings.batchSize() <= n; start += settings.batchSize()) {
                    // batch statistics need the engine in training mode; nothing is backpropagated
                    try (NDManager sub = manager.newSubManager();
                            GradientCollector training = trainer.newGradientCollector()) {
                        NDList data = validation.batch(sub, order, start, settings.batchSize());
                        NDList out =
                                net.forward(new ParameterStore(sub, false),
                                        new NDList(data.get(0)), true);
                        correct += (long) out.singletonOrThrow().argMax(1)
                                .toType(DataType.FLOAT32, false)
                                .eq(data.get(1)).toType(DataType.FLOAT32, false)
                                .sum().getFloat();
                    }
                }
                accuracy[c] = correct / (double) (n / settings.batchSize() * settings.batchSize());
                if (accuracy[c] > accuracy[best]) {
                    best = c;
                }
            }
        }
        return new Selection(candidates, accuracy, best);
    }

    /** The candidates of the derivation, their validation accuracy and the chosen one. */
    private record Selection(List<Derivation.Result> candidates, double[] accuracy, int chosen) {
        Derivation.Result result() {
            return candidates.get(chosen);
        }
    }

    private SearchResult finish(ArchitecturePolicy policy, Pricing pricing, Selection selection)
            throws IOException {
        CostMetric metric = settings.metric();
        Derivation.Result derived = selection.result();
        Architecture arch = derived.architecture();
        // The network's own sum, not the table's (fixed layers first): `mpnas cost --arch` and
        // `--layers` then print exactly the energy recorded here.
        NetworkCost net = settings.pricing().cost(arch);
        double energy = net.energyTotalNj();
        double cycles = net.totalCycles();
        ObjectNode json = (ObjectNode) MAPPER.readTree(arch.toJson());
        ObjectNode cost = json.putObject("cost");
        cost.put("energy_nJ", energy);
        cost.put("latency_cycles", (long) cycles);
        cost.put("latency_ms", cycles * 1000.0 / settings.accelerator().frequencyHz());
        cost.put(
                "energy_vs_8bit",
                energy / pricing.table().total(settings.space().reference(8), CostMetric.ENERGY));
        ObjectNode budgetNode = json.putObject("budget");
        budgetNode.put(metric == CostMetric.ENERGY ? "energy_nJ" : "latency_cycles",
                pricing.budget());
        budgetNode.put("given", settings.budget().toString());
        budgetNode.put("repairs", derived.repairs());
        json.set("bitfusion", settings.pricing().toJson());
        json.set("search", SearchSectionJson.write(settings, policy, selection.candidates(),
                selection.accuracy(), selection.chosen()));
        AtomicFiles.writeString(
                runDirectory.resolve("architecture.json"), MAPPER.writeValueAsString(json));
        AtomicFiles.writeString(runDirectory.resolve("policy.json"), PolicyJson.write(policy));
        return new SearchResult(
                runDirectory,
                arch,
                energy,
                cycles,
                pricing.budget(),
                pricing.reference(),
                derived.repairs());
    }

    /**
     * Evaluates one sampled architecture on a validation batch. With the pathwise estimator it
     * also backpropagates to the straight-through gates and adds {@code weight} times their
     * gradient to {@code lossGrad}; REINFORCE needs only the loss, so no gates and no backward.
     */
    private static float[] validate(
            Trainer trainer,
            SuperNet net,
            ArchitecturePolicy policy,
            PolicySample sample,
            NDList data,
            boolean pathwise,
            double[][][] lossGrad,
            double weight) {
        if (!pathwise) {
            net.setArchitecture(sample.architecture());
            try (GradientCollector collector = trainer.newGradientCollector()) {
                return TrainingSteps.forward(trainer, data);
            }
        }
        try (NDManager sub = data.head().getManager().newSubManager();
                ThetaArrays theta = ThetaArrays.of(policy, sub)) {
            float[] result;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                net.setSample(theta.gates(sample));
                result = TrainingSteps.forwardBackward(trainer, collector, data);
            }
            LogitArrays.addScaled(lossGrad, theta.gradients(), weight);
            return result;
        }
    }

    /**
     * Every block at its largest m and k, none skipped, at random bit widths: of the values the
     * policy offers, so that a constrained search trains only paths it may choose.
     */
    private static Architecture largest(ArchitecturePolicy policy, Random rng) {
        List<BlockChoice> blocks = new ArrayList<>();
        for (int b = 0; b < policy.numBlocks(); b++) {
            List<Integer> wbits = policy.values(b, Decision.WBITS);
            List<Integer> abits = policy.values(b, Decision.ABITS);
            blocks.add(BlockChoice.of(Collections.max(policy.values(b, Decision.EXPAND)),
                    Collections.max(policy.values(b, Decision.KERNEL)),
                    wbits.get(rng.nextInt(wbits.size())), abits.get(rng.nextInt(abits.size()))));
        }
        return new Architecture(policy.getSearchSpace(), blocks);
    }

    /** The REINFORCE baselines' update: an exponential moving average with the set decay. */
    private double movingAverage(double average, double value) {
        return settings.baselineDecay() * average + (1 - settings.baselineDecay()) * value;
    }

    private double temperature(long step, long warmup, long total) {
        if (step < warmup || total - warmup <= 1) {
            return settings.temperatureStart();
        }
        double progress = (double) (step - warmup) / (total - warmup - 1);
        return settings.temperatureStart()
                * Math.pow(settings.temperatureEnd() / settings.temperatureStart(), progress);
    }

    private static void checkFinite(float loss, String which, long step, CheckpointStore store)
            throws IOException {
        if (!Float.isFinite(loss)) {
            String last =
                    store.latest().map(Path::toString).orElse("none (no checkpoint was written)");
            throw new SearchDivergedException(
                    which
                            + " loss became "
                            + loss
                            + " at step "
                            + (step + 1)
                            + "; the last good checkpoint is "
                            + last
                            + " (lower the learning rate and resume)");
        }
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
