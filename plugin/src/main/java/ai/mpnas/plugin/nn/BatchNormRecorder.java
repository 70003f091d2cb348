package ai.mpnas.plugin.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A parameter store that records, for every BatchNorm of an mpnas network that a forward pass
 * through it runs, the per-channel mean and variance of the BatchNorm's input, pooled exactly over
 * all the passes (not a moving average); {@link #writeRunningStatistics()} then writes them into
 * those BatchNorms' running statistics. This is the BatchNorm recalibration of SPOS and OFA: a
 * path of a weight-shared supernet gets the statistics of its own activations before it is
 * evaluated with them.
 *
 * <p>The recorder is passed where any parameter store goes ({@code block.forward(recorder, ...)});
 * the BatchNorm calls of {@link Norms} consult it. It hands out copies of the running statistics,
 * so where the engine updates them in place during a training-mode forward (a moving average:
 * PyTorch does, and MXNet outside a trainer) it changes the copies: the network's running
 * statistics change only in {@link #writeRunningStatistics()}, the same way on every engine, and
 * no other parameter changes at all. Run the passes in training mode (batch statistics, inside a gradient collector
 * where the engine needs one) so that each BatchNorm sees the activations of a trained path.
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

    /** {@inheritDoc} */
    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        NDArray value = super.getValue(parameter, device, training);
        if (parameter == null || !isRunningStatistic(parameter)) {
            return value;
        }
        NDArray copy = value.duplicate();
        copy.attach(getManager());
        return copy;
    }

    private static boolean isRunningStatistic(Parameter parameter) {
        return parameter.getType() == Parameter.Type.RUNNING_MEAN
                || parameter.getType() == Parameter.Type.RUNNING_VAR;
    }

    /**
     * Adds a BatchNorm's input to its statistics.
     *
     * @param norm the BatchNorm (built by {@link Norms#batchNorm()}, channels on axis 1)
     * @param input its input, (N, C, ...)
     */
    void record(Block norm, NDArray input) {
        long channels = input.getShape().get(1);
        // one row per channel (PyTorch's mean takes one axis only)
        NDArray rows = input.stopGradient().swapAxes(0, 1).reshape(channels, -1);
        long count = rows.getShape().get(1);
        NDArray mean = rows.mean(new int[] {1}, true);
        // squared deviations from the batch's own mean, so the float sums stay well conditioned
        float[] squares = rows.sub(mean).square().sum(new int[] {1}).toFloatArray();
        moments.computeIfAbsent(norm, n -> new ChannelMoments(Math.toIntExact(channels)))
                .add(count, mean.toFloatArray(), squares);
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
     *
     * @throws IllegalStateException if a BatchNorm's input had another number of channels than
     *     its running statistics
     */
    public void writeRunningStatistics() {
        for (Map.Entry<Block, ChannelMoments> e : moments.entrySet()) {
            ChannelMoments m = e.getValue();
            write(e.getKey(), "runningMean", m.mean);
            write(e.getKey(), "runningVar", m.variance());
        }
    }

    private static void write(Block norm, String name, double[] values) {
        NDArray target = norm.getParameters().get(name).getArray();
        if (target.size() != values.length) {
            throw new IllegalStateException(
                    "BatchNorm "
                            + name
                            + " has "
                            + target.size()
                            + " channels but its input had "
                            + values.length);
        }
        float[] floats = new float[values.length];
        for (int c = 0; c < floats.length; c++) {
            floats[c] = (float) values[c];
        }
        target.set(floats);
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
            if (batchMean.length != mean.length) {
                throw new IllegalStateException(
                        "a BatchNorm's input had "
                                + batchMean.length
                                + " channels, earlier "
                                + mean.length);
            }
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
