package ai.mpnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.SearchSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code search --fix-architecture} and {@code --fix-bits}: the bits-only and arch-only baselines. */
class SearchBaselineOptionsTest {

    @Test
    void helpNamesBothBaselines() {
        CliRun help = CliRun.of("search", "--help");
        assertEquals(0, help.exitCode(), help.err());
        assertTrue(help.out().contains("--fix-architecture=NAME"), help.out());
        assertTrue(help.out().contains("--fix-bits=B"), help.out());
        assertTrue(help.out().contains("bits-only"), help.out());
        assertTrue(help.out().contains("arch-only"), help.out());
    }

    @Test
    void aBudgetBelowTheReferencesCheapestBitsFailsAtOnce(@TempDir Path dir) {
        CliRun run =
                CliRun.of("search", "--fix-architecture", "reference", "--energy-budget", "0.05",
                        "--data-dir", dir.resolve("none").toString(),
                        "--out", dir.resolve("r").toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.err());
        String err = run.err().strip();
        assertEquals(-1, err.indexOf('\n'), err);
        assertTrue(err.contains("energy budget 0.05 = "), err);
        assertTrue(err.contains("is impossible for bits-only (the architecture fixed to the"
                + " reference): the cheapest architecture of the constrained space costs "), err);
        assertFalse(Files.exists(dir.resolve("r")));
    }

    @Test
    void bitsTheSpaceDoesNotOfferAreRefusedWithTheAllowedOnes(@TempDir Path dir) {
        CliRun run = CliRun.of("search", "--fix-bits", "3", "--out", dir.resolve("r").toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.err());
        assertTrue(run.err().contains("--fix-bits 3: allowed 2, 4, 6, 8"), run.err());
        CliRun both =
                CliRun.of("search", "--fix-bits", "4", "--fix-architecture", "reference",
                        "--out", dir.resolve("r").toString());
        assertEquals(ExitCodes.BAD_INPUT, both.exitCode(), both.err());
        assertTrue(both.err().contains("together leave nothing to search"), both.err());
        assertFalse(Files.exists(dir.resolve("r")));
    }

    @Test
    void resumingAJointRunAsABaselineIsRefused(@TempDir Path run) throws Exception {
        SearchSettings started =
                SearchSettings.builder().setSearchSpace(SearchSpace.preset("fashion-mnist")).build();
        Files.writeString(run.resolve("settings.json"), started.toJson().toString());
        CliRun resumed =
                CliRun.of("search", "--resume", "--out", run.toString(), "--fix-bits", "4",
                        "--no-progress");
        assertEquals(ExitCodes.BAD_INPUT, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("--fix-bits asks fix_bits 4, the run has (none)"),
                resumed.err());
    }
}
