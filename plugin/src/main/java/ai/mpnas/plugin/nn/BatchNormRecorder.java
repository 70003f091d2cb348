package ai.mpnas.plugin.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.mpnas.plugin.engine.NativeCopy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A parameter store that recalibrates the BatchNorms of an mpnas network, as SPOS and OFA do: in a
 * forward pass through it every BatchNorm normalises its input with the input's own per-channel
 * mean and variance (what a training-mode pass does) and records them, pooled exactly over all
 * the passes (not a moving average); {@link #writeRunningStatistics()} then writes them into
 * those BatchNorms' running statistics. A path of a weight-shared supernet so gets the statistics
 * of its own activations before it is evaluated with them.
 *
 * <p>The recorder is passed where any parameter store goes ({@code block.forward(recorder, x,
 * false)}); the BatchNorm calls of {@link Norms} consult it. It normalises with batch statistics
 * whatever the {@code training} flag says, so run the passes in inference mode: no gradient
 * collector, and no engine updates any running statistics in place. The network's running
 * statistics change only in {@link #writeRunningStatistics()}, the same way on every engine, and
 * no other parameter changes at all.
 */
public class BatchNormRecorder extends ParameterStore {

    private final Map<Block, ChannelMoments> moments = new LinkedHashMap<>();

    /**
     * Creates a recorder.
     *
     * @param manager the manager of the arrays a forward pass needs (close it after the passes)
     */
    public BatchNormRecorder(NDManager manager) {
        super(manager, false);
    }

    /**
     * Normalises a BatchNorm's input with its own per-channel statistics and records them.
     *
     * @param norm the BatchNorm (built by {@link Norms#batchNorm()}, channels on axis 1)
     * @param input its input, (N, C, ...)
     * @param scale a scalar its scale and shift are multiplied by, or null
     * @return the normalised input
     */
    NDArray normalize(Block norm, NDArray input, NDArray scale) {
        long batch = input.getShape().get(0);
        long channels = input.getShape().get(1);
        // (N, C, rest): one-axis sums over the last, then the first axis, the fastest reductions
        // on both engines (measured; PyTorch's mean takes one axis only)
        NDArray rows = input.reshape(batch, channels, -1);
        long count = input.size() / channels;
        NDArray mean = rows.sum(new int[] {2}, true).sum(new int[] {0}, true).div(count);
        // squared deviations from the batch's own mean, so the float sums stay well conditioned
        NDArray squares =
                rows.sub(mean).square().sum(new int[] {2}).sum(new int[] {0}).reshape(channels);
        mean = mean.reshape(channels);
        moments.computeIfAbsent(norm, n -> new ChannelMoments(Math.toIntExact(channels)))
                .add(count, mean.toFloatArray(), squares.toFloatArray());
        return Norms.withStatistics(this, norm, input, mean, squares.div(count), false, scale);
    }

    /**
     * Returns the BatchNorms the recorded passes ran, in the order they first ran.
     *
     * @return the BatchNorm blocks
     */
    public Set<Block> recordedNorms() {
        return Collections.unmodifiableSet(moments.keySet());
    }

    /**
     * Returns the pooled per-channel mean of a BatchNorm's inputs.
     *
     * @param norm a recorded BatchNorm
     * @return the mean per channel
     * @throws IllegalArgumentException if the BatchNorm did not run
     */
    public double[] mean(Block norm) {
        return momentsOf(norm).mean.clone();
    }

    /**
     * Returns the pooled per-channel variance of a BatchNorm's inputs (divided by the count, as
     * BatchNorm normalises a batch).
     *
     * @param norm a recorded BatchNorm
     * @return the variance per channel
     * @throws IllegalArgumentException if the BatchNorm did not run
     */
    public double[] variance(Block norm) {
        return momentsOf(norm).variance();
    }

    private ChannelMoments momentsOf(Block norm) {
        ChannelMoments m = moments.get(norm);
        if (m == null) {
            throw new IllegalArgumentException("no input of this BatchNorm was recorded");
        }
        return m;
    }

    /**
     * Writes every recorded BatchNorm's pooled mean and variance into its running mean and
     * variance. BatchNorms that did not run, and every other parameter, keep their values.
     */
    public void writeRunningStatistics() {
        for (Map.Entry<Block, ChannelMoments> e : moments.entrySet()) {
            var parameters = e.getKey().getParameters();
            NativeCopy.copy(toFloats(e.getValue().mean), parameters.get("runningMean").getArray());
            NativeCopy.copy(
                    toFloats(e.getValue().variance()), parameters.get("runningVar").getArray());
        }
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int c = 0; c < floats.length; c++) {
            floats[c] = (float) values[c];
        }
        return floats;
    }

    /**
     * Per-channel count, mean and sum of squared deviations, merged batch by batch with the
     * pairwise update of Chan, Golub and LeVeque (exact, and stable where a running sum of
     * squares is not).
     */
    private static final class ChannelMoments {

        private long count;
        private final double[] mean;
        private final double[] squares;

        ChannelMoments(int channels) {
            mean = new double[channels];
            squares = new double[channels];
        }

        void add(long batchCount, float[] batchMean, float[] batchSquares) {
            long total = count + batchCount;
            for (int c = 0; c < mean.length; c++) {
                double delta = batchMean[c] - mean[c];
                mean[c] += delta * batchCount / total;
                squares[c] += batchSquares[c] + delta * delta * count * batchCount / total;
            }
            count = total;
        }

        double[] variance() {
            double[] v = new double[squares.length];
            for (int c = 0; c < v.length; c++) {
                v[c] = squares[c] / count;
            }
            return v;
        }
    }
}
