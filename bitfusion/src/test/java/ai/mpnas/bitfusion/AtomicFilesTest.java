package ai.mpnas.bitfusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cost and layer files get the umask's mode, not the 0600 of a temporary file. */
class AtomicFilesTest {

    @Test
    void writtenFilesHaveTheUmaskDefaultMode(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cost.json");
        AtomicFiles.write(file, new byte[] {1});
        AtomicFiles.write(file, new byte[] {2});
        assertArrayEquals(new byte[] {2}, Files.readAllBytes(file));
        Path probe = Files.createFile(dir.resolve("probe"));
        assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(file));
        try (var list = Files.list(dir)) {
            assertEquals(2, list.count(), "no temporary file left behind");
        }
    }
}
