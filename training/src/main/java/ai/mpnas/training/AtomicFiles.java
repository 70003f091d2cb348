package ai.mpnas.training;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes files so that a reader sees the old content or the new, never a part.
 *
 * <p>Temporary files and directories are created the ordinary way under a unique name, not with
 * {@code Files.createTempFile}/{@code createTempDirectory}, which make them 0600/0700 (a mode the
 * rename keeps): created normally, the kernel applies the umask, and any default ACL, itself.
 * Java cannot read the umask, and a mode computed from a probe file would miss ACLs and race with
 * a process that changes its umask.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /**
     * Writes text atomically: a synced temp file in the same directory, then a rename.
     *
     * @param file the file
     * @param text the content
     * @throws IOException if writing fails
     */
    public static void writeString(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes bytes atomically: a synced temp file in the same directory, then a rename.
     *
     * @param file the file
     * @param bytes the content
     * @throws IOException if writing fails
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(
                    tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates an empty directory with a unique hidden name, to be filled and renamed into place.
     * Unlike {@link Files#createTempDirectory}, which makes it 0700, it gets the umask's default
     * mode, so that the directory it becomes can be shared like the rest of the run.
     *
     * @param parent the directory to create it in
     * @param prefix the start of its name, e.g. {@code .partial-}
     * @return the new directory
     * @throws IOException if it cannot be created
     */
    public static Path createTempDirectory(Path parent, String prefix) throws IOException {
        return Files.createDirectory(parent.resolve(prefix + UUID.randomUUID()));
    }

    /**
     * Flushes a file's content to disk.
     *
     * @param file the file
     * @throws IOException if syncing fails
     */
    public static void sync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /**
     * Deletes a directory tree (or a file); nothing happens if it does not exist.
     *
     * @param root the tree
     * @throws IOException if something cannot be deleted
     */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
