package ai.mpnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {

    private static final String FIXTURE = Path.of("..", "fixtures", "fashion-mnist").toString();

    @Test
    void sweepTrainsEveryPointOnceAndTabulatesThem(@TempDir Path dir) throws Exception {
        String[] args = {"sweep", "--budgets", "0.5", "--uniform-bits", "4", "--random-candidates",
            "1", "--search-epochs", "2", "--warmup-epochs", "1", "--steps-per-epoch", "3",
            "--train-epochs", "1", "--train-limit", "320", "--test-limit", "100", "--data-dir",
            FIXTURE, "--out", dir.toString(), "--no-progress"};
        CliRun first = CliRun.of(args);
        assertEquals(0, first.exitCode(), first.err());
        JsonNode sweep = new ObjectMapper().readTree(dir.resolve("sweep.json").toFile());
        JsonNode points = sweep.get("points");
        assertEquals(3, points.size());
        assertEquals("search", points.get(0).get("kind").asText());
        assertEquals("random", points.get(1).get("kind").asText());
        assertEquals("uniform-4bit", points.get(2).get("kind").asText());
        double budget = 0.5 * sweep.get("reference_8bit_energy_nJ").asDouble();
        assertTrue(points.get(0).get("energy_nJ").asDouble() <= budget);
        assertTrue(points.get(1).get("energy_nJ").asDouble() <= budget);
        assertTrue(Files.readString(dir.resolve("sweep.md")).contains("| uniform-4bit |"));

        Path metrics = dir.resolve("search-b0.5-s1/metrics.json");
        FileTime before = Files.getLastModifiedTime(metrics);
        CliRun again = CliRun.of(args);
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(before, Files.getLastModifiedTime(metrics), "a finished point was redone");
        assertTrue(!again.out().contains("sweep: searching"), again.out());
    }
}
