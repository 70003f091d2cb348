package ai.mpnas.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint directories get the umask's modes, as any file of the run does. */
class CheckpointStoreModeTest {

    @TempDir Path dir;

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
