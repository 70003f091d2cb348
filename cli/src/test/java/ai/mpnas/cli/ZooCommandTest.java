package ai.mpnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooCommandTest {

    @Test
    void anEmptyZooListsNothingAndPicksNothingWithExitCode3(@TempDir Path zoo) {
        CliRun list = CliRun.of("zoo", "list", "--zoo", zoo.toString(), "--json");
        assertEquals(0, list.exitCode(), list.err());
        assertEquals("[ ]", list.out().strip());
        CliRun pick = CliRun.of("zoo", "pick", "--zoo", zoo.toString(), "--max-energy", "2mJ");
        assertEquals(ExitCodes.NOT_FOUND, pick.exitCode());
        assertTrue(pick.err().contains("2.00000e+06 nJ"), pick.err());
    }

    @Test
    void aMissingZooIsBadInput(@TempDir Path dir) {
        CliRun run = CliRun.of("zoo", "list", "--zoo", dir.resolve("none").toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("no such zoo"), run.err());
    }

    @Test
    void publishingARunWithoutAnExportSaysWhatToRun(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("run"));
        CliRun run =
                CliRun.of("publish", "--run", dir.resolve("run").toString(), "--zoo",
                        dir.resolve("zoo").toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("mpnas export"), run.err());
        assertTrue(Files.notExists(dir.resolve("zoo")));
    }
}
