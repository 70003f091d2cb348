package ai.mpnas.search;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.mpnas.plugin.engine.EngineQuirks;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.supernet.SuperNet;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.cost.CostTable;
import ai.mpnas.search.policy.Adam;
import ai.mpnas.search.policy.ArchitecturePolicy;
import ai.mpnas.search.policy.Logits;
import ai.mpnas.search.policy.PolicySample;
import ai.mpnas.search.policy.ThetaArrays;
import ai.mpnas.training.CheckpointStore;
import ai.mpnas.training.TrainingSteps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The theta step of the search: samples architectures from the policy, evaluates them on one
 * validation batch, and takes an Adam step on the logits along the gradient of the validation
 * loss (pathwise or REINFORCE, {@link LossEstimator}) plus that of the cost penalty.
 *
 * <p>With the hinge ({@link CostPenalty#HINGE}) the penalty's gradient is lambda / c times the
 * gradient of E[J] (REINFORCE with the moving-average baseline, or exact from the cost table),
 * and only while E[J] exceeds c. With {@link CostPenalty#ABSOLUTE} each sample's penalty
 * lambda |J / c - 1| is its REINFORCE reward, against a moving average of the penalty (or the
 * leave-one-out mean with several samples); REINFORCE is linear in the reward, so with the
 * REINFORCE loss estimator this is TuNAS's single reward L + penalty against the sum of the two
 * baselines. |J / c - 1| is not additive over blocks, so it has no exact gradient from the table.
 *
 * <p>The cost baseline ({@link #baseline()}) is a moving average of J with the hinge and of the
 * penalty with the absolute penalty; both baselines are kept in the checkpoints.
 */
final class ThetaStep {

    private final SearchSettings settings;
    private final Trainer trainer;
    private final SuperNet net;
    private final ArchitecturePolicy policy;
    private final Adam adam;
    private final CostTable table;
    private final double budget;
    private final CheckpointStore checkpoints;
    private double baseline;
    private double lossBaseline;

    ThetaStep(
            SearchSettings settings,
            Trainer trainer,
            SuperNet net,
            ArchitecturePolicy policy,
            Adam adam,
            MixedPrecisionSearch.Pricing pricing,
            CheckpointStore checkpoints,
            double baseline,
            double lossBaseline) {
        if (settings.objective().penalty() == CostPenalty.ABSOLUTE
                && settings.estimator() == GradientEstimator.EXACT) {
            throw new IllegalArgumentException(
                    "search settings: penalty = absolute with estimator = exact: allowed estimator"
                            + " reinforce (|J/c - 1| has no exact gradient from the cost table)");
        }
        this.settings = settings;
        this.trainer = trainer;
        this.net = net;
        this.policy = policy;
        this.adam = adam;
        this.table = pricing.table();
        this.budget = pricing.budget();
        this.checkpoints = checkpoints;
        this.baseline = baseline;
        this.lossBaseline = lossBaseline;
    }

    /** The cost (or penalty) baseline, NaN before the first theta step. */
    double baseline() {
        return baseline;
    }

    /** The validation-loss baseline of REINFORCE, NaN before its first use. */
    double lossBaseline() {
        return lossBaseline;
    }

    /**
     * Runs one theta step.
     *
     * @param step the 0-based step
     * @param rng the step's random source, after the weight step's draws
     * @param tau the Gumbel-softmax temperature
     * @param data the validation batch
     * @param expected E[J] under the policy before this step
     * @return what the history logs of it
     */
    Result run(long step, Random rng, double tau, NDList data, double expected) throws IOException {
        CostMetric metric = settings.metric();
        int count = settings.architecturesPerStep();
        boolean pathwise = settings.lossEstimator() == LossEstimator.PATHWISE;
        List<Architecture> paths = new ArrayList<>(count);
        double[] losses = new double[count];
        double[] costs = new double[count];
        Logits lossGrad = policy.zerosLike();
        double accuracySum = 0;
        for (int i = 0; i < count; i++) {
            PolicySample sample = policy.sample(rng, tau);
            paths.add(sample.architecture());
            costs[i] = table.total(sample.architecture(), metric);
            float[] valResult = validate(sample, data, pathwise, lossGrad, 1.0 / count);
            Divergence.check(valResult[0], "validation", step, checkpoints);
            losses[i] = valResult[0];
            accuracySum += valResult[1];
        }
        double valLoss = Arrays.stream(losses).average().orElseThrow();
        double sampled = Arrays.stream(costs).average().orElseThrow();
        if (!pathwise) {
            lossBaseline = Double.isNaN(lossBaseline) ? valLoss : lossBaseline;
            lossGrad.addScaled(policy.reinforceGradient(paths, losses, lossBaseline), 1.0);
            lossBaseline = movingAverage(lossBaseline, valLoss);
        }
        Result cost = settings.objective().penalty() == CostPenalty.ABSOLUTE
                ? absolute(paths, costs, lossGrad)
                : hinge(paths, costs, sampled, expected, lossGrad);
        adam.step(policy, lossGrad);
        return new Result(valLoss, accuracySum / count, sampled, cost.penalty(),
                cost.reinforceNorm(), cost.exactNorm(), cost.cosine());
    }

    /** The paper's hinge: adds lambda / c d E[J] to the gradient while E[J] exceeds c. */
    private Result hinge(List<Architecture> paths, double[] costs, double sampled,
            double expected, Logits lossGrad) {
        CostMetric metric = settings.metric();
        baseline = Double.isNaN(baseline) ? sampled : baseline;
        Logits reinforce = policy.reinforceGradient(paths, costs, baseline);
        Logits exact = policy.expectedCostGradient((b, c) -> table.cost(b, c, metric));
        double reinforceNorm = reinforce.norm();
        double exactNorm = exact.norm();
        double cosine = reinforce.dot(exact) / (reinforceNorm * exactNorm);
        if (expected > budget) {
            Logits costGrad =
                    settings.estimator() == GradientEstimator.EXACT ? exact : reinforce;
            lossGrad.addScaled(costGrad, settings.lambda() / budget);
        }
        baseline = movingAverage(baseline, sampled);
        return new Result(Double.NaN, Double.NaN, Double.NaN,
                CostPenalty.HINGE.of(expected, budget, settings.lambda()),
                reinforceNorm, exactNorm, cosine);
    }

    /** TuNAS's absolute penalty: each sample's lambda |J / c - 1| in its REINFORCE reward. */
    private Result absolute(List<Architecture> paths, double[] costs, Logits lossGrad) {
        double[] penalties = absolutePenalties(costs, budget, settings.lambda());
        double mean = Arrays.stream(penalties).average().orElseThrow();
        baseline = Double.isNaN(baseline) ? mean : baseline;
        Logits grad = policy.reinforceGradient(paths, penalties, baseline);
        lossGrad.addScaled(grad, 1.0);
        baseline = movingAverage(baseline, mean);
        return new Result(Double.NaN, Double.NaN, Double.NaN, mean, grad.norm(),
                Double.NaN, Double.NaN);
    }

    /**
     * Returns each sample's absolute penalty lambda |J / c - 1|.
     *
     * @param costs the sampled architectures' costs J
     * @param budget the budget c
     * @param lambda the penalty weight
     * @return the penalties, one per cost
     */
    static double[] absolutePenalties(double[] costs, double budget, double lambda) {
        return Arrays.stream(costs).map(j -> CostPenalty.ABSOLUTE.of(j, budget, lambda)).toArray();
    }

    /**
     * Evaluates one sampled architecture on a validation batch. With the pathwise estimator it
     * also backpropagates to the straight-through gates and adds {@code weight} times their
     * gradient to {@code lossGrad}; REINFORCE needs only the loss, so no gates and no backward.
     */
    private float[] validate(
            PolicySample sample, NDList data, boolean pathwise, Logits lossGrad,
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
                lossGrad.addScaled(theta.gradients(), weight);
                // this backward also reached the weights; MXNet's next backward overwrites their
                // gradients (grad_req write), PyTorch's adds to them: without this, validation
                // gradients would train the weights in the next weight step
                if (EngineQuirks.backwardAccumulatesGradients(data.head().getManager())) {
                    collector.zeroGradients();
                }
            }
            return result;
        }
    }

    /** The REINFORCE baselines' update: an exponential moving average with the set decay. */
    private double movingAverage(double average, double value) {
        return settings.baselineDecay() * average + (1 - settings.baselineDecay()) * value;
    }

    /**
     * What a theta step logs; NaN where it did not run (weight warm-up, theta warm-up).
     *
     * @param valLoss the mean validation loss of the samples
     * @param valAcc their mean validation accuracy
     * @param sampled their mean cost
     * @param penalty the penalty: the hinge on E[J], or the mean absolute penalty of the samples
     * @param reinforceNorm the norm of the REINFORCE gradient of the cost term
     * @param exactNorm the norm of the exact gradient of E[J] (hinge only)
     * @param cosine the cosine between the two (hinge only)
     */
    record Result(
            double valLoss,
            double valAcc,
            double sampled,
            double penalty,
            double reinforceNorm,
            double exactNorm,
            double cosine) {

        /** No theta step. */
        static final Result NONE =
                new Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN);
    }
}
