package ai.mpnas.search;

import ai.mpnas.bitfusion.AcceleratorConfig;
import ai.mpnas.bitfusion.BitModes;
import ai.mpnas.bitfusion.CostModelKind;
import ai.mpnas.bitfusion.DepthwiseMode;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.plugin.supernet.WeightSharing;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.policy.SearchConstraint;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Everything that defines a search run. Saved as {@code settings.json} in the run directory so
 * that {@code --resume} continues with exactly the settings the run started with.
 *
 * @param space the search space
 * @param dataset the dataset name (provenance)
 * @param metric the constrained cost: energy or latency
 * @param budget the budget c, absolute or relative to the 8-bit reference
 * @param costModel the Bit Fusion cost model
 * @param depthwise how depthwise layers are priced
 * @param bitModes which precision mode each layer is priced in
 * @param accelerator the accelerator configuration
 * @param costBatch the batch size the cost is priced at
 * @param epochs the total epochs, warm-up included
 * @param warmupEpochs epochs of weight-only training with uniformly sampled paths
 * @param batchSize the training and validation batch size
 * @param stepsPerEpoch weight steps per epoch (0: the whole training split)
 * @param weightLearningRate the initial SGD learning rate (cosine-annealed to 0)
 * @param momentum the SGD momentum
 * @param weightDecay the SGD weight decay
 * @param thetaLearningRate the Adam learning rate of the policy
 * @param thetaWeightDecay the L2 decay of the policy logits
 * @param temperatureStart the Gumbel-softmax temperature when the architecture search starts
 * @param temperatureEnd the temperature at the end (exponential schedule)
 * @param lambda the weight of the hinge penalty max(E[J] / c - 1, 0)
 * @param estimator the estimator of the gradient of E[J]
 * @param baselineDecay the decay of the REINFORCE moving-average baseline
 * @param checkpointEvery steps between checkpoints (also one at every epoch end)
 * @param sharing the supernet's weight sharing
 * @param seed the seed of every random choice of the run
 * @param derivationCandidates architectures sampled from the final policy and compared with the
 *     most likely one on the validation split (0: the most likely one, as in the paper)
 * @param lossEstimator the estimator of the gradient of the expected validation loss
 * @param architecturesPerStep architectures sampled per theta step on one validation batch (with
 *     more than one, each REINFORCE term's baseline is the mean of the others)
 * @param skipPrior the probability with which the starting policy skips each block that may be
 *     skipped (0.5: uniform over the codes); the logits' decay pulls toward this prior
 * @param sandwich whether every weight step also trains the largest and the smallest path, with
 *     in-place distillation (the sandwich rule of BigNAS; {@link WeightStep})
 * @param constraint what the search may not change (none: the joint search; or a baseline's)
 * @param objective the cost penalty and the theta warm-up
 */
public record SearchSettings(
        SearchSpace space,
        String dataset,
        CostMetric metric,
        Budget budget,
        CostModelKind costModel,
        DepthwiseMode depthwise,
        BitModes bitModes,
        AcceleratorConfig accelerator,
        int costBatch,
        int epochs,
        int warmupEpochs,
        int batchSize,
        int stepsPerEpoch,
        float weightLearningRate,
        float momentum,
        float weightDecay,
        double thetaLearningRate,
        double thetaWeightDecay,
        double temperatureStart,
        double temperatureEnd,
        double lambda,
        GradientEstimator estimator,
        double baselineDecay,
        int checkpointEvery,
        WeightSharing sharing,
        long seed,
        int derivationCandidates,
        LossEstimator lossEstimator,
        int architecturesPerStep,
        double skipPrior,
        boolean sandwich,
        SearchConstraint constraint,
        ObjectiveSettings objective) {

    /** Checks the settings. */
    public SearchSettings {
        // the range checks live in SettingsChecks, which keeps this record under 500 lines
        SettingsChecks.ranges(epochs, warmupEpochs, batchSize, stepsPerEpoch, costBatch,
                temperatureStart, temperatureEnd, lambda, baselineDecay, checkpointEvery,
                derivationCandidates, architecturesPerStep, skipPrior);
        constraint = constraint == null ? SearchConstraint.none() : constraint;
        constraint.validate(space);
        objective = objective == null ? ObjectiveSettings.DEFAULT : objective;
    }

    /**
     * Creates a builder with the defaults of {@code mpnas search}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes the settings as JSON ({@code settings.json}, read by {@link SearchSettingsJson}).
     *
     * @return the JSON object
     */
    public ObjectNode toJson() {
        return SearchSettingsJson.write(this);
    }

    /**
     * Returns how this run is priced on Bit Fusion: a fresh calculator for its cost model,
     * depthwise mapping, precision modes, accelerator and cost batch.
     *
     * @return the pricing
     */
    public RunFiles.Pricing pricing() {
        return RunFiles.Pricing.of(costModel, depthwise, bitModes, accelerator, costBatch);
    }

    /** The builder of {@link SearchSettings}; every option has the default of the CLI. */
    public static final class Builder {

        private SearchSpace space;
        private String dataset = "fashion-mnist";
        private CostMetric metric = CostMetric.ENERGY;
        private Budget budget = Budget.parse("0.5");
        private CostModelKind costModel = CostModelKind.ORIGINAL;
        private DepthwiseMode depthwise = DepthwiseMode.GROUPED;
        private BitModes bitModes = BitModes.CHEAPEST;
        private AcceleratorConfig accelerator = AcceleratorConfig.bitFusion45nm();
        private int costBatch = 1;
        private int epochs = 8;
        private int warmupEpochs = 2;
        private int batchSize = 64;
        private int stepsPerEpoch;
        private float weightLearningRate = 0.05f;
        private float momentum = 0.9f;
        private float weightDecay = 4e-5f;
        private double thetaLearningRate = 0.01;
        private double thetaWeightDecay = 1e-3;
        private double temperatureStart = 5.0;
        private double temperatureEnd = 0.5;
        private double lambda = 2.0;
        private GradientEstimator estimator = GradientEstimator.REINFORCE;
        private double baselineDecay = 0.9;
        private int checkpointEvery = 100;
        private WeightSharing sharing = WeightSharing.SHARED;
        private long seed = 1;
        private int derivationCandidates = 16;
        private LossEstimator lossEstimator = LossEstimator.PATHWISE;
        private int architecturesPerStep = 1;
        private double skipPrior = 0.5;
        private boolean sandwich;
        private SearchConstraint constraint = SearchConstraint.none();
        private ObjectiveSettings objective = ObjectiveSettings.DEFAULT;

        Builder() {}

        /**
         * Sets the search space (required).
         *
         * @param space the search space
         * @return this builder
         */
        public Builder setSearchSpace(SearchSpace space) {
            this.space = space;
            return this;
        }

        /**
         * Sets the dataset name recorded with the run.
         *
         * @param dataset the name
         * @return this builder
         */
        public Builder optDataset(String dataset) {
            this.dataset = dataset;
            return this;
        }

        /**
         * Sets what the budget constrains; default energy.
         *
         * @param metric energy or latency
         * @return this builder
         */
        public Builder optMetric(CostMetric metric) {
            this.metric = metric;
            return this;
        }

        /**
         * Sets the budget; default 0.5 of the 8-bit reference.
         *
         * @param budget the budget
         * @return this builder
         */
        public Builder optBudget(Budget budget) {
            this.budget = budget;
            return this;
        }

        /**
         * Sets the Bit Fusion cost model and depthwise pricing; default original + grouped.
         *
         * @param model the model
         * @param mode the depthwise mode
         * @return this builder
         */
        public Builder optCostModel(CostModelKind model, DepthwiseMode mode) {
            this.costModel = model;
            this.depthwise = mode;
            return this;
        }

        /**
         * Sets which precision mode each layer is priced in; default cheapest.
         *
         * @param modes cheapest or exact
         * @return this builder
         */
        public Builder optBitModes(BitModes modes) {
            this.bitModes = modes;
            return this;
        }

        /**
         * Sets the accelerator; default the paper's 45 nm Bit Fusion.
         *
         * @param accelerator the configuration
         * @return this builder
         */
        public Builder optAccelerator(AcceleratorConfig accelerator) {
            this.accelerator = accelerator;
            return this;
        }

        /**
         * Sets the batch size the cost is priced at; default 1.
         *
         * @param costBatch the batch size
         * @return this builder
         */
        public Builder optCostBatch(int costBatch) {
            this.costBatch = costBatch;
            return this;
        }

        /**
         * Sets the epochs and warm-up epochs; default 8 and 2.
         *
         * @param epochs the total epochs
         * @param warmupEpochs the weight-only epochs at the start
         * @return this builder
         */
        public Builder optEpochs(int epochs, int warmupEpochs) {
            this.epochs = epochs;
            this.warmupEpochs = warmupEpochs;
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
         * Limits the weight steps per epoch; default 0, the whole training split.
         *
         * @param steps the steps per epoch
         * @return this builder
         */
        public Builder optStepsPerEpoch(int steps) {
            this.stepsPerEpoch = steps;
            return this;
        }

        /**
         * Sets the SGD learning rate, momentum and weight decay; default 0.05, 0.9, 4e-5.
         *
         * @param learningRate the initial learning rate
         * @param momentum the momentum
         * @param weightDecay the weight decay
         * @return this builder
         */
        public Builder optWeightOptimizer(float learningRate, float momentum, float weightDecay) {
            this.weightLearningRate = learningRate;
            this.momentum = momentum;
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * Sets the policy's Adam learning rate and logit decay; default 0.01 and 1e-3.
         *
         * @param learningRate the learning rate
         * @param weightDecay the L2 decay of the logits
         * @return this builder
         */
        public Builder optThetaOptimizer(double learningRate, double weightDecay) {
            this.thetaLearningRate = learningRate;
            this.thetaWeightDecay = weightDecay;
            return this;
        }

        /**
         * Sets the Gumbel-softmax temperature schedule; default 5.0 down to 0.5.
         *
         * @param start the temperature when the architecture search starts
         * @param end the temperature at the end
         * @return this builder
         */
        public Builder optTemperature(double start, double end) {
            this.temperatureStart = start;
            this.temperatureEnd = end;
            return this;
        }

        /**
         * Sets the weight of the budget penalty; default 2.
         *
         * @param lambda lambda
         * @return this builder
         */
        public Builder optLambda(double lambda) {
            this.lambda = lambda;
            return this;
        }

        /**
         * Sets the estimator of the cost gradient; default REINFORCE.
         *
         * @param estimator the estimator
         * @return this builder
         */
        public Builder optEstimator(GradientEstimator estimator) {
            this.estimator = estimator;
            return this;
        }

        /**
         * Sets the estimator of the validation-loss gradient; default PATHWISE (the method's).
         *
         * @param lossEstimator the estimator
         * @return this builder
         */
        public Builder optLossEstimator(LossEstimator lossEstimator) {
            this.lossEstimator = lossEstimator;
            return this;
        }

        /**
         * Sets how many architectures each theta step samples and evaluates on the same
         * validation batch; default 1.
         *
         * @param architectures the architectures per step
         * @return this builder
         */
        public Builder optArchitecturesPerStep(int architectures) {
            this.architecturesPerStep = architectures;
            return this;
        }

        /**
         * Sets the probability with which the starting policy skips each block that may be
         * skipped; default 0.5, the uniform policy.
         *
         * @param skipPrior the probability, in (0, 1)
         * @return this builder
         */
        public Builder optSkipPrior(double skipPrior) {
            this.skipPrior = skipPrior;
            return this;
        }

        /**
         * Sets whether every weight step also trains the largest and the smallest path on the same
         * batch, the smaller ones learning the largest's soft labels too; default off.
         *
         * @param sandwich whether to apply the sandwich rule
         * @return this builder
         */
        public Builder optSandwich(boolean sandwich) {
            this.sandwich = sandwich;
            return this;
        }

        /**
         * Sets the cost penalty and the theta warm-up; default {@link ObjectiveSettings#DEFAULT}.
         *
         * @param objective the objective
         * @return this builder
         */
        public Builder optObjective(ObjectiveSettings objective) {
            this.objective = objective;
            return this;
        }

        /**
         * Fixes s, m and k to {@link SearchSpace#reference(int)}'s (bits-only); default none.
         *
         * @param name {@code reference}, or null for none
         * @return this builder
         */
        public Builder optFixArchitecture(String name) {
            this.constraint = new SearchConstraint(name, constraint.bits());
            return this;
        }

        /**
         * Fixes every weight and activation bit width (arch-only); default none.
         *
         * @param bits a bit width the space offers for weights and activations, or 0 for none
         * @return this builder
         */
        public Builder optFixBits(int bits) {
            this.constraint = new SearchConstraint(constraint.architecture(), bits);
            return this;
        }

        /**
         * Sets steps between checkpoints; default 100.
         *
         * @param steps the interval
         * @return this builder
         */
        public Builder optCheckpointEvery(int steps) {
            this.checkpointEvery = steps;
            return this;
        }

        /**
         * Sets the supernet weight sharing; default shared.
         *
         * @param sharing the mode
         * @return this builder
         */
        public Builder optSharing(WeightSharing sharing) {
            this.sharing = sharing;
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
         * Sets how many architectures sampled from the final policy compete with the most likely
         * one on the validation split; default 16, 0 for the paper's plain argmax.
         *
         * @param candidates the number of sampled candidates
         * @return this builder
         */
        public Builder optDerivationCandidates(int candidates) {
            this.derivationCandidates = candidates;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         */
        public SearchSettings build() {
            if (space == null) {
                throw new IllegalArgumentException("search settings: the search space is not set");
            }
            return new SearchSettings(space, dataset, metric, budget, costModel, depthwise, bitModes,
                    accelerator, costBatch, epochs, warmupEpochs, batchSize, stepsPerEpoch,
                    weightLearningRate, momentum, weightDecay, thetaLearningRate,
                    thetaWeightDecay, temperatureStart, temperatureEnd, lambda, estimator,
                    baselineDecay, checkpointEvery, sharing, seed, derivationCandidates,
                    lossEstimator, architecturesPerStep, skipPrior, sandwich, constraint, objective);
        }
    }
}
