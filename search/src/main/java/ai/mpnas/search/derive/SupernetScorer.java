package ai.mpnas.search.derive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.supernet.SuperNet;
import ai.mpnas.search.train.InMemoryImages;
import ai.mpnas.search.train.Permutations;
import java.util.Arrays;

/**
 * Scores a candidate on the trained supernet by its mean cross-entropy on a fixed subset of the
 * validation split (accuracy on 6,000 images moves in 0.5-point steps of noise; the loss does
 * not), with BatchNorm statistics of fixed batches of {@value #BATCH} images.
 *
 * <p>Why batch statistics and not recalibrated running statistics (SPOS, OFA): on the DJL MXNet
 * engine of this build a training-mode forward does not write the BatchNorm running mean and
 * variance back into the parameters (measured: they stay at their initial 0 and 1, through
 * {@code Trainer.forward} too), so the supernet's running statistics are meaningless and cannot be
 * recalibrated by a forward pass. Large fixed batches make the batch statistics close to the
 * split's and the score a pure function of the weights and the architecture. No parameter
 * changes.
 */
public final class SupernetScorer implements CandidateScorer {

    /** Images per forward: batch statistics of a larger batch are closer to the split's. */
    static final int BATCH = 500;

    private final SuperNet net;
    private final Trainer trainer;
    private final InMemoryImages validation;
    private final int[] scoring;

    /**
     * Creates a scorer.
     *
     * @param net the trained supernet
     * @param trainer its trainer (for the training-mode forward and the arrays' manager)
     * @param validation the validation split
     * @param settings how many validation images score a candidate
     * @param seed the run seed: the scoring images are a function of it
     */
    public SupernetScorer(SuperNet net, Trainer trainer, InMemoryImages validation,
            DerivationSettings settings, long seed) {
        this.net = net;
        this.trainer = trainer;
        this.validation = validation;
        int v = settings.validationImages() == 0
                ? validation.size()
                : Math.min(settings.validationImages(), validation.size());
        // streams 0 and 1 are the search's training and validation orders
        this.scoring = Arrays.copyOf(Permutations.epochOrder(validation.size(), seed, 5, 0), v);
    }

    /** {@inheritDoc} */
    @Override
    public Evaluation evaluate(Architecture architecture) {
        net.setArchitecture(architecture);
        Loss loss = Loss.softmaxCrossEntropyLoss();
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < scoring.length; start += BATCH) {
            int size = Math.min(BATCH, scoring.length - start);
            // batch statistics need the engine in training mode; nothing is backpropagated
            try (NDManager sub = trainer.getManager().newSubManager();
                    GradientCollector training = trainer.newGradientCollector()) {
                NDList data = validation.batch(sub, scoring, start, size);
                NDArray logits = net.forward(new ParameterStore(sub, false),
                        new NDList(data.get(0)), true).singletonOrThrow();
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
