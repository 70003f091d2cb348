package ai.mpnas.bitfusion;

/**
 * A layer that the accelerator cannot run or that no tiling fits: a property of the layer and the
 * configuration, not a bug. Carries the layer's index when it was costed as part of a list.
 */
public class LayerCostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int layerIndex;

    /**
     * Creates an exception for a layer costed on its own.
     *
     * @param message one line saying what is wrong and what is allowed
     */
    public LayerCostException(String message) {
        this(message, -1, null);
    }

    /**
     * Creates an exception.
     *
     * @param message one line saying what is wrong and what is allowed
     * @param layerIndex the layer's index in its list, or -1
     * @param cause the underlying failure, or null
     */
    public LayerCostException(String message, int layerIndex, Throwable cause) {
        super(layerIndex >= 0 ? "layer " + layerIndex + ": " + message : message, cause);
        this.layerIndex = layerIndex;
    }

    /**
     * Returns the index of the failing layer in the list being costed.
     *
     * @return the index, or -1 when the layer was costed on its own
     */
    public int layerIndex() {
        return layerIndex;
    }

    /**
     * Returns the message without the layer index prefix.
     *
     * @return the bare reason
     */
    public String reason() {
        String message = getMessage();
        String prefix = "layer " + layerIndex + ": ";
        return layerIndex >= 0 && message.startsWith(prefix)
                ? message.substring(prefix.length())
                : message;
    }

    /**
     * Returns a copy of this exception that names a layer index.
     *
     * @param index the layer's index in its list
     * @return the new exception
     */
    public LayerCostException atIndex(int index) {
        return new LayerCostException(reason(), index, this);
    }
}
