package ai.mpnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchTrainCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String FIXTURE = Path.of("..", "fixtures", "fashion-mnist").toString();

    @Test
    void searchThenTrainWritesTheRunFiles(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        CliRun search =
                CliRun.of("search", "--data-dir", FIXTURE, "--epochs", "2", "--warmup-epochs", "1",
                        "--steps-per-epoch", "4", "--energy-budget", "0.6", "--out", run.toString(),
                        "--no-progress");
        assertEquals(0, search.exitCode(), search.err());
        assertTrue(search.out().contains("block0"), search.out());
        JsonNode arch = MAPPER.readTree(run.resolve("architecture.json").toFile());
        assertTrue(arch.at("/cost/energy_nJ").asDouble() <= arch.at("/budget/energy_nJ").asDouble());

        CliRun train =
                CliRun.of("train", "--run", run.toString(), "--data-dir", FIXTURE, "--epochs", "1",
                        "--train-limit", "640", "--test-limit", "200", "--no-progress");
        assertEquals(0, train.exitCode(), train.err());
        JsonNode metrics = MAPPER.readTree(run.resolve("metrics.json").toFile());
        double top1 = metrics.get("top1").asDouble();
        assertTrue(top1 >= 0 && top1 <= 1);
        assertEquals(arch.at("/cost/energy_nJ").asDouble(), metrics.get("energy_nJ").asDouble(),
                1e-6 * metrics.get("energy_nJ").asDouble());
        assertEquals(arch.at("/cost/latency_cycles").asLong(), metrics.get("latency_cycles").asLong());
        assertTrue(metrics.get("weight_bits_total").asLong() > 0);
        assertEquals("fashion-mnist", metrics.get("dataset").asText());
        assertTrue(Files.exists(run.resolve("model/mpnas-0000.params")));
    }

    @Test
    void trainsAGivenArchitectureAtItsPrice(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("given");
        String code = "skip-e3k5w4a8-e6k3w2a6-e1k7w8a4-skip-e3k3w6a2";
        CliRun train =
                CliRun.of("train", "--baseline", "given", "--architecture", code, "--out",
                        run.toString(), "--data-dir", FIXTURE, "--epochs", "1", "--train-limit",
                        "640", "--test-limit", "200", "--no-progress");
        assertEquals(0, train.exitCode(), train.err());
        JsonNode arch = MAPPER.readTree(run.resolve("architecture.json").toFile());
        JsonNode metrics = MAPPER.readTree(run.resolve("metrics.json").toFile());
        assertEquals(code, metrics.get("architecture").asText());
        // priced by the cost command, an independent path through the same model
        CliRun cost = CliRun.of("cost", "--arch", run.resolve("architecture.json").toString(), "--json");
        assertEquals(0, cost.exitCode(), cost.err());
        double energy = MAPPER.readTree(cost.out()).at("/total/energy_nJ").asDouble();
        assertEquals(energy, arch.at("/cost/energy_nJ").asDouble(), 1e-9 * energy);
        assertEquals(energy, metrics.get("energy_nJ").asDouble(), 1e-9 * energy);
    }

    @Test
    void givenArchitectureWithABadCodeNamesTheBlock(@TempDir Path dir) {
        CliRun run =
                CliRun.of("train", "--baseline", "given", "--architecture",
                        "skip-e3k5w4a8-e6k3w3a6-e1k7w8a4-skip-e3k3w6a2", "--out",
                        dir.resolve("r").toString(), "--data-dir", FIXTURE);
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.err());
        assertTrue(run.err().contains("blocks[2]") || run.err().contains("block 2"), run.err());
        assertTrue(run.err().contains("wbits"), run.err());
        assertFalse(Files.exists(dir.resolve("r")));
    }

    @Test
    void impossibleBudgetFailsBeforeReadingData(@TempDir Path dir) {
        CliRun run =
                CliRun.of("search", "--energy-budget", "1nJ", "--data-dir", dir.resolve("none").toString(),
                        "--out", dir.resolve("r").toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("cheapest") && run.err().contains("most expensive"), run.err());
        assertFalse(Files.exists(dir.resolve("r")));
    }

    @Test
    void missingDatasetNamesThePathAndTheDebianPackage(@TempDir Path dir) {
        CliRun run =
                CliRun.of("search", "--data-dir", dir.resolve("nowhere").toString(), "--out",
                        dir.resolve("r").toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.err());
        assertTrue(run.err().contains("nowhere"), run.err());
        assertTrue(run.err().contains("dataset-fashion-mnist"), run.err());
    }

    @Test
    void trainWithoutASearchRunSaysWhatIsMissing(@TempDir Path dir) {
        CliRun run = CliRun.of("train", "--run", dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("architecture.json"), run.err());
    }
}
