package ai.mpnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooCommandTest {

    @Test
    void anEmptyZooListsNothingAndPicksNothingWithExitCode3(@TempDir Path zoo) throws Exception {
        // a zoo whose artifacts were all removed still has the group directory publish made
        Files.createDirectories(zoo.resolve("ai/mpnas/zoo"));
        CliRun list = CliRun.of("zoo", "list", "--zoo", zoo.toString(), "--json");
        assertEquals(0, list.exitCode(), list.err());
        assertEquals("[ ]", list.out().strip());
        CliRun pick = CliRun.of("zoo", "pick", "--zoo", zoo.toString(), "--max-energy", "2mJ");
        assertEquals(ExitCodes.NOT_FOUND, pick.exitCode());
        assertTrue(pick.err().contains("within 2000 uJ"), pick.err());
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

    @Test
    void aDirectoryThatIsNotAZooIsBadInputNotAnEmptyTable(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("settings.json"), "{}");
        for (String command : new String[] {"list", "verify"}) {
            CliRun run = CliRun.of("zoo", command, "--zoo", dir.toString());
            assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.err());
            assertEquals("", run.out());
            assertTrue(run.err().contains(dir + ": not a zoo (no ai/mpnas/zoo/ directory)"),
                    run.err());
        }
    }

    @Test
    void pickTakesAbsoluteEnergiesAndSaysSoInItsOwnWords(@TempDir Path zoo) throws Exception {
        Files.createDirectories(zoo.resolve("ai/mpnas/zoo"));
        String units = "allowed a positive energy with a unit: nJ, uJ, mJ, J (e.g. 2mJ, 500uJ, 88nJ)";
        CliRun bare = pick(zoo, "0.5");
        assertEquals(ExitCodes.BAD_INPUT, bare.exitCode());
        assertEquals("mpnas pick: --max-energy '0.5': a unit is required; " + units,
                bare.err().strip());
        assertFalse(bare.err().contains("fraction"), bare.err());
        CliRun latency = pick(zoo, "3ms");
        assertEquals(ExitCodes.BAD_INPUT, latency.exitCode());
        assertEquals("mpnas pick: --max-energy '3ms': is a latency, but zoo pick constrains"
                + " energy; " + units, latency.err().strip());
        CliRun unknown = pick(zoo, "2 parsecs");
        assertEquals(ExitCodes.BAD_INPUT, unknown.exitCode());
        assertEquals("mpnas pick: --max-energy '2 parsecs': " + units, unknown.err().strip());
        for (String energy : new String[] {"2mJ", "2000uJ", "2000000nJ", "0.002J"}) {
            CliRun ok = pick(zoo, energy);
            assertEquals(ExitCodes.NOT_FOUND, ok.exitCode(), ok.err());
            assertTrue(ok.err().contains("within 2000 uJ"), energy + ": " + ok.err());
        }
    }

    @Test
    void publishHelpSaysWhatLoadingAVersionDirectoryWithModelUrlsSkips() {
        CliRun help = CliRun.of("publish", "--help");
        String text = help.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("Criteria.optModelUrls(version dir or archive) works too, but"
                + " through DJL's own file repository, which does not read metadata.json: it skips"
                + " the SHA-1 check of model.onnx, serving.properties, synset.txt and the archive."),
                text);
        assertTrue(text.contains("mpnas zoo verify --zoo ZOO --artifact NAME"), text);
    }

    private static CliRun pick(Path zoo, String maxEnergy) {
        return CliRun.of("zoo", "pick", "--zoo", zoo.toString(), "--max-energy", maxEnergy);
    }
}
