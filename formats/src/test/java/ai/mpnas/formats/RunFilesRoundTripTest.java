package ai.mpnas.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real run files read into their records and written back are the same bytes. */
class RunFilesRoundTripTest {

    @TempDir Path dir;

    static Path resource(String name) {
        try {
            return Path.of(RunFilesRoundTripTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void metricsRoundTripByteForByte() throws IOException {
        for (String run : List.of("runs/search", "runs/random")) {
            Path file = resource(run + "/" + RunMetrics.FILE);
            Path copy = dir.resolve(run).resolve(RunMetrics.FILE);
            RunMetrics.read(file).write(copy);
            assertEquals(Files.readString(file), Files.readString(copy), run);
        }
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
