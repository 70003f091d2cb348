package ai.mpnas.zoo;

import ai.djl.Application;
import ai.djl.repository.AbstractRepository;
import ai.djl.repository.Artifact;
import ai.djl.repository.MRL;
import ai.djl.repository.Metadata;
import ai.djl.repository.Version;
import ai.djl.repository.VersionRange;
import ai.djl.util.JsonUtils;
import ai.djl.util.Progress;
import ai.djl.util.Utils;
import ai.mpnas.formats.AtomicFiles;

import com.google.gson.JsonParseException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A DJL {@link ai.djl.repository.Repository} over an mpnas zoo: {@code <zoo>/<group
 * path>/<artifact>/metadata.json} with one directory per version beside it.
 *
 * <p>A local zoo ({@code file:}) is loaded in place; a remote zoo ({@code https:}) is downloaded
 * into DJL's cache, checked by DJL against the recorded SHA-1 while downloading. Either way, the
 * files are verified against {@code metadata.json} every time a version is prepared for loading, so
 * a file changed after publishing fails to load with a {@link ZooIntegrityException} naming it.
 * {@code metadata.json} is read fresh on every lookup (DJL's own remote repository caches it for a
 * day, and forever offline), so a new publish is visible at once.
 */
public class ZooRepository extends AbstractRepository {

    private final Path localRoot;

    /**
     * Creates a repository over a zoo.
     *
     * @param name the repository name
     * @param zoo the zoo location, see {@link ZooLocation#parse(String)}
     */
    public ZooRepository(String name, URI zoo) {
        super(name, ZooLocation.parse(zoo.toString()));
        localRoot = ZooLocation.localPath(uri).orElse(null);
    }

    /** {@inheritDoc} */
    @Override
    public boolean isRemote() {
        return localRoot == null;
    }

    /** {@inheritDoc} */
    @Override
    public Metadata locate(MRL mrl) throws IOException {
        String dir = artifactPath(mrl.getGroupId(), mrl.getArtifactId());
        String json;
        if (localRoot != null) {
            Path artifactDir = localRoot.resolve(dir);
            PublishTransaction.recoverIfIdle(artifactDir);
            Path file = artifactDir.resolve("metadata.json");
            if (!Files.isRegularFile(file)) {
                return null;
            }
            json = Files.readString(file);
        } else {
            json = fetch(dir + "metadata.json");
            if (json == null) {
                return null;
            }
        }
        Metadata metadata;
        try {
            metadata = JsonUtils.GSON_PRETTY.fromJson(json, Metadata.class);
        } catch (JsonParseException e) {
            throw new IOException(uri.resolve(dir) + "metadata.json is not valid JSON", e);
        }
        if (metadata == null || metadata.getArtifacts() == null) {
            throw new IOException(uri.resolve(dir) + "metadata.json: field artifacts is missing");
        }
        metadata.init(arguments);
        metadata.setRepositoryUri(URI.create(dir));
        return metadata;
    }

    /** {@inheritDoc} */
    @Override
    public Artifact resolve(MRL mrl, Map<String, String> filter) throws IOException {
        Metadata metadata = locate(mrl);
        if (metadata == null) {
            return null;
        }
        List<Artifact> artifacts = metadata.search(VersionRange.parse(mrl.getVersion()), filter);
        return artifacts.stream()
                .max(Comparator.comparing(a -> new Version(a.getVersion())))
                .orElse(null);
    }

    /** {@inheritDoc} */
    @Override
    public Path getResourceDirectory(Artifact artifact) throws IOException {
        String dir = artifact.getMetadata().getRepositoryUri().getPath();
        String version = ZooNames.checkName("version", artifact.getVersion());
        if (localRoot != null) {
            return localRoot.resolve(dir).resolve(version);
        }
        return getCacheDirectory()
                .resolve("mpnas")
                .resolve(Utils.hash(uri.toString()))
                .resolve(dir)
                .resolve(version);
    }

    /**
     * Makes the files of a version available and verifies them against {@code metadata.json}.
     *
     * @param artifact the version to prepare
     * @param progress download progress, may be null
     * @throws ZooIntegrityException naming a file that is missing or was changed
     * @throws IOException if a download fails
     */
    @Override
    public void prepare(Artifact artifact, Progress progress) throws IOException {
        for (Artifact.Item item : artifact.getFiles().values()) {
            // a remote metadata.json must not place files outside the cache directory
            ZooNames.checkName("file", item.getName());
        }
        Path dir = getResourceDirectory(artifact);
        if (localRoot != null) {
            ZooVerifier.verify(dir, artifact);
            return;
        }
        if (Files.isDirectory(dir)) {
            try {
                ZooVerifier.verify(dir, artifact);
                return;
            } catch (ZooIntegrityException e) {
                // a stale or damaged cached copy (e.g. the version was republished with force)
                AtomicFiles.deleteTree(dir);
            }
        }
        super.prepare(artifact, progress);
        ZooVerifier.verify(dir, artifact);
    }

    /** {@inheritDoc} */
    @Override
    protected URI resolvePath(Artifact.Item item, String path) throws IOException {
        Path file = getResourceDirectory(item.getArtifact()).resolve(item.getName());
        return (path == null || path.isEmpty() ? file : file.resolve(path)).toUri();
    }

    /**
     * Lists the artifacts of the mpnas group: from the directory of a local zoo, from the group's
     * {@code index.json} for a remote one.
     *
     * @return the model resources, one per artifact
     */
    @Override
    public List<MRL> getResources() {
        List<MRL> list = new ArrayList<>();
        try {
            for (String artifactId : listArtifactIds(MpnasModelZoo.GROUP_ID)) {
                list.add(
                        model(
                                Application.CV.IMAGE_CLASSIFICATION,
                                MpnasModelZoo.GROUP_ID,
                                artifactId));
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot list the zoo " + uri + ": " + e.getMessage(), e);
        }
        return list;
    }

    /**
     * Lists the published artifact ids of a group.
     *
     * @param groupId the group id
     * @return the artifact ids, sorted
     * @throws IOException if the zoo cannot be read
     */
    public List<String> listArtifactIds(String groupId) throws IOException {
        String groupPath = ZooNames.groupPath(groupId) + '/';
        if (localRoot != null) {
            return ZooIndex.scan(localRoot.resolve(groupPath)).artifacts();
        }
        String json = fetch(groupPath + ZooIndex.FILE_NAME);
        if (json == null) {
            return List.of();
        }
        return ZooIndex.parse(json, uri.resolve(groupPath + ZooIndex.FILE_NAME).toString())
                .artifacts();
    }

    /**
     * Returns the zoo directory of a local zoo.
     *
     * @return the directory, or null for a remote zoo
     */
    public Path getLocalRoot() {
        return localRoot;
    }

    private String fetch(String relative) throws IOException {
        URI file = uri.resolve(relative);
        try (InputStream is = file.toURL().openStream()) {
            return new String(is.readAllBytes(), StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    private static String artifactPath(String groupId, String artifactId) {
        return ZooNames.groupPath(groupId) + '/' + ZooNames.checkName("artifact", artifactId) + '/';
    }
}
