package ai.mpnas.plugin.space;

/**
 * Thrown when a search space or an architecture is invalid. The message is one line naming the
 * source (file or preset), the JSON path of the offending field, the problem and the allowed
 * values.
 */
public class SpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The file or preset the data came from. */
    private final String source;

    /** The JSON path of the offending field. */
    private final String path;

    /** What is wrong with the value. */
    private final String problem;

    /** The allowed values, in words. */
    private final String allowed;

    /**
     * Constructs an exception for one field.
     *
     * @param source the file or preset the data came from
     * @param path the JSON path of the offending field, e.g. {@code stages[2].stride}
     * @param problem what is wrong with the value
     * @param allowed the allowed values, in words
     */
    public SpecException(String source, String path, String problem, String allowed) {
        super(source + ": " + path + ": " + problem + "; allowed: " + allowed);
        this.source = source;
        this.path = path;
        this.problem = problem;
        this.allowed = allowed;
    }

    private SpecException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
        this.path = "$";
        this.problem = problem;
        this.allowed = "a JSON document";
    }

    /**
     * Returns an exception about the whole document, e.g. an empty file or JSON that does not
     * parse: {@code SOURCE: problem}, with no field to name.
     *
     * @param source the file or preset the data came from
     * @param problem what is wrong, e.g. {@code empty} or {@code line 3, column 7: ...}
     * @return the exception
     */
    public static SpecException ofDocument(String source, String problem) {
        return new SpecException(source, problem);
    }

    /**
     * Returns a copy of this exception with a prefix on the JSON path, for data nested in a larger
     * document (e.g. the search space inside an architecture file).
     *
     * @param prefix the path prefix, e.g. {@code search_space.}
     * @return the re-rooted exception
     */
    public SpecException withPathPrefix(String prefix) {
        return new SpecException(source, prefix + path, problem, allowed);
    }

    /**
     * Returns the file or preset the data came from.
     *
     * @return the source
     */
    public String getSource() {
        return source;
    }

    /**
     * Returns the JSON path of the offending field.
     *
     * @return the JSON path
     */
    public String getPath() {
        return path;
    }
}
