package ai.mpnas.zoo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.UUID;
import java.util.stream.Stream;

/** File operations the zoo needs to be crash-safe: checksums, fsync, atomic replacement. */
final class ZooFiles {

    private ZooFiles() {}

    /**
     * Computes the SHA-1 of a file, as DJL checks downloaded files.
     *
     * @param file the file
     * @return lower-case hex SHA-1
     * @throws IOException if the file cannot be read
     */
    static String sha1(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-1", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream is = Files.newInputStream(file)) {
            for (int n = is.read(buf); n >= 0; n = is.read(buf)) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Flushes a file or directory to the disk.
     *
     * @param path the file or directory
     * @throws IOException if the flush fails
     */
    static void fsync(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Flushes every file and directory of a tree, deepest first.
     *
     * @param root the tree
     * @throws IOException if a flush fails
     */
    static void fsyncTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                fsync(p);
            }
        }
    }

    /**
     * Renames atomically and makes the rename durable by flushing both parent directories.
     *
     * @param from the source
     * @param to the target (replaced if it is a file)
     * @throws IOException if the file system cannot rename atomically
     */
    static void atomicMove(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(
                    "cannot rename "
                            + from
                            + " to "
                            + to
                            + " atomically: the zoo must be on one"
                            + " local file system",
                    e);
        }
        fsync(to.getParent());
        if (!from.getParent().equals(to.getParent())) {
            fsync(from.getParent());
        }
    }

    /**
     * Writes a file atomically: a temporary file in {@code tempDir} (same file system), fsync, then
     * an atomic rename over the target.
     *
     * @param target the file to write
     * @param bytes the content
     * @param tempDir where the temporary file goes
     * @throws IOException if writing fails; the target is then unchanged
     */
    static void writeAtomically(Path target, byte[] bytes, Path tempDir) throws IOException {
        Path tmp = tempDir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            fsync(tmp);
            atomicMove(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Deletes a file or directory tree; missing paths are fine.
     *
     * @param root the path
     * @throws IOException if something cannot be deleted
     */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
