package ai.mpnas.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes files and directories so that a reader, or the next run after a crash, sees the old
 * content or the new, never a part: the one writer of every file mpnas keeps.
 *
 * <p>Temporary files and directories are created the ordinary way under a unique hidden name, not
 * with {@code Files.createTempFile}/{@code createTempDirectory}, which make them 0600/0700 (a mode
 * the rename keeps): created normally, the kernel applies the umask, and any default ACL, itself,
 * so a run or a serving directory can be shared like any other file. Java cannot read the umask,
 * and a mode computed from a probe file would miss ACLs and race with a process that changes it.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /**
     * Writes UTF-8 text atomically (see {@link #write(Path, byte[])}).
     *
     * @param file the file
     * @param text the content
     * @throws IOException if writing fails, naming the file; it is then unchanged
     */
    public static void writeString(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes bytes atomically: a temporary file in the same directory (so the rename stays on one
     * file system), flushed to the disk, then renamed over the file, and the rename flushed.
     * Missing parent directories are created.
     *
     * @param file the file
     * @param bytes the content
     * @throws IOException if writing fails, naming the file; it is then unchanged
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling(
                "." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel ch = FileChannel.open(
                    tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            move(tmp, target);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new IOException("cannot write " + target + ": " + e, e);
        }
    }

    /**
     * Renames atomically and makes the rename durable by flushing the parent directories. A file
     * at the target is replaced (so is an empty directory; a non-empty one fails).
     *
     * @param from the source
     * @param to the target
     * @throws IOException if the rename fails, e.g. across file systems
     */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(
                    "cannot rename " + from + " to " + to + " atomically: both must be on one"
                            + " local file system",
                    e);
        }
        Path toParent = to.toAbsolutePath().getParent();
        Path fromParent = from.toAbsolutePath().getParent();
        sync(toParent);
        if (!fromParent.equals(toParent)) {
            sync(fromParent);
        }
    }

    /**
     * Puts a completed directory in place of another: renames the old one aside, the new one in,
     * then deletes the old. A reader sees the old directory or the new one, or, for the moment
     * between the two renames, none; never a mixture.
     *
     * @param partial the completed directory, next to the target (see {@link
     *     #createTempDirectory})
     * @param target the directory to replace or create
     * @throws IOException if a rename or the deletion fails
     */
    public static void replaceDirectory(Path partial, Path target) throws IOException {
        if (!Files.exists(target)) {
            move(partial, target);
            return;
        }
        Path old = target.resolveSibling("." + target.getFileName() + ".old-" + UUID.randomUUID());
        move(target, old);
        move(partial, target);
        deleteTree(old);
    }

    /**
     * Creates an empty directory with a unique hidden name, to be filled and renamed into place.
     * Unlike {@link Files#createTempDirectory}, which makes it 0700, it gets the umask's default
     * mode, so that the directory it becomes can be shared like the rest of the run.
     *
     * @param parent the directory to create it in (it must exist)
     * @param prefix the start of its name, e.g. {@code .partial-}
     * @return the new directory
     * @throws IOException if it cannot be created
     */
    public static Path createTempDirectory(Path parent, String prefix) throws IOException {
        return Files.createDirectory(parent.resolve(prefix + UUID.randomUUID()));
    }

    /**
     * Flushes a file's content, or a directory's entries, to the disk.
     *
     * @param path the file or directory
     * @throws IOException if the flush fails
     */
    public static void sync(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * Flushes every file and directory of a tree, deepest first.
     *
     * @param root the tree
     * @throws IOException if a flush fails
     */
    public static void syncTree(Path root) throws IOException {
        for (Path p : deepestFirst(root)) {
            sync(p);
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
        for (Path p : deepestFirst(root)) {
            Files.deleteIfExists(p);
        }
    }

    private static List<Path> deepestFirst(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.sorted(Comparator.reverseOrder()).toList();
        }
    }
}
