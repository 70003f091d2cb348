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

/** The protocol's table and points: the reduced protocol's real files written back unchanged. */
class SweepFilesTest {

    private static final Path TABLE = Path.of("..", "docs", "protocol-reduced", "table.json");

    @TempDir Path dir;

    @Test
    void theReducedProtocolsTableRoundTripsByteForByte() throws IOException {
        List<ProtocolRow> rows = ProtocolRow.readTable(TABLE);
        assertEquals("joint", rows.get(0).contender());
        assertEquals(0.8843, rows.get(0).top1());
        Path copy = dir.resolve("table.json");
        ProtocolRow.writeTable(copy, rows);
        assertEquals(Files.readString(TABLE), Files.readString(copy));
    }

    @Test
    void theReducedProtocolsPointsRoundTripByteForByte() throws IOException {
        List<Path> points;
        try (var list = Files.list(TABLE.resolveSibling("points"))) {
            points = list.map(p -> p.resolve(SweepPoint.FILE)).sorted().toList();
        }
        // one point.json per row of the table: the sweep writes both from the same points
        assertEquals(ProtocolRow.readTable(TABLE).size(), points.size());
        for (Path file : points) {
            Path copy = dir.resolve(file.getParent().getFileName().toString());
            SweepPoint.read(file).write(copy);
            assertEquals(Files.readString(file), Files.readString(copy), file.toString());
        }
    }

    @Test
    void anInfeasiblePointHasAReasonAndNoResult() throws IOException {
        Path file = dir.resolve(SweepPoint.FILE);
        new SweepPoint("bits-only", "u2", 0.25, 1, true, "even the cheapest is over", null, null,
                        null, null, List.of("mpnas search"))
                .write(file);
        assertEquals(
                String.join(
                        "\n",
                        "{",
                        "  \"contender\" : \"bits-only\",",
                        "  \"budget\" : \"u2\",",
                        "  \"budget_relative\" : 0.25,",
                        "  \"seed\" : 1,",
                        "  \"infeasible\" : true,",
                        "  \"reason\" : \"even the cheapest is over\",",
                        "  \"commands\" : [ \"mpnas search\" ]",
                        "}"),
                Files.readString(file));
    }

    @Test
    void anInfeasibleRowHasNullsForItsUnknownNumbers() throws IOException {
        Path file = dir.resolve("table.json");
        ProtocolRow row = ProtocolRow.infeasible(0.1, "u2", "bits-only", 3);
        ProtocolRow.writeTable(file, List.of(row));
        assertEquals(
                String.join(
                        "\n",
                        "[ {",
                        "  \"budget\" : 0.1,",
                        "  \"budget_label\" : \"u2\",",
                        "  \"contender\" : \"bits-only\",",
                        "  \"seed\" : 3,",
                        "  \"architecture\" : null,",
                        "  \"energy_nJ\" : null,",
                        "  \"energy_vs_8bit\" : null,",
                        "  \"top1\" : null,",
                        "  \"onnx\" : null,",
                        "  \"infeasible\" : true",
                        "} ]"),
                Files.readString(file));
        ProtocolRow back = ProtocolRow.readTable(file).get(0);
        assertTrue(Double.isNaN(back.top1()) && Double.isNaN(back.energyNj()));
        assertEquals(row.toString(), back.toString());
    }

    @Test
    void aMissingFieldNamesTheFileAndTheRow() throws IOException {
        Path file = dir.resolve("table.json");
        Files.writeString(file, "[{\"budget\": 0.5, \"budget_label\": \"0.5\", \"seed\": 1}]");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ProtocolRow.readTable(file));
        assertEquals(file + "[0]: missing field 'contender'", e.getMessage());
        Files.writeString(
                file,
                "[{\"budget\": 0.5, \"budget_label\": \"0.5\", \"contender\": \"joint\", \"seed\":"
                        + " 1}]");
        e = assertThrows(IllegalArgumentException.class, () -> ProtocolRow.readTable(file));
        assertTrue(e.getMessage().startsWith(file + "[0]: missing field 'top1'"), e.getMessage());
        Files.writeString(file, "{}");
        e = assertThrows(IllegalArgumentException.class, () -> ProtocolRow.readTable(file));
        assertEquals(file + ": expected a JSON list of points", e.getMessage());
    }
}
