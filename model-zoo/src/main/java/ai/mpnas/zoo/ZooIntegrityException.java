package ai.mpnas.zoo;

import java.io.IOException;
import java.nio.file.Path;

/** Thrown when a file of a published model is missing or does not match its recorded SHA-1. */
public class ZooIntegrityException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * Constructs the exception.
     *
     * @param file the file that failed the check
     * @param message the message, which names the file
     */
    public ZooIntegrityException(Path file, String message) {
        super(message);
        this.file = file;
    }

    /**
     * Returns the file that failed the check.
     *
     * @return the file
     */
    public Path getFile() {
        return file;
    }
}
