package ai.mpnas.search.derive;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.mpnas.data.InMemoryImages;
import ai.mpnas.data.Permutations;
import ai.mpnas.plugin.engine.NativeCopy;
import ai.mpnas.plugin.nn.BatchNormRecorder;
import ai.mpnas.plugin.nn.FrozenStatisticsStore;
import ai.mpnas.plugin.supernet.SuperNet;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * BatchNorm recalibration of the supernet's current path before it is scored (SPOS, OFA): the
 * path runs forward passes over a fixed, seeded set of training images, each BatchNorm normalising
 * with the batch's own statistics as in training, and every BatchNorm it uses gets the exact mean
 * and variance of its input over all of them as its running statistics ({@link
 * BatchNormRecorder}). No weight, scale or shift changes.
 *
 * <p>The running statistics it replaces come back when the returned {@link Recalibrated} is
 * closed, so a supernet that was scored holds exactly what its training left (what its
 * checkpoints hold), whichever candidates were scored and in what order. Nothing depends on them:
 * recalibration normalises with batch statistics and overwrites the path's running statistics,
 * so each score is a function of the weights, the architecture and the seed alone.
 */
final class BatchNormRecalibration {

    /** Images per forward pass: the batches whose statistics each BatchNorm normalises with. */
    static final int BATCH = 500;

    /** The permutation stream of the recalibration images (0, 1 and 5 are the search's). */
    private static final int STREAM = 6;

    private final SuperNet net;
    private final Trainer trainer;
    private final InMemoryImages train;
    private final int[] images;

    /**
     * Creates the recalibration of a supernet.
     *
     * @param net the supernet
     * @param trainer its trainer (the arrays' manager)
     * @param train the training split
     * @param count how many training images (all of the split if it holds fewer)
     * @param seed the run seed: the images are a function of it
     */
    BatchNormRecalibration(
            SuperNet net, Trainer trainer, InMemoryImages train, int count, long seed) {
        this.net = net;
        this.trainer = trainer;
        this.train = train;
        this.images = Arrays.copyOf(
                Permutations.epochOrder(train.size(), seed, STREAM, 0),
                Math.min(count, train.size()));
    }

    /**
     * Returns how many training images recalibrate a path.
     *
     * @return the number of images
     */
    int images() {
        return images.length;
    }

    /**
     * Recalibrates the BatchNorms of the supernet's current path.
     *
     * @return the replaced statistics; close it to restore them
     */
    Recalibrated recalibrate() {
        try (NDManager scope = trainer.getManager().newSubManager()) {
            BatchNormRecorder recorder = new BatchNormRecorder(scope);
            for (int start = 0; start < images.length; start += BATCH) {
                int size = Math.min(BATCH, images.length - start);
                try (NDManager sub = scope.newSubManager()) {
                    NDList data = train.batch(sub, images, start, size);
                    net.forward(recorder, new NDList(data.get(0)), false);
                }
            }
            Map<Parameter, float[]> previous = new LinkedHashMap<>();
            for (Block norm : recorder.recordedNorms()) {
                for (Parameter p : norm.getParameters().values()) {
                    if (FrozenStatisticsStore.isRunningStatistic(p)) {
                        previous.put(p, p.getArray().toFloatArray());
                    }
                }
            }
            recorder.writeRunningStatistics();
            return new Recalibrated(previous);
        }
    }

    /** A recalibrated path: closing it restores the running statistics recalibration replaced. */
    static final class Recalibrated implements AutoCloseable {

        private final Map<Parameter, float[]> previous;

        private Recalibrated(Map<Parameter, float[]> previous) {
            this.previous = previous;
        }

        /** Restores the running statistics. */
        @Override
        public void close() {
            previous.forEach((p, values) -> NativeCopy.copy(values, p.getArray()));
        }
    }
}
