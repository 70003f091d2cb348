package ai.mpnas.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.mpnas.plugin.engine.Scalars;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.supernet.SuperNet;
import ai.mpnas.search.policy.ArchitecturePolicy;
import ai.mpnas.search.policy.Decision;
import ai.mpnas.training.CheckpointStore;
import ai.mpnas.training.TrainingSteps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The weight step of the search: trains the sampled path on a training batch (one SGD step).
 *
 * <p>With the sandwich rule (BigNAS) it also trains the largest and the smallest path on the same
 * batch, and the sampled and smallest paths learn the largest path's soft labels as well
 * (in-place distillation, US-Nets and BigNAS): the largest path is trained on the true labels;
 * its log-softmax, detached, is the target of a KL term for the others, whose loss is
 * {@code (1 - w) CE(labels) + w KL(teacher || student)} with w = {@value #SOFT_LABEL_WEIGHT}.
 * BigNAS uses the soft labels alone; this search runs a few epochs from scratch, and in the first
 * of them the largest path is a poor teacher, so half of each smaller path's loss stays on the
 * true labels. The three losses are summed and backpropagated together, and one SGD step applies
 * the accumulated gradient over the union of the weights the three paths used, as BigNAS and
 * slimmable networks do: three steps would move the shared weights three times with momentum in
 * between, and the order of the paths would decide which of them the weights end nearest.
 */
final class WeightStep {

    /** The weight of the soft labels in the smaller paths' loss. */
    static final double SOFT_LABEL_WEIGHT = 0.5;

    /** The history columns the sandwich rule adds. */
    static final List<String> SANDWICH_COLUMNS =
            List.of("smallest_train_loss", "sampled_soft_loss", "smallest_soft_loss");

    private final Trainer trainer;
    private final SuperNet net;
    private final ArchitecturePolicy policy;
    private final ActiveRegions regions;
    private final CheckpointStore checkpoints;
    private final boolean sandwich;

    WeightStep(
            Trainer trainer,
            SuperNet net,
            ArchitecturePolicy policy,
            ActiveRegions regions,
            CheckpointStore checkpoints,
            boolean sandwich) {
        this.trainer = trainer;
        this.net = net;
        this.policy = policy;
        this.regions = regions;
        this.checkpoints = checkpoints;
        this.sandwich = sandwich;
    }

    /**
     * Trains on one batch.
     *
     * @param step the 0-based step
     * @param rng the step's random source, after the path was drawn (the largest path draws its
     *     bit widths from it)
     * @param path the sampled path
     * @param data the training batch
     * @return the losses
     */
    Result run(long step, Random rng, Architecture path, NDList data) throws IOException {
        net.setArchitecture(path);
        if (!sandwich) {
            float[] result;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                result = TrainingSteps.forwardBackward(trainer, collector, data);
            }
            Divergence.check(result[0], "training", step, checkpoints);
            trainer.step();
            return new Result(result[0], result[1], Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        Architecture largest = largest(policy, rng);
        Architecture smallest = smallest(policy);
        NDArray labels = data.get(1);
        float[] l = new float[6];
        List<Map<String, NDIndex>> used = new ArrayList<>();
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDArray teacherLogits = logits(largest, data, used);
            NDArray largestLoss = hardLoss(labels, teacherLogits);
            // detached: the soft term trains the smaller paths towards the largest, not back
            NDArray teacher = teacherLogits.logSoftmax(1).stopGradient();
            NDArray sampledLogits = logits(path, data, used);
            NDArray sampledHard = hardLoss(labels, sampledLogits);
            NDArray sampledSoft = distillationLoss(sampledLogits, teacher);
            NDArray smallestLogits = logits(smallest, data, used);
            NDArray smallestHard = hardLoss(labels, smallestLogits);
            NDArray smallestSoft = distillationLoss(smallestLogits, teacher);
            collector.backward(largestLoss.add(mix(sampledHard, sampledSoft))
                    .add(mix(smallestHard, smallestSoft)));
            l = new float[] {sampledHard.getFloat(), accuracy(sampledLogits, labels),
                largestLoss.getFloat(), smallestHard.getFloat(), sampledSoft.getFloat(),
                smallestSoft.getFloat()};
        }
        for (int i = 0; i < l.length; i++) {
            Divergence.check(l[i], "training", step, checkpoints);
        }
        regions.override(union(used));
        try {
            trainer.step();
        } finally {
            regions.override(null);
        }
        return new Result(l[0], l[1], l[2], l[3], l[4], l[5]);
    }

    private NDArray logits(Architecture architecture, NDList data, List<Map<String, NDIndex>> used) {
        net.setArchitecture(architecture);
        used.add(net.activeRegions());
        return trainer.forward(new NDList(data.get(0))).singletonOrThrow();
    }

    private NDArray hardLoss(NDArray labels, NDArray logits) {
        return trainer.getLoss().evaluate(new NDList(labels), new NDList(logits));
    }

    private static NDArray mix(NDArray hard, NDArray soft) {
        return Scalars.mul(hard, (float) (1 - SOFT_LABEL_WEIGHT))
                .add(Scalars.mul(soft, (float) SOFT_LABEL_WEIGHT));
    }

    private static float accuracy(NDArray logits, NDArray labels) {
        return logits.argMax(1).toType(DataType.FLOAT32, false).eq(labels)
                .toType(DataType.FLOAT32, false).mean().getFloat();
    }

    /**
     * Returns the in-place distillation loss, the batch mean of KL(teacher || student) =
     * sum_c p_t (log p_t - log softmax(student)_c). Its gradient with respect to the student's
     * logits is (softmax(student) - p_t) / batch, that of soft-label cross-entropy; the teacher's
     * entropy is subtracted only so that a student that matches its teacher logs 0.
     *
     * @param studentLogits the student's logits, (batch, classes)
     * @param teacherLogProbabilities the teacher's log-softmax, (batch, classes), detached
     * @return a scalar
     */
    static NDArray distillationLoss(NDArray studentLogits, NDArray teacherLogProbabilities) {
        NDArray teacher = teacherLogProbabilities.exp();
        return teacher.mul(teacherLogProbabilities.sub(studentLogits.logSoftmax(1)))
                .sum(new int[] {1})
                .mean();
    }

    /**
     * Every block at its largest m and k, none skipped, at random bit widths: of the values the
     * policy offers, so that a constrained search trains only paths it may choose.
     */
    static Architecture largest(ArchitecturePolicy policy, Random rng) {
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

    /**
     * Every block skipped where the policy may skip it, elsewhere at its smallest m and k and its
     * lowest weight and activation bits, of the values the policy offers (so a bits-only search
     * keeps the reference's operators and an arch-only search its fixed bits).
     */
    static Architecture smallest(ArchitecturePolicy policy) {
        List<BlockChoice> blocks = new ArrayList<>();
        for (int b = 0; b < policy.numBlocks(); b++) {
            BlockChoice choice = policy.values(b, Decision.SKIP).contains(0)
                    ? BlockChoice.skipBlock()
                    : BlockChoice.of(Collections.min(policy.values(b, Decision.EXPAND)),
                            Collections.min(policy.values(b, Decision.KERNEL)),
                            Collections.min(policy.values(b, Decision.WBITS)),
                            Collections.min(policy.values(b, Decision.ABITS)));
            if (!policy.candidates(b).contains(choice)) {
                throw new IllegalStateException(
                        "block " + b + ": the smallest choice " + choice.code()
                                + " is not a candidate of the policy");
            }
            blocks.add(choice);
        }
        return new Architecture(policy.getSearchSpace(), blocks);
    }

    /**
     * The weights the sandwich's paths used, the largest path's first. With shared weights the
     * largest path's region of a parameter (all channels, the whole kernel) holds every smaller
     * path's region of it; a parameter the largest path did not use (a separate op's weights or
     * BatchNorm) has the same region in every path that used it, the op's own.
     */
    static Map<String, NDIndex> union(List<Map<String, NDIndex>> used) {
        Map<String, NDIndex> all = new LinkedHashMap<>();
        for (Map<String, NDIndex> regions : used) {
            regions.forEach(all::putIfAbsent);
        }
        return all;
    }

    /**
     * The losses of a weight step; NaN for the paths the step did not train.
     *
     * @param loss the sampled path's cross-entropy
     * @param accuracy the sampled path's accuracy on the batch
     * @param largestLoss the largest path's cross-entropy
     * @param smallestLoss the smallest path's cross-entropy
     * @param sampledSoftLoss the sampled path's KL divergence from the largest
     * @param smallestSoftLoss the smallest path's KL divergence from the largest
     */
    record Result(
            float loss,
            float accuracy,
            double largestLoss,
            double smallestLoss,
            double sampledSoftLoss,
            double smallestSoftLoss) {}

    /**
     * The weights the optimizer may update: the current path's, or the union of a sandwich's
     * paths while its accumulated gradient is applied.
     */
    static final class ActiveRegions implements Supplier<Map<String, NDIndex>> {

        private final SuperNet net;
        private Map<String, NDIndex> override;

        ActiveRegions(SuperNet net) {
            this.net = net;
        }

        void override(Map<String, NDIndex> regions) {
            override = regions;
        }

        @Override
        public Map<String, NDIndex> get() {
            return override != null ? override : net.activeRegions();
        }
    }
}
