package ai.mpnas.plugin.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.mpnas.plugin.engine.NativeCopy;

/**
 * The BatchNorm configuration every mpnas block uses, the BatchNorm calls (which feed a {@link
 * BatchNormRecorder}), and parameter copying between blocks.
 */
public final class Norms {

    /** BatchNorm epsilon, also what the export folds with. */
    public static final float EPSILON = 1e-5f;

    /** BatchNorm running-statistics momentum. */
    public static final float MOMENTUM = 0.9f;

    private Norms() {}

    /**
     * Creates a BatchNorm over axis 1 (channels) with {@link #EPSILON} and {@link #MOMENTUM}.
     *
     * @return a new BatchNorm block
     */
    public static BatchNorm batchNorm() {
        return BatchNorm.builder().optEpsilon(EPSILON).optMomentum(MOMENTUM).build();
    }

    /**
     * Runs a BatchNorm of {@link #batchNorm()}. Every mpnas block calls its BatchNorms through
     * this method or {@link #scaledBatchNorm}, so that a forward pass through a {@link
     * BatchNormRecorder} normalises with batch statistics and records them.
     *
     * @param parameterStore the parameter store (a {@link BatchNormRecorder}: see there)
     * @param norm the BatchNorm
     * @param x the input, NCHW
     * @param training whether this is a training pass (batch statistics)
     * @return the normalised input
     */
    public static NDArray normalize(
            ParameterStore parameterStore, Block norm, NDArray x, boolean training) {
        if (parameterStore instanceof BatchNormRecorder recorder) {
            return recorder.normalize(norm, x, null);
        }
        return norm.forward(parameterStore, new NDList(x), training).singletonOrThrow();
    }

    /**
     * Runs a BatchNorm of {@link #batchNorm()} and multiplies its output by a scalar, by scaling
     * its per-channel scale and shift instead of the output: {@code s * (gamma * xhat + beta) =
     * (s * gamma) * xhat + s * beta}. The same numbers (exactly the same for s = 1), but the scalar
     * costs two multiplies of C values, and its gradient a sum over C, where multiplying the
     * output would cost a pass over the whole activation and a full reduction in backward.
     *
     * @param parameterStore the parameter store (a {@link BatchNormRecorder}: see there)
     * @param norm the BatchNorm (built by {@link #batchNorm()})
     * @param x the input, NCHW
     * @param training whether this is a training pass (batch statistics; updates the running ones)
     * @param scale a scalar (one element)
     * @return {@code scale * norm(x)}
     */
    public static NDArray scaledBatchNorm(
            ParameterStore parameterStore, Block norm, NDArray x, boolean training, NDArray scale) {
        if (parameterStore instanceof BatchNormRecorder recorder) {
            return recorder.normalize(norm, x, scale);
        }
        var device = x.getDevice();
        var parameters = norm.getParameters();
        NDArray mean = parameterStore.getValue(parameters.get("runningMean"), device, training);
        NDArray var = parameterStore.getValue(parameters.get("runningVar"), device, training);
        return withStatistics(parameterStore, norm, x, mean, var, training, scale);
    }

    /**
     * Runs a BatchNorm with the given statistics (used as the running ones; a training pass
     * normalises with the batch's and updates them) and its scale and shift times a scalar.
     */
    static NDArray withStatistics(
            ParameterStore parameterStore,
            Block norm,
            NDArray x,
            NDArray mean,
            NDArray var,
            boolean training,
            NDArray scale) {
        var device = x.getDevice();
        var parameters = norm.getParameters();
        NDArray gamma = parameterStore.getValue(parameters.get("gamma"), device, training);
        NDArray beta = parameterStore.getValue(parameters.get("beta"), device, training);
        return BatchNorm.batchNorm(
                        x,
                        mean,
                        var,
                        scale == null ? gamma : gamma.mul(scale),
                        scale == null ? beta : beta.mul(scale),
                        1,
                        MOMENTUM,
                        EPSILON,
                        training)
                .singletonOrThrow();
    }

    /**
     * Initialises a BatchNorm for a given number of channels.
     *
     * @param norm the BatchNorm
     * @param manager the manager of the parameters
     * @param dataType the data type
     * @param channels the channels
     */
    public static void initialize(Block norm, NDManager manager, DataType dataType, long channels) {
        norm.initialize(manager, dataType, new Shape(1, channels, 1, 1));
    }

    /**
     * Copies every parameter value (including running statistics) from one block to another of the
     * same structure, in parameter order.
     *
     * @param from the source block
     * @param to the target block
     * @throws IllegalArgumentException if the structures differ
     */
    public static void copyParameters(Block from, Block to) {
        var source = from.getParameters().values();
        var target = to.getParameters().values();
        if (source.size() != target.size()) {
            throw new IllegalArgumentException(
                    "cannot copy " + source.size() + " parameters into " + target.size());
        }
        for (int i = 0; i < source.size(); i++) {
            Parameter s = source.get(i);
            Parameter t = target.get(i);
            if (!s.getArray().getShape().equals(t.getArray().getShape())) {
                throw new IllegalArgumentException(
                        "shape mismatch copying "
                                + s.getName()
                                + ": "
                                + s.getArray().getShape()
                                + " into "
                                + t.getArray().getShape());
            }
            NativeCopy.copy(s.getArray(), t.getArray());
        }
    }
}
