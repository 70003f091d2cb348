package ai.mpnas.plugin.engine;

import ai.djl.ndarray.NDManager;

/**
 * Every place where mpnas does something differently per DJL engine, each answered here and
 * nowhere else, so that a new engine (or a fixed one) is one edit.
 *
 * <p>The engines agree on what they compute; they differ in which operator is fast, in how a
 * second backward treats existing gradients, and in the arrays a fused update names. Each question
 * below says which engine answers yes and why; the callers say what they do with the answer.
 */
public final class EngineQuirks {

    /** DJL's name of the MXNet engine. */
    public static final String MXNET = "MXNet";

    /** DJL's name of the PyTorch engine. */
    public static final String PYTORCH = "PyTorch";

    private EngineQuirks() {}

    /**
     * Whether ReLU6 should be written as {@code maximum(0).minimum(6)} instead of {@code clip}.
     *
     * <p>Yes on MXNet: its clip runs outside oneDNN and is about 5x slower on training-sized
     * activations, and oneDNN's bounded ReLU turns NaN into 0 (which would hide a diverging run).
     * No elsewhere: PyTorch's clip is one fused kernel, and its maximum/minimum split the gradient
     * at ties (0.5 at exactly 0 and 6).
     *
     * @param manager a manager of the engine in use
     * @return whether to use maximum and minimum
     */
    public static boolean relu6AsMaximumMinimum(NDManager manager) {
        return isMxnet(manager);
    }

    /**
     * Whether a backward pass adds to the gradients already there instead of overwriting them.
     *
     * <p>MXNet's parameters use {@code grad_req=write}: each backward overwrites. PyTorch
     * accumulates, so a backward whose gradients must not reach the next optimiser step (the
     * search's validation pass through the weights) has to zero them afterwards.
     *
     * @param manager a manager of the engine in use
     * @return whether gradients accumulate across backward passes
     */
    public static boolean backwardAccumulatesGradients(NDManager manager) {
        return !isMxnet(manager);
    }

    /**
     * Whether the fused momentum-SGD update lists the momentum among the arrays it writes.
     *
     * <p>MXNet's fused operator names both the weight and the momentum as outputs; DJL's PyTorch
     * update names the weight alone (it updates the momentum in place and zeroes the gradient).
     *
     * @param manager a manager of the engine in use
     * @return whether to pass the momentum as a second output
     */
    public static boolean sgdUpdateWritesMomentum(NDManager manager) {
        return isMxnet(manager);
    }

    /**
     * Whether DJL's {@code NDImageUtils.normalize} can normalise images with any channel count.
     *
     * <p>MXNet has a native per-channel normalise operator; on other engines DJL's generic
     * implementation builds three channels, so one-channel images (Fashion-MNIST) need the
     * subtraction and division written out.
     *
     * @param manager a manager of the engine in use
     * @return whether {@code NDImageUtils.normalize} is safe for any channel count
     */
    public static boolean nativeImageNormalize(NDManager manager) {
        return isMxnet(manager);
    }

    /**
     * Whether {@code x.mul(2f)} and the like are safe where a gradient will flow back through them.
     *
     * <p>Yes on MXNet: the number is a parameter of its scalar operator. No on DJL's PyTorch engine:
     * it wraps the number in a tensor whose storage is a Java buffer, closes that tensor as soon as
     * the operator returns, and lets the garbage collector free the buffer, while the autograd graph
     * of {@code mul} and {@code div} has kept the tensor to compute the backward pass. A collection
     * in between made gradients garbage or NaN ({@link Scalars} says what to do instead).
     *
     * @param manager a manager of the engine in use
     * @return whether a Java number may be an operand of an op on the gradient's path
     */
    public static boolean javaScalarsSurviveBackward(NDManager manager) {
        return isMxnet(manager);
    }

    private static boolean isMxnet(NDManager manager) {
        return MXNET.equals(manager.getEngine().getEngineName());
    }
}
