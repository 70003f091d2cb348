package ai.mpnas.zoo;

import java.nio.file.Path;

/**
 * A file of a published version that does not match the SHA-1 its {@code metadata.json} records.
 *
 * @param file the file
 * @param expectedSha1 the SHA-1 in metadata.json, or {@link #NONE} when it records none
 * @param foundSha1 the SHA-1 of the file, or {@link #NONE} when the file is missing
 */
public record BadFile(Path file, String expectedSha1, String foundSha1) {

    /** Stands for a checksum that is not there: a missing file, or a file listed without one. */
    public static final String NONE = "none";

    /**
     * Returns the one-line description: the file, the expected and the found checksum.
     *
     * @return e.g. {@code /zoo/.../model.onnx: sha1 expected 3f2a..., found 9c01...}
     */
    public String describe() {
        String found = NONE.equals(foundSha1) ? "no file" : foundSha1;
        return file + ": sha1 expected " + expectedSha1 + ", found " + found;
    }
}
