package ai.mpnas.export;

/** Thrown when a run directory lacks a file the export needs, or a file is corrupt. */
public class InvalidRunException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one line naming the file, the problem and what is expected
     */
    public InvalidRunException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message one line naming the file, the problem and what is expected
     * @param cause the cause
     */
    public InvalidRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
