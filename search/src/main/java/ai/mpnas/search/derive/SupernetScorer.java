package ai.mpnas.search.derive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.mpnas.data.InMemoryImages;
import ai.mpnas.data.Permutations;
import ai.mpnas.plugin.nn.FrozenStatisticsStore;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.supernet.SuperNet;
import java.util.Arrays;

/**
 * Scores a candidate on the trained supernet by its mean cross-entropy on a fixed subset of the
 * validation split (accuracy on 6,000 images moves in 0.5-point steps of noise; the loss does
 * not).
 *
 * <p>By default the candidate's BatchNorm statistics are first recalibrated on a fixed, seeded set
 * of training images ({@link BatchNormRecalibration}, as in SPOS and OFA) and the loss is measured
 * by an inference forward with them. The supernet's own running statistics fit no path: each
 * BatchNorm serves every path through its block's (m, k), at every bit width and after every
 * choice upstream (and on the MXNet engine the search's forwards do not even update them). With
 * recalibration off ({@link DerivationSettings#recalibrationImages()} 0, and every run written
 * before it existed) each fixed batch of {@value #BATCH} validation images is normalised with its
 * own statistics, which makes the score depend on which validation images share a batch.
 *
 * <p>Either way the score is a pure function of the weights, the architecture and the seed, and
 * no parameter is left changed: recalibrated statistics are restored after scoring.
 */
public final class SupernetScorer implements CandidateScorer {

    /** Validation images per forward: a larger batch's statistics are closer to the split's. */
    static final int BATCH = 500;

    private final SuperNet net;
    private final Trainer trainer;
    private final InMemoryImages validation;
    private final int[] scoring;
    private final BatchNormRecalibration recalibration;

    /**
     * Creates a scorer.
     *
     * @param net the trained supernet
     * @param trainer its trainer (for the training-mode forward and the arrays' manager)
     * @param train the training split (the recalibration images)
     * @param validation the validation split
     * @param settings how many validation images score a candidate and how many training images
     *     recalibrate it
     * @param seed the run seed: the scoring and recalibration images are a function of it
     */
    public SupernetScorer(SuperNet net, Trainer trainer, InMemoryImages train,
            InMemoryImages validation, DerivationSettings settings, long seed) {
        this.net = net;
        this.trainer = trainer;
        this.validation = validation;
        int v = settings.validationImages() == 0
                ? validation.size()
                : Math.min(settings.validationImages(), validation.size());
        // streams 0 and 1 are the search's training and validation orders
        this.scoring = Arrays.copyOf(Permutations.epochOrder(validation.size(), seed, 5, 0), v);
        this.recalibration = settings.recalibrationImages() == 0
                ? null
                : new BatchNormRecalibration(net, trainer, train, settings.recalibrationImages(),
                        seed);
    }

    /** {@inheritDoc} */
    @Override
    public Evaluation evaluate(Architecture architecture) {
        net.setArchitecture(architecture);
        if (recalibration == null) {
            return validationLoss(true);
        }
        try (BatchNormRecalibration.Recalibrated path = recalibration.recalibrate()) {
            return validationLoss(false);
        }
    }

    /**
     * The current path's mean loss and accuracy on the scoring images, with each batch's own
     * BatchNorm statistics or with the running ones.
     */
    private Evaluation validationLoss(boolean batchStatistics) {
        Loss loss = Loss.softmaxCrossEntropyLoss();
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < scoring.length; start += BATCH) {
            int size = Math.min(BATCH, scoring.length - start);
            // batch statistics need the engine in training mode; nothing is backpropagated
            try (NDManager sub = trainer.getManager().newSubManager();
                    GradientCollector training =
                            batchStatistics ? trainer.newGradientCollector() : null) {
                NDList data = validation.batch(sub, scoring, start, size);
                NDArray logits = net.forward(new FrozenStatisticsStore(sub),
                        new NDList(data.get(0)), batchStatistics).singletonOrThrow();
                correct += (long) logits.argMax(1).toType(DataType.FLOAT32, false)
                        .eq(data.get(1)).toType(DataType.FLOAT32, false).sum().getFloat();
                // a batch mean: weighted by the batch, so a short last batch counts less
                lossSum += (double) size
                        * loss.evaluate(new NDList(data.get(1)), new NDList(logits)).getFloat();
            }
        }
        return new Evaluation(lossSum / scoring.length, correct / (double) scoring.length);
    }
}
