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

/** The whole protocol, for real (child JVMs, search, train, export), on the committed fixture. */
class ProtocolSweepCommandTest {

    private static final String FIXTURE = Path.of("..", "fixtures", "fashion-mnist").toString();

    @Test
    void protocolRunsJointAndUniformAtU4ThenResumesWithoutRerunning(@TempDir Path dir) throws Exception {
        String[] args = {"sweep", "--protocol", "--budgets", "u4", "--seeds", "1", "--contenders",
            "joint", "--uniform-bits", "4", "--search-epochs", "2", "--warmup-epochs", "1",
            "--steps-per-epoch", "3", "--train-epochs", "2", "--train-limit", "640", "--test-limit",
            "100", "--data-dir", FIXTURE, "--out", dir.toString()};
        CliRun first = CliRun.of(args);
        assertEquals(0, first.exitCode(), first.err() + first.out());
        JsonNode table = new ObjectMapper().readTree(dir.resolve("table.json").toFile());
        assertEquals(2, table.size(), table.toString());
        JsonNode joint = table.get(0);
        JsonNode uniform = table.get(1);
        assertEquals("joint", joint.get("contender").asText());
        assertEquals("uniform-4", uniform.get("contender").asText());
        // u4 is the uniform 4-bit network's own energy: the same budget, met exactly or under
        assertEquals("u4", uniform.get("budget_label").asText());
        assertEquals(uniform.get("budget").asDouble(), joint.get("budget").asDouble(), 1e-9);
        assertEquals(uniform.get("budget").asDouble(), uniform.get("energy_vs_8bit").asDouble(), 1e-9);
        assertTrue(joint.get("energy_nJ").asDouble() <= uniform.get("energy_nJ").asDouble() * (1 + 1e-9));
        for (JsonNode p : table) {
            assertFalse(p.get("infeasible").asBoolean());
            assertTrue(Files.size(dir.resolve(p.get("onnx").asText())) > 0, p.toString());
            assertTrue(p.get("top1").asDouble() >= 0 && p.get("top1").asDouble() <= 1);
        }
        String commands = Files.readString(dir.resolve("points/u4-joint-s1/commands.txt"));
        assertTrue(commands.startsWith("mpnas search --preset fashion-mnist --energy-budget u4 --seed 1"), commands);
        assertTrue(Files.readString(dir.resolve("table.md")).contains("| u4 ("));
        assertTrue(Files.exists(dir.resolve("report/top1-vs-energy.png")));

        CliRun again = CliRun.of(args);
        assertEquals(0, again.exitCode(), again.err());
        assertFalse(again.out().contains("sweep:   mpnas"), "a finished point ran again: " + again.out());
        assertEquals(commands, Files.readString(dir.resolve("points/u4-joint-s1/commands.txt")));
        CliRun report = CliRun.of("report", "--sweep", dir.toString());
        assertEquals(0, report.exitCode(), report.err());
        assertTrue(Files.readString(dir.resolve("report.html")).contains("uniform-4"));
    }
}
