package ai.mpnas.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real run files ({@code fixtures/runs}) read into their records and written back unchanged. */
class RunFilesRoundTripTest {

    @TempDir Path dir;

    /** The real run files, from a module's working directory. */
    static Path resource(String name) {
        return Path.of("..", "fixtures", name);
    }

    /** Reads a file of each real run into its record and writes it back. */
    private interface RoundTrip {
        void copy(Path from, Path to) throws IOException;
    }

    private void assertRoundTrips(String name, RoundTrip roundTrip) throws IOException {
        for (String run : List.of("runs/search", "runs/random")) {
            Path file = resource(run + "/" + name);
            Path copy = dir.resolve(run).resolve(name);
            roundTrip.copy(file, copy);
            assertEquals(Files.readString(file), Files.readString(copy), run);
        }
    }

    @Test
    void metricsRoundTripByteForByte() throws IOException {
        assertRoundTrips(RunMetrics.FILE, (from, to) -> RunMetrics.read(from).write(to));
    }

    @Test
    void architectureFilesRoundTripByteForByte() throws IOException {
        assertRoundTrips(RunArchitecture.FILE, (from, to) -> RunArchitecture.read(from).write(to));
    }

    @Test
    void architectureResultsAreTypedAndApartFromTheDefinition() throws IOException {
        RunArchitecture search =
                RunArchitecture.read(resource("runs/search/" + RunArchitecture.FILE));
        assertEquals(64001L, search.cost().latencyCycles());
        assertEquals("u2", search.budget().given());
        assertEquals(0, search.budget().repairs());
        assertEquals("original", search.bitFusion().get("model").asText());
        for (String key : RunArchitecture.RESULT_KEYS) {
            assertTrue(!search.definition().has(key), key);
        }
        assertEquals("mpnas/architecture@1", search.definition().get("format").asText());
        RunArchitecture random =
                RunArchitecture.read(resource("runs/random/" + RunArchitecture.FILE));
        assertEquals(null, random.budget());
        assertEquals(null, random.cost().energyVs8bit());
        assertEquals("random-best-of-10", random.search().get("origin").asText());
    }

    @Test
    void aResultOfTheWrongKindNamesTheFileAndTheField() throws IOException {
        Path file = dir.resolve(RunArchitecture.FILE);
        Files.writeString(file, "{\"format\": \"x\", \"cost\": {\"energy_nJ\": \"lots\"}}");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RunArchitecture.read(file));
        assertTrue(e.getMessage().startsWith(file + ": cost.energy_nJ: "), e.getMessage());
        Files.writeString(file, "[]");
        e = assertThrows(IllegalArgumentException.class, () -> RunArchitecture.read(file));
        assertEquals(file + ": not a JSON object", e.getMessage());
    }

    @Test
    void metricsFieldsAreTyped() throws IOException {
        RunMetrics m = RunMetrics.read(resource("runs/search/" + RunMetrics.FILE));
        assertEquals(RunMetrics.FORMAT, m.format());
        assertEquals(0.8843, m.top1());
        assertEquals(64001L, m.latencyCycles());
        assertEquals(List.of(0.286f), m.normalization().mean());
        assertEquals(new RunMetrics.Input(1, 28, 28), m.input());
        assertEquals("MXNet", m.engine());
        assertEquals(10, m.classes().size());
    }

    @Test
    void aValueOfTheWrongKindNamesTheFileAndTheField() throws IOException {
        Path file = dir.resolve(RunMetrics.FILE);
        Files.writeString(file, "{\"top1\": 0.5, \"classes\": [\"a\", 7]}");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RunMetrics.read(file));
        assertTrue(e.getMessage().startsWith(file + ": classes[1]: "), e.getMessage());
        Files.writeString(file, "{\"top1\": \"0.5\"}");
        e = assertThrows(IllegalArgumentException.class, () -> RunMetrics.read(file));
        assertTrue(e.getMessage().startsWith(file + ": top1: "), e.getMessage());
        Files.writeString(file, "{\"top1\": ");
        e = assertThrows(IllegalArgumentException.class, () -> RunMetrics.read(file));
        assertTrue(e.getMessage().startsWith(file + ": line 1, column "), e.getMessage());
    }
}
