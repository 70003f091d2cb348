package ai.mpnas.bitfusion;

/** A bad layer in a layers file: names the file, the layer index, the field and what is allowed. */
public class LayerFormatException extends InputFormatException {

    private static final long serialVersionUID = 1L;

    private final int layerIndex;

    /**
     * Creates the exception.
     *
     * @param source the file name
     * @param layerIndex the index of the layer in the array, or -1 for the whole document
     * @param field the layer's field name, or the empty string
     * @param problem what is wrong and what is allowed
     */
    public LayerFormatException(String source, int layerIndex, String field, String problem) {
        super(source, path(layerIndex, field), problem);
        this.layerIndex = layerIndex;
    }

    private static String path(int index, String field) {
        if (index < 0) {
            return field;
        }
        return "layers[" + index + "]" + (field.isEmpty() ? "" : "." + field);
    }

    /**
     * Returns the index of the bad layer.
     *
     * @return the index, or -1 for a document-level problem
     */
    public int layerIndex() {
        return layerIndex;
    }
}
