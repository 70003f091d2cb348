package ai.mpnas.bitfusion;

/**
 * Bad input in a file or JSON document: names the source, the field (JSON path) and what is
 * allowed, in one line. The command line maps it to exit code 2.
 */
public class InputFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final String field;

    /**
     * Creates the exception.
     *
     * @param source the file name or other source description
     * @param field the JSON path of the bad field, or the empty string for the whole document
     * @param problem what is wrong and what is allowed
     */
    public InputFormatException(String source, String field, String problem) {
        super(source + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
        this.source = source;
        this.field = field;
    }

    /**
     * Returns the source (usually the file name).
     *
     * @return the source
     */
    public String source() {
        return source;
    }

    /**
     * Returns the JSON path of the bad field.
     *
     * @return the path, or the empty string
     */
    public String field() {
        return field;
    }
}
