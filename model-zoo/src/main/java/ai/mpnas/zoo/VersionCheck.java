package ai.mpnas.zoo;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of checking one published version against its {@code metadata.json}.
 *
 * @param artifact the artifact id
 * @param version the version
 * @param dir the version directory
 * @param badFiles the files that are missing or changed, empty when the version is intact
 */
public record VersionCheck(String artifact, String version, Path dir, List<BadFile> badFiles) {

    /**
     * Copies the list so that a check is immutable.
     *
     * @param artifact the artifact id
     * @param version the version
     * @param dir the version directory
     * @param badFiles the files that are missing or changed
     */
    public VersionCheck {
        badFiles = List.copyOf(badFiles);
    }

    /**
     * Returns whether every file matches its recorded SHA-1.
     *
     * @return true when no file is bad
     */
    public boolean intact() {
        return badFiles.isEmpty();
    }
}
