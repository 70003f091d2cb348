package ai.mpnas.zoo;

import ai.djl.repository.Artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the files of published versions against the SHA-1 hashes in their {@code metadata.json}:
 * before they are loaded ({@link #verify}), and for a whole zoo ({@link #checkZoo}), which also
 * checks each version's zip archive.
 */
public final class ZooVerifier {

    private static final String METADATA = "metadata.json";

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
        throwFirst(checkFiles(dir, expected(artifact)));
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
        Path metadataFile = artifactDir.resolve(METADATA);
        if (!Files.isRegularFile(metadataFile)) {
            throw new IOException(metadataFile + " not found: " + artifactId + " is not published");
        }
        ZooMetadata.Entry entry =
                ZooMetadata.read(metadataFile).find(ZooNames.checkName("version", version));
        if (entry == null) {
            throw new IOException(metadataFile + " has no artifact with version " + version);
        }
        Path dir = artifactDir.resolve(version);
        throwFirst(checkFiles(dir, expected(entry)));
        return dir;
    }

    /**
     * Verifies a version directory or archive if it is part of a local zoo, that is if the {@code
     * metadata.json} next to it lists it; DJL Serving's load path ({@link ServingModelLoader})
     * calls this before it loads anything.
     *
     * @param path a version directory or a version's zip archive
     * @return true if it was published and verified, false if it is not part of a zoo
     * @throws ZooIntegrityException naming the first file that is missing or whose SHA-1 differs
     * @throws IOException if metadata.json or a file cannot be read
     */
    public static boolean verifyIfPublished(Path path) throws IOException {
        Path file = path.toAbsolutePath().normalize();
        Path artifactDir = file.getParent();
        if (artifactDir == null || !Files.isRegularFile(artifactDir.resolve(METADATA))) {
            return false;
        }
        String name = file.getFileName().toString();
        ZooMetadata metadata = ZooMetadata.read(artifactDir.resolve(METADATA));
        for (ZooMetadata.Entry entry : metadata.artifacts()) {
            String archive = entry.properties() == null ? null : entry.properties().get("archive");
            if (Files.isDirectory(file) && name.equals(entry.version())) {
                throwFirst(checkFiles(file, expected(entry)));
                return true;
            }
            if (Files.isRegularFile(file) && name.equals(archive)) {
                throwFirst(checkArchive(artifactDir, entry.properties()));
                return true;
            }
        }
        return false;
    }

    /**
     * Checks every published version of a local zoo group, or of one artifact, files and archive.
     *
     * @param zoo the zoo directory
     * @param groupId the group id
     * @param artifactId the artifact to check, or null for every artifact
     * @return one check per version, by artifact, in metadata.json's order
     * @throws IllegalArgumentException if the artifact is not published
     * @throws IOException if a metadata.json or a file cannot be read
     */
    public static List<VersionCheck> checkZoo(Path zoo, String groupId, String artifactId)
            throws IOException {
        Path groupDir = zoo.resolve(ZooNames.groupPath(groupId));
        List<String> artifacts = ZooIndex.scan(groupDir).artifacts();
        if (artifactId != null) {
            if (!artifacts.contains(artifactId)) {
                throw new IllegalArgumentException(
                        "artifact '" + artifactId + "' is not published in " + zoo
                                + "; allowed: " + (artifacts.isEmpty() ? "none" : artifacts));
            }
            artifacts = List.of(artifactId);
        }
        List<VersionCheck> checks = new ArrayList<>();
        for (String id : artifacts) {
            Path artifactDir = groupDir.resolve(id);
            for (ZooMetadata.Entry entry : ZooMetadata.read(artifactDir.resolve(METADATA)).artifacts()) {
                String version = ZooNames.checkName("version", entry.version());
                checks.add(check(artifactDir, id, version, expected(entry), entry.properties()));
            }
        }
        return checks;
    }

    /**
     * Checks one version as DJL read it from a local zoo's metadata.json: its files and archive.
     *
     * @param artifactDir the artifact directory
     * @param artifact the version
     * @return the check
     * @throws IOException if a file cannot be read
     */
    static VersionCheck check(Path artifactDir, Artifact artifact) throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        artifact.getProperties().forEach(props::put);
        String version = ZooNames.checkName("version", artifact.getVersion());
        String id = artifact.getMetadata().getArtifactId();
        return check(artifactDir, id, version, expected(artifact), props);
    }

    private static VersionCheck check(
            Path artifactDir,
            String artifactId,
            String version,
            Map<String, String> expected,
            Map<String, String> properties)
            throws IOException {
        Path dir = artifactDir.resolve(version);
        List<BadFile> bad = new ArrayList<>(checkFiles(dir, expected));
        bad.addAll(checkArchive(artifactDir, properties));
        return new VersionCheck(artifactId, version, dir, bad);
    }

    private static Map<String, String> expected(Artifact artifact) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (Artifact.Item item : artifact.getFiles().values()) {
            expected.put(item.getName(), item.getSha1Hash());
        }
        return expected;
    }

    private static Map<String, String> expected(ZooMetadata.Entry entry) {
        Map<String, String> expected = new LinkedHashMap<>();
        if (entry.files() != null) {
            for (ZooMetadata.Item item : entry.files().values()) {
                expected.put(item.name(), item.sha1Hash());
            }
        }
        return expected;
    }

    /** The archive is listed in the version's properties, not among its files. */
    private static List<BadFile> checkArchive(Path artifactDir, Map<String, String> properties)
            throws IOException {
        String archive = properties == null ? null : properties.get("archive");
        if (archive == null) {
            return List.of();
        }
        return checkFiles(artifactDir, Map.of(archive, properties.getOrDefault("archiveSha1", "")));
    }

    private static List<BadFile> checkFiles(Path dir, Map<String, String> expected)
            throws IOException {
        List<BadFile> bad = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path file = ZooNames.resolveInside(dir, "file", e.getKey());
            String want =
                    e.getValue() == null || e.getValue().isEmpty() ? BadFile.NONE : e.getValue();
            String found = Files.isRegularFile(file) ? ZooFiles.sha1(file) : BadFile.NONE;
            if (BadFile.NONE.equals(want) || !found.equalsIgnoreCase(want)) {
                bad.add(new BadFile(file, want, found));
            }
        }
        return bad;
    }

    private static void throwFirst(List<BadFile> bad) throws ZooIntegrityException {
        if (!bad.isEmpty()) {
            throw new ZooIntegrityException(bad.get(0));
        }
    }
}
