package ai.mpnas.data;

import ai.djl.repository.AbstractRepository;
import ai.djl.repository.Artifact;
import ai.djl.repository.MRL;
import ai.djl.repository.Metadata;
import ai.djl.util.Progress;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DJL {@link ai.djl.repository.Repository} that serves already checked file contents under the
 * item names a DJL dataset asks for.
 *
 * <p>Why not DJL's own local repositories: DJL's {@code FashionMnist} and {@code Cifar10} read
 * their artifact's items {@code train_data}, {@code train_labels}, {@code data_batch.bin} (all five
 * CIFAR-10 training batches in one file) and so on, already decompressed. A plain directory ({@code
 * Repository.newInstance("local", dir)}, a {@code SimpleRepository}) names items by file name and
 * serves {@code .gz} files compressed; a {@code LocalRepository} needs a {@code metadata.json} next
 * to the data (Debian's directory is read-only) and extracts copies into DJL's cache. This
 * repository maps the real files (Debian's {@code .gz} names, CIFAR's {@code data_batch_1.bin} ..
 * {@code 5}) onto DJL's item names, entirely offline, after mpnas has checked them.
 *
 * <p>Each item's bytes are handed out once and then released, so a prepared dataset does not keep a
 * second copy of its files in memory.
 */
final class InMemoryRepository extends AbstractRepository {

    private final Map<String, List<byte[]>> contents;
    private final Metadata metadata;
    private final Artifact artifact;

    /**
     * Constructs a repository with one artifact.
     *
     * @param name the repository (and artifact) name
     * @param dir the directory the contents came from, reported as the base URI
     * @param contents the checked bytes per DJL item name; several arrays are served concatenated
     */
    InMemoryRepository(String name, Path dir, Map<String, List<byte[]>> contents) {
        super(name, dir.toUri());
        this.contents = new ConcurrentHashMap<>(contents);
        artifact = new Artifact();
        artifact.setName(name);
        Map<String, Artifact.Item> files = new LinkedHashMap<>();
        for (Map.Entry<String, List<byte[]>> entry : contents.entrySet()) {
            Artifact.Item item = new Artifact.Item();
            item.setName(entry.getKey());
            item.setSize(entry.getValue().stream().mapToLong(b -> b.length).sum());
            item.setArtifact(artifact);
            files.put(entry.getKey(), item);
        }
        artifact.setFiles(files);
        metadata = new Metadata.MatchAllMetadata();
        metadata.setArtifactId(name);
        metadata.setRepositoryUri(dir.toUri());
        metadata.setArtifacts(List.of(artifact));
    }

    /** {@inheritDoc} */
    @Override
    public boolean isRemote() {
        return false;
    }

    /** {@inheritDoc} */
    @Override
    public Metadata locate(MRL mrl) {
        return metadata;
    }

    /** {@inheritDoc} */
    @Override
    public Artifact resolve(MRL mrl, Map<String, String> filter) {
        return artifact;
    }

    /** {@inheritDoc} */
    @Override
    public void prepare(Artifact artifact, Progress progress) {
        // The contents are in memory already: nothing to download or extract.
    }

    /** {@inheritDoc} */
    @Override
    public InputStream openStream(Artifact.Item item, String path) throws IOException {
        List<byte[]> parts = contents.remove(item.getName());
        if (parts == null) {
            throw new IOException(
                    getName() + ": item " + item.getName() + " is unknown or was already read");
        }
        return new SequenceInputStream(
                Collections.enumeration(parts.stream().map(ByteArrayInputStream::new).toList()));
    }

    /** {@inheritDoc} */
    @Override
    public List<MRL> getResources() {
        return List.of();
    }
}
