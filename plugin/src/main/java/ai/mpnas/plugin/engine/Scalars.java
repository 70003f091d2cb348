package ai.mpnas.plugin.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multiplication and division by a number, safe on a gradient's path on every engine.
 *
 * <p>Where the engine cannot be trusted with a Java number as an operand ({@link
 * EngineQuirks#javaScalarsSurviveBackward}), the number becomes a 0-dimensional array the engine
 * allocates itself, so the autograd graph that keeps it holds memory the engine owns.
 */
public final class Scalars {

    private Scalars() {}

    /**
     * Returns {@code x * s}.
     *
     * @param x the array
     * @param s the number
     * @return a new array
     */
    public static NDArray mul(NDArray x, float s) {
        if (EngineQuirks.javaScalarsSurviveBackward(x.getManager())) {
            return x.mul(s);
        }
        try (NDArray scalar = engineScalar(x, s)) {
            return x.mul(scalar);
        }
    }

    /**
     * Returns {@code x / s}.
     *
     * @param x the array
     * @param s the number
     * @return a new array
     */
    public static NDArray div(NDArray x, float s) {
        if (EngineQuirks.javaScalarsSurviveBackward(x.getManager())) {
            return x.div(s);
        }
        try (NDArray scalar = engineScalar(x, s)) {
            return x.div(scalar);
        }
    }

    private static NDArray engineScalar(NDArray x, float s) {
        return x.getManager().full(new Shape(), s, x.getDataType());
    }
}
