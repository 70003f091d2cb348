package ai.mpnas.plugin.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Copies into an existing array (a parameter, a running statistic) inside the engine, so the array
 * keeps storage the engine owns.
 *
 * <p>DJL's {@code NDArray.copyTo} and {@code set(float[])} pass the values through a Java buffer.
 * On MXNet that buffer is copied and forgotten. DJL's PyTorch engine instead makes a direct Java
 * buffer the tensor's new storage and keeps it alive only through the Java wrapper's field: a view
 * of the array taken before the next such copy (the sampled region of a shared weight) then points
 * at memory the garbage collector may free at any allocation, and reads garbage or NaN. Searches on
 * PyTorch differed from run to run that way, only when a collection fell between the two.
 */
public final class NativeCopy {

    /** Every element of an array. */
    private static final NDIndex WHOLE = new NDIndex("...");

    private NativeCopy() {}

    /**
     * Overwrites {@code target} with {@code source}, element by element, in place.
     *
     * @param source the values; same shape as the target
     * @param target the array to overwrite
     * @throws IllegalArgumentException if the shapes differ
     */
    public static void copy(NDArray source, NDArray target) {
        if (!source.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException(
                    "copying an array of shape " + source.getShape() + " into one of shape "
                            + target.getShape());
        }
        target.set(WHOLE, source);
    }

    /**
     * Overwrites {@code target} with {@code values} (row-major), in place.
     *
     * @param values the values; as many as the target has elements
     * @param target the array to overwrite
     * @throws IllegalArgumentException if the counts differ
     */
    public static void copy(float[] values, NDArray target) {
        if (values.length != target.size()) {
            throw new IllegalArgumentException(
                    values.length + " values for an array of " + target.size() + " elements");
        }
        try (NDArray source = target.getManager().create(values, target.getShape())) {
            target.set(WHOLE, source.toType(target.getDataType(), false));
        }
    }
}
