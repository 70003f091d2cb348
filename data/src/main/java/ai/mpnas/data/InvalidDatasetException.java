package ai.mpnas.data;

import java.nio.file.Path;

/**
 * Thrown when a dataset file or directory is missing, truncated or corrupt.
 *
 * <p>The message is one line that starts with the path and says what was expected, for example
 * {@code ".../train-images-idx3-ubyte.gz: expected IDX magic 0x00000803, found 0x00000801"}. It
 * extends {@link IllegalArgumentException} because the cause is bad input, not a program error.
 */
public class InvalidDatasetException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The file or directory that is wrong; kept as a string so that the exception serialises. */
    private final String path;

    /**
     * Constructs an exception for a file or directory.
     *
     * @param path the offending file or directory
     * @param problem what was expected and what was found, without the path
     */
    public InvalidDatasetException(Path path, String problem) {
        super(path + ": " + problem);
        this.path = path.toString();
    }

    /**
     * Constructs an exception for a file or directory with the underlying cause.
     *
     * @param path the offending file or directory
     * @param problem what was expected and what was found, without the path
     * @param cause the I/O error that revealed the problem
     */
    public InvalidDatasetException(Path path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path.toString();
    }

    /**
     * Returns the file or directory that is wrong.
     *
     * @return the path
     */
    public Path getPath() {
        return Path.of(path);
    }
}
