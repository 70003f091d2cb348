package ai.mpnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.SearchSettings;
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

    @Test
    void resumingWithOptionsThatContradictTheRunIsRefusedNamingThem(@TempDir Path run)
            throws Exception {
        SearchSettings started =
                SearchSettings.builder()
                        .setSearchSpace(SearchSpace.preset("fashion-mnist"))
                        .optEpochs(3, 1)
                        .optSeed(4)
                        .build();
        Files.writeString(run.resolve("settings.json"), started.toJson().toString());
        CliRun resumed =
                CliRun.of("search", "--resume", "--out", run.toString(), "--epochs", "20",
                        "--energy-budget", "0.3", "--seed", "4", "--no-progress");
        assertEquals(ExitCodes.BAD_INPUT, resumed.exitCode(), resumed.err());
        String err = resumed.err().strip();
        assertEquals(-1, err.indexOf('\n'), err);
        assertTrue(err.contains(run.resolve("settings.json") + ": --resume continues the run as it"
                + " was started; --energy-budget asks budget 0.3, the run has 0.5; --epochs asks"
                + " epochs 20, the run has 3 (drop the option"), err);
        assertFalse(err.contains("--seed"), "an option that agrees is no contradiction: " + err);
    }

    @Test
    void resumingOnAnotherEngineIsRefusedInTheSameWords(@TempDir Path run) throws Exception {
        SearchSettings started = SearchSettings.builder()
                .setSearchSpace(SearchSpace.preset("fashion-mnist")).optEpochs(3, 1).build();
        // a run started on MXNet: its checkpoints hold MXNet's parameters
        Files.writeString(run.resolve("settings.json"),
                started.toJson().put("engine", "MXNet").toString());
        CliRun resumed = CliRun.of("search", "--resume", "--out", run.toString(), "--engine",
                "PyTorch", "--no-progress");
        assertEquals(ExitCodes.BAD_INPUT, resumed.exitCode(), resumed.err());
        assertEquals("mpnas search: " + run.resolve("settings.json") + ": --resume continues the"
                + " run as it was started; --engine asks PyTorch, the run has MXNet (drop the"
                + " option, or start a new run with another --out)", resumed.err().strip());
    }

    @Test
    void derivingFromASupernetWithOtherTrainingSettingsIsRefusedNamingThem(@TempDir Path source)
            throws Exception {
        SearchSettings trained = SearchSettings.builder()
                .setSearchSpace(SearchSpace.preset("fashion-mnist")).optEpochs(3, 1).build();
        Files.writeString(source.resolve("settings.json"), trained.toJson().toString());
        CliRun derived = CliRun.of("search", "--supernet-from", source.toString(), "--fix-bits",
                "4", "--energy-budget", "0.4", "--epochs", "9", "--out",
                source.resolve("derived").toString(), "--no-progress");
        assertEquals(ExitCodes.BAD_INPUT, derived.exitCode(), derived.err());
        assertEquals("mpnas search: " + source.resolve("settings.json") + ": --supernet-from"
                + " derives with the source's settings but for the budget and the constraint;"
                + " --epochs asks epochs 9, the source has 3 (drop the option)",
                derived.err().strip());
    }
}
