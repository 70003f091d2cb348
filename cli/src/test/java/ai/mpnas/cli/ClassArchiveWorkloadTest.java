package ai.mpnas.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The launcher's class-archive run: every command in it succeeds, and it leaves nothing. */
class ClassArchiveWorkloadTest {

    @Test
    void runsTheShortCommandsAndRemovesItsLayersFile() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = workloadDirectories(tmp);
        assertDoesNotThrow(() -> ClassArchiveWorkload.main(new String[0]));
        assertEquals(before, workloadDirectories(tmp));
    }

    private static List<Path> workloadDirectories(Path tmp) throws IOException {
        try (var files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("mpnas-class-archive"))
                    .sorted()
                    .toList();
        }
    }
}
