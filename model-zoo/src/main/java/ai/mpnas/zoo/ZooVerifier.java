package ai.mpnas.zoo;

import ai.djl.repository.Artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks the files of a published version against the SHA-1 hashes in its {@code metadata.json}
 * before they are loaded.
 */
public final class ZooVerifier {

    private ZooVerifier() {}

    /**
     * Verifies a version directory against a DJL artifact (as read from {@code metadata.json}).
     *
     * @param dir the directory holding the artifact's files
     * @param artifact the artifact whose {@code files} list names and hashes
     * @throws ZooIntegrityException naming the first file that is missing or whose SHA-1 differs
     * @throws IOException if a file cannot be read
     */
    public static void verify(Path dir, Artifact artifact) throws IOException {
        Map<String, String> expected = new LinkedHashMap<>();
        for (Artifact.Item item : artifact.getFiles().values()) {
            expected.put(item.getName(), item.getSha1Hash());
        }
        verify(dir, expected, artifact.toString());
    }

    /**
     * Verifies one published version of a local zoo.
     *
     * @param zoo the zoo directory
     * @param groupId the group id
     * @param artifactId the artifact id
     * @param version the version
     * @return the verified version directory
     * @throws ZooIntegrityException naming the first file that is missing or whose SHA-1 differs
     * @throws IOException if metadata.json is missing or does not list the version
     */
    public static Path verifyVersion(Path zoo, String groupId, String artifactId, String version)
            throws IOException {
        Path artifactDir =
                ZooNames.resolveInside(
                        zoo.resolve(ZooNames.groupPath(groupId)), "artifact", artifactId);
        Path metadataFile = artifactDir.resolve("metadata.json");
        if (!Files.isRegularFile(metadataFile)) {
            throw new IOException(metadataFile + " not found: " + artifactId + " is not published");
        }
        ZooMetadata metadata = ZooMetadata.read(metadataFile);
        ZooMetadata.Entry entry = metadata.find(ZooNames.checkName("version", version));
        if (entry == null) {
            throw new IOException(metadataFile + " has no artifact with version " + version);
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (ZooMetadata.Item item : entry.files().values()) {
            expected.put(item.name(), item.sha1Hash());
        }
        Path dir = artifactDir.resolve(version);
        verify(dir, expected, groupId + '/' + artifactId + '/' + version);
        return dir;
    }

    private static void verify(Path dir, Map<String, String> expected, String what)
            throws IOException {
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path file = ZooNames.resolveInside(dir, "file", e.getKey());
            if (!Files.isRegularFile(file)) {
                throw new ZooIntegrityException(
                        file,
                        "missing file " + file + " of " + what + " (listed in metadata.json)");
            }
            if (e.getValue() == null) {
                throw new ZooIntegrityException(
                        file, "metadata.json of " + what + " has no sha1Hash for " + file);
            }
            String actual = ZooFiles.sha1(file);
            if (!actual.equalsIgnoreCase(e.getValue())) {
                throw new ZooIntegrityException(
                        file,
                        "checksum mismatch for "
                                + file
                                + " of "
                                + what
                                + ": sha1 is "
                                + actual
                                + ", metadata.json records "
                                + e.getValue()
                                + " (the file was changed after publishing)");
            }
        }
    }
}
