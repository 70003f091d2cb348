package ai.mpnas.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run files and checkpoint directories get the umask's modes, as any file of the run does. */
class AtomicFilesTest {

    @TempDir Path dir;

    @Test
    void atomicallyWrittenFilesHaveTheUmaskDefaultMode() throws IOException {
        Path file = dir.resolve("run/settings.json");
        AtomicFiles.writeString(file, "{}\n");
        AtomicFiles.writeString(file, "{\"seed\": 1}\n");
        Path probe = Files.createFile(dir.resolve("run/probe"));
        assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(file));
        try (var list = Files.list(file.getParent())) {
            assertEquals(2, list.count(), "no temporary file left behind");
        }
    }

    @Test
    void checkpointDirectoriesHaveTheUmaskDefaultMode() throws IOException {
        CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints"), 2);
        Path partial = store.begin();
        Files.writeString(partial.resolve("weights"), "w");
        Path checkpoint = store.commit(partial, 100);
        Path probe = Files.createDirectory(dir.resolve("probe"));
        assertEquals(
                Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(checkpoint));
    }
}
