package ai.mpnas.zoo;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Thrown when a file of a published model is missing or does not match its recorded SHA-1. The
 * message is one line: the file, the SHA-1 metadata.json records and the one found.
 */
public class ZooIntegrityException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient BadFile badFile;

    /**
     * Constructs the exception.
     *
     * @param badFile the file that failed the check, with both checksums
     */
    public ZooIntegrityException(BadFile badFile) {
        super(badFile.describe());
        this.badFile = badFile;
    }

    /**
     * Returns the file that failed the check.
     *
     * @return the file
     */
    public Path getFile() {
        return badFile.file();
    }

    /**
     * Returns the file with the expected and the found checksum.
     *
     * @return the failed check
     */
    public BadFile getBadFile() {
        return badFile;
    }
}
