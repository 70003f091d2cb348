package ai.mpnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** `mpnas bench cold-cost`'s messages: bad numbers, and a JVM not started by ./mpnas. */
class BenchColdCostCommandTest {

    @Test
    void runsAndLayersBelowOneAreBadInput() {
        CliRun runs = CliRun.of("bench", "cold-cost", "--runs", "0");
        assertEquals(ExitCodes.BAD_INPUT, runs.exitCode());
        assertEquals("mpnas cold-cost: --runs 0: allowed >= 1", runs.err().strip());
        CliRun layers = CliRun.of("bench", "cold-cost", "--layers", "-2");
        assertEquals(ExitCodes.BAD_INPUT, layers.exitCode());
        assertEquals("mpnas cold-cost: --layers -2: allowed >= 1", layers.err().strip());
    }

    @Test
    void withoutTheLauncherItSaysToRunItThroughTheLauncher() {
        // surefire starts this JVM, not ./mpnas: no -Dmpnas.launcher
        CliRun run = CliRun.of("bench", "cold-cost");
        assertEquals(ExitCodes.FAILURE, run.exitCode());
        assertEquals("mpnas cold-cost: bench cold-cost starts JVMs as ./mpnas starts them: run it"
                + " through ./mpnas (this JVM has no -Dmpnas.launcher)", run.err().strip());
    }
}
