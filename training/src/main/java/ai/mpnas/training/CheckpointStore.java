package ai.mpnas.training;

import ai.mpnas.formats.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A directory of checkpoints, each a directory {@code step-<n>} made complete in a temp directory
 * and then renamed, with a {@code latest} file naming the newest. A run killed at any moment leaves
 * the previous checkpoint intact; the newest {@code keep} are kept.
 */
public final class CheckpointStore {

    private static final String PREFIX = "step-";

    private final Path dir;
    private final int keep;

    /**
     * Opens (or creates) a checkpoint directory.
     *
     * @param dir the directory
     * @param keep how many checkpoints to keep (at least 1)
     */
    public CheckpointStore(Path dir, int keep) {
        this.dir = dir;
        this.keep = Math.max(1, keep);
    }

    /**
     * Starts a checkpoint: returns an empty temp directory to write its files into.
     *
     * @return the temp directory
     * @throws IOException if it cannot be created
     */
    public Path begin() throws IOException {
        Files.createDirectories(dir);
        return AtomicFiles.createTempDirectory(dir, ".partial-");
    }

    /**
     * Completes a checkpoint: syncs its files, renames it into place and points {@code latest} at
     * it, then removes older checkpoints beyond {@code keep} and abandoned partial ones.
     *
     * @param partial the directory returned by {@link #begin()}
     * @param step the global step the checkpoint holds
     * @return the checkpoint directory
     * @throws IOException if it cannot be completed
     */
    public Path commit(Path partial, long step) throws IOException {
        try (Stream<Path> files = Files.list(partial)) {
            for (Path f : files.toList()) {
                AtomicFiles.sync(f);
            }
        }
        Path target = dir.resolve(name(step));
        if (Files.exists(target)) {
            AtomicFiles.deleteTree(target);
        }
        AtomicFiles.move(partial, target);
        AtomicFiles.writeString(dir.resolve("latest"), target.getFileName() + "\n");
        prune();
        return target;
    }

    /**
     * Returns the newest complete checkpoint, if any.
     *
     * @return its directory
     * @throws IOException if the directory cannot be read
     */
    public Optional<Path> latest() throws IOException {
        Path pointer = dir.resolve("latest");
        if (!Files.exists(pointer)) {
            return Optional.empty();
        }
        Path target = dir.resolve(Files.readString(pointer).trim());
        if (!Files.isDirectory(target)) {
            throw new IOException(pointer + ": names " + target + ", which does not exist");
        }
        return Optional.of(target);
    }

    /**
     * Returns the step a checkpoint directory holds.
     *
     * @param checkpoint a checkpoint directory
     * @return its step
     */
    public static long stepOf(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring(PREFIX.length()));
    }

    private static String name(long step) {
        return String.format("%s%09d", PREFIX, step);
    }

    private void prune() throws IOException {
        List<Path> all;
        try (Stream<Path> list = Files.list(dir)) {
            all = list.toList();
        }
        List<Path> complete =
                all.stream()
                        .filter(p -> p.getFileName().toString().startsWith(PREFIX))
                        .sorted(Comparator.comparing(Path::getFileName).reversed())
                        .toList();
        for (int i = keep; i < complete.size(); i++) {
            AtomicFiles.deleteTree(complete.get(i));
        }
        for (Path p : all) {
            if (p.getFileName().toString().startsWith(".partial-")) {
                AtomicFiles.deleteTree(p);
            }
        }
    }
}
