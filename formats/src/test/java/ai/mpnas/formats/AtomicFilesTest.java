package ai.mpnas.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files and directories written atomically get the umask's modes and leave nothing behind. */
class AtomicFilesTest {

    @TempDir Path dir;

    @Test
    void writtenFilesHaveTheUmaskDefaultMode() throws IOException {
        Path file = dir.resolve("run/settings.json");
        AtomicFiles.writeString(file, "{}\n");
        AtomicFiles.write(file, new byte[] {2});
        assertArrayEquals(new byte[] {2}, Files.readAllBytes(file));
        Path probe = Files.createFile(dir.resolve("run/probe"));
        assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(file));
        try (var list = Files.list(file.getParent())) {
            assertEquals(2, list.count(), "no temporary file left behind");
        }
    }

    @Test
    void aFailedWriteNamesTheFileAndLeavesNothing() throws IOException {
        Files.writeString(dir.resolve("run"), "a file, not a directory");
        Path file = dir.resolve("run/metrics.json");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(file, "{}"));
        assertTrue(e.getMessage().startsWith("cannot write " + file + ": "), e.getMessage());
        try (var list = Files.list(dir)) {
            assertEquals(1, list.count(), "no temporary file left behind");
        }
    }

    @Test
    void aDirectoryIsReplacedWhole() throws IOException {
        Path target = dir.resolve("model");
        Path first = AtomicFiles.createTempDirectory(dir, ".model-");
        Files.writeString(first.resolve("a"), "1");
        AtomicFiles.replaceDirectory(first, target);
        Path second = AtomicFiles.createTempDirectory(dir, ".model-");
        Files.writeString(second.resolve("b"), "2");
        AtomicFiles.replaceDirectory(second, target);
        assertFalse(Files.exists(target.resolve("a")));
        assertEquals("2", Files.readString(target.resolve("b")));
        Path probe = Files.createDirectory(dir.resolve("probe"));
        assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(target));
        try (var list = Files.list(dir)) {
            assertEquals(2, list.count(), "nothing left but the directory and the probe");
        }
    }

    @Test
    void deleteTreeRemovesEverythingAndIgnoresMissingPaths() throws IOException {
        Path tree = dir.resolve("t");
        Files.createDirectories(tree.resolve("a/b"));
        Files.writeString(tree.resolve("a/b/c"), "x");
        AtomicFiles.syncTree(tree);
        AtomicFiles.deleteTree(tree);
        assertFalse(Files.exists(tree));
        AtomicFiles.deleteTree(tree);
    }
}
