package ai.mpnas.search;

import ai.djl.ndarray.NDManager;
import ai.djl.training.util.ProgressBar;
import ai.mpnas.data.InMemoryImages;
import ai.mpnas.data.Permutations;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.supernet.SuperNet;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.cost.CostTable;
import ai.mpnas.search.policy.Adam;
import ai.mpnas.search.policy.ArchitecturePolicy;
import ai.mpnas.training.CheckpointStore;
import ai.mpnas.training.History;
import ai.mpnas.training.MomentumSgd;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The search loop: per step a weight step on a training batch, after the warm-up a theta step on a
 * validation batch, a row of {@code history.csv}, and a checkpoint every {@code checkpointEvery}
 * steps and at the end of every epoch. Every random choice is a function of (seed, step), so a
 * loop started at a checkpoint's step continues exactly as the uninterrupted one would have.
 */
final class SearchLoop {

    private final SearchSettings settings;
    private final InMemoryImages train;
    private final InMemoryImages validation;
    private final SearchSchedule schedule;
    private final SuperNet net;
    private final MomentumSgd sgd;
    private final ArchitecturePolicy policy;
    private final ArchitecturePolicy uniform;
    private final Adam adam;
    private final WeightStep weights;
    private final ThetaStep theta;
    private final MixedPrecisionSearch.Pricing pricing;
    private final NDManager manager;
    private final History history;
    private final ProgressBar bar;
    private final CheckpointStore checkpoints;
    private int epochOfOrder = -1;
    private int[] trainOrder;
    private int[] valOrder;

    /**
     * Creates the loop of one search.
     *
     * @param settings the search settings
     * @param train the training split
     * @param validation the validation split
     * @param schedule the step counts
     * @param net the supernet
     * @param sgd the weights' optimizer (its learning rate is set every step)
     * @param policy the policy
     * @param adam the policy's optimizer
     * @param weights the weight step
     * @param theta the theta step
     * @param pricing the priced space and budget
     * @param manager the trainer's manager (batches live in sub-managers of it)
     * @param history the history being appended to
     * @param bar the progress bar, or null
     * @param checkpoints the run's checkpoint store
     */
    @SuppressWarnings("checkstyle:ParameterNumber")
    SearchLoop(SearchSettings settings, InMemoryImages train, InMemoryImages validation,
            SearchSchedule schedule, SuperNet net, MomentumSgd sgd, ArchitecturePolicy policy,
            Adam adam, WeightStep weights, ThetaStep theta, MixedPrecisionSearch.Pricing pricing,
            NDManager manager, History history, ProgressBar bar,
            CheckpointStore checkpoints) {
        this.settings = settings;
        this.train = train;
        this.validation = validation;
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

    /**
     * Runs the steps from a given one to the end.
     *
     * @param from the first step (0, or a checkpoint's step)
     * @throws IOException if the history or a checkpoint cannot be written
     */
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
        double tau = schedule.temperature(settings, step);
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
            SearchState.write(checkpoints, step + 1, net, sgd, policy, adam, theta.baseline(),
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
