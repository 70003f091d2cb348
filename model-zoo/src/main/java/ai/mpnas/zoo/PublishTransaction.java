package ai.mpnas.zoo;

import ai.mpnas.formats.AtomicFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One publish of a version into an artifact directory, as a small write-ahead transaction.
 *
 * <p>Everything is staged in {@code <artifact>/.staging-<id>/} ({@code new/}, {@code new.zip}),
 * synced, and described by {@code journal.json}. Then an existing version is moved aside into the
 * staging directory ({@code old/}, {@code old.zip}), the new one renamed into place, and {@code
 * metadata.json} atomically replaced: that rename is the commit. Which of {@code new}, {@code old}
 * still sit in the staging directory tells exactly how far a killed publish got, so {@link
 * #recover} can undo it by renaming back, and can be re-run after a crash of its own.
 */
final class PublishTransaction {

    static final String STAGING_PREFIX = ".staging-";
    static final String LOCK_FILE = ".lock";
    static final String PUBLISH_ID = "publishId";

    private static final String JOURNAL = "journal.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path artifactDir;
    private final Path staging;
    private final Journal journal;

    /**
     * What a staging directory is about to do.
     *
     * @param publishId the id written into the committed metadata entry
     * @param version the version directory name
     * @param archive the archive file name
     */
    record Journal(String publishId, String version, String archive) {}

    private PublishTransaction(Path artifactDir, Path staging, Journal journal) {
        this.artifactDir = artifactDir;
        this.staging = staging;
        this.journal = journal;
    }

    /**
     * Creates an empty staging directory for a new publish.
     *
     * @param artifactDir the artifact directory (locked by the caller)
     * @param version the version
     * @param archive the archive file name
     * @return the transaction
     * @throws IOException if the directory cannot be created
     */
    static PublishTransaction begin(Path artifactDir, String version, String archive)
            throws IOException {
        String id = UUID.randomUUID().toString();
        Path staging = Files.createDirectory(artifactDir.resolve(STAGING_PREFIX + id));
        Files.createDirectory(staging.resolve("new"));
        return new PublishTransaction(artifactDir, staging, new Journal(id, version, archive));
    }

    /** Returns the directory to fill with the new version's files. */
    Path newVersionDir() {
        return staging.resolve("new");
    }

    /** Returns the path to write the new archive to. */
    Path newArchive() {
        return staging.resolve("new.zip");
    }

    /** Returns the path to write the new metadata.json to before it is renamed into place. */
    Path newMetadata() {
        return staging.resolve("metadata.json");
    }

    /** Returns the id recorded in the committed metadata entry. */
    String publishId() {
        return journal.publishId();
    }

    /**
     * Syncs the staged files and writes the journal: from here on, recovery knows what to undo.
     *
     * @throws IOException if syncing or writing fails
     */
    void seal() throws IOException {
        AtomicFiles.syncTree(staging);
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsString(journal).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise journal", e);
        }
        AtomicFiles.write(staging.resolve(JOURNAL), bytes);
    }

    /**
     * Moves an existing version directory and archive into the staging directory.
     *
     * @return true if there was something to move
     * @throws IOException if a rename fails
     */
    boolean moveOldAside() throws IOException {
        boolean moved = false;
        Path version = artifactDir.resolve(journal.version());
        if (Files.exists(version)) {
            AtomicFiles.move(version, staging.resolve("old"));
            moved = true;
        }
        Path archive = artifactDir.resolve(journal.archive());
        if (Files.exists(archive)) {
            AtomicFiles.move(archive, staging.resolve("old.zip"));
            moved = true;
        }
        return moved;
    }

    /**
     * Renames the staged version directory into place.
     *
     * @throws IOException if the rename fails
     */
    void moveVersionIn() throws IOException {
        AtomicFiles.move(newVersionDir(), artifactDir.resolve(journal.version()));
    }

    /**
     * Renames the staged archive into place.
     *
     * @throws IOException if the rename fails
     */
    void moveArchiveIn() throws IOException {
        AtomicFiles.move(newArchive(), artifactDir.resolve(journal.archive()));
    }

    /**
     * Commits: renames the staged metadata.json over the artifact's.
     *
     * @throws IOException if the rename fails
     */
    void commit() throws IOException {
        AtomicFiles.sync(newMetadata());
        AtomicFiles.move(newMetadata(), artifactDir.resolve("metadata.json"));
    }

    /**
     * Finishes this transaction whatever state it is in: deletes the staging directory if the
     * commit happened, otherwise rolls back first.
     *
     * @throws IOException if a rename or delete fails
     */
    void finish() throws IOException {
        recover(artifactDir, staging);
    }

    /**
     * Recovers the artifact directory when no publisher is working in it now: a reader calls this
     * so that a publish killed while replacing a version does not leave it missing.
     *
     * @param artifactDir the artifact directory
     */
    @SuppressWarnings("try") // the lock is held for the scope, never used in it
    static void recoverIfIdle(Path artifactDir) {
        try {
            if (listStaging(artifactDir).isEmpty()) {
                return;
            }
            Optional<ZooLock> lock = ZooLock.tryAcquire(artifactDir.resolve(LOCK_FILE));
            if (lock.isPresent()) {
                try (ZooLock held = lock.get()) {
                    recoverAll(artifactDir);
                }
            }
        } catch (IOException e) {
            // a read-only zoo cannot be repaired by a reader; the publisher will on its next run
        }
    }

    /**
     * Rolls back or finishes every staging directory of an artifact. The caller holds the artifact
     * lock.
     *
     * @param artifactDir the artifact directory
     * @throws IOException if a rename or delete fails
     */
    static void recoverAll(Path artifactDir) throws IOException {
        for (Path staging : listStaging(artifactDir)) {
            recover(artifactDir, staging);
        }
    }

    private static List<Path> listStaging(Path artifactDir) throws IOException {
        if (!Files.isDirectory(artifactDir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(artifactDir)) {
            return list.filter(p -> p.getFileName().toString().startsWith(STAGING_PREFIX))
                    .collect(Collectors.toList());
        }
    }

    private static void recover(Path artifactDir, Path staging) throws IOException {
        Path journalFile = staging.resolve(JOURNAL);
        if (Files.isRegularFile(journalFile)) {
            Journal journal = JSON.readValue(journalFile.toFile(), Journal.class);
            if (!isCommitted(artifactDir, journal)) {
                rollBack(artifactDir, staging, journal);
            }
        }
        // The journal goes first: a staging directory without one is only ever deleted, so a
        // crash while deleting cannot make a later recovery undo a finished rollback.
        Files.deleteIfExists(journalFile);
        AtomicFiles.sync(staging);
        AtomicFiles.deleteTree(staging);
        AtomicFiles.sync(artifactDir);
    }

    private static boolean isCommitted(Path artifactDir, Journal journal) throws IOException {
        ZooMetadata metadata = ZooMetadata.readIfExists(artifactDir.resolve("metadata.json"));
        if (metadata == null) {
            return false;
        }
        ZooMetadata.Entry entry = metadata.find(journal.version());
        return entry != null
                && entry.properties() != null
                && journal.publishId().equals(entry.properties().get(PUBLISH_ID));
    }

    private static void rollBack(Path artifactDir, Path staging, Journal journal)
            throws IOException {
        // Undo in reverse order; each step is one atomic rename decided by what is still
        // staged, so a rollback that is itself interrupted can simply run again.
        Path version = ZooNames.resolveInside(artifactDir, "version", journal.version());
        Path archive = ZooNames.resolveInside(artifactDir, "archive", journal.archive());
        undo(staging.resolve("new.zip"), archive, staging.resolve("old.zip"));
        undo(staging.resolve("new"), version, staging.resolve("old"));
    }

    private static void undo(Path staged, Path target, Path old) throws IOException {
        if (!Files.exists(staged) && Files.exists(target)) {
            AtomicFiles.move(target, staged);
        }
        if (Files.exists(old)) {
            AtomicFiles.move(old, target);
        }
    }

    /**
     * Reads the artifact's metadata entries (for callers that build the next metadata).
     *
     * @param artifactDir the artifact directory
     * @return the current entries by version, empty when unpublished
     * @throws IOException if metadata.json is invalid
     */
    static Map<String, ZooMetadata.Entry> currentEntries(Path artifactDir) throws IOException {
        ZooMetadata metadata = ZooMetadata.readIfExists(artifactDir.resolve("metadata.json"));
        if (metadata == null) {
            return Map.of();
        }
        return metadata.artifacts().stream()
                .collect(Collectors.toMap(ZooMetadata.Entry::version, e -> e, (a, b) -> a));
    }
}
