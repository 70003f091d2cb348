package ai.mpnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.SearchSpace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs the commands used to trust or misread are refused with exit code 2, in one line. */
class BadInputTest {

    @Test
    void anArchitectureWhoseCodeDisagreesWithItsBlocks(@TempDir Path dir) throws Exception {
        Architecture arch = SearchSpace.preset("fashion-mnist").reference(8);
        Path file = dir.resolve("architecture.json");
        Files.writeString(file, arch.toJson().replace(
                "\"code\" : \"" + arch.code() + "\"", "\"code\" : \"e9k4w3a3-banana\""));
        CliRun run = CliRun.of("cost", "--arch", file.toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.err());
        String err = run.err().strip();
        assertEquals(-1, err.indexOf('\n'), err);
        assertTrue(err.contains(file + ": code: got \"e9k4w3a3-banana\" but the blocks give \""
                + arch.code() + "\""), err);
    }

    @Test
    void exportingOverAnExistingExportIsBadInputNamingForce(@TempDir Path run) throws Exception {
        Path existing = Files.createDirectories(run.resolve("export/onnx"));
        CliRun export = CliRun.of("export", "--run", run.toString());
        assertEquals(ExitCodes.BAD_INPUT, export.exitCode(), export.err());
        assertEquals("mpnas export: " + existing + ": an export named 'onnx' exists; allowed:"
                + " --force to replace it, or another --name", export.err().strip());
    }
}
