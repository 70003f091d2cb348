package ai.mpnas.bitfusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Access to the original simulator's reference outputs (test resource) and comparison helpers. */
final class Reference {

    private static JsonNode root;

    private Reference() {}

    static synchronized JsonNode root() {
        if (root == null) {
            try (InputStream in = Reference.class.getResourceAsStream("reference-public.json")) {
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    static List<JsonNode> cases() {
        List<JsonNode> cases = new ArrayList<>();
        root().get("cases").forEach(cases::add);
        return cases;
    }

    /** Builds a layer from a reference case's layer fields (independently of LayersJson). */
    static Layer layer(JsonNode c) {
        return new Layer(
                LayerType.fromJsonName(c.get("layer_type").asText()),
                c.get("H").asInt(),
                c.get("W").asInt(),
                c.get("Cin").asInt(),
                c.get("Cout").asInt(),
                c.get("K").asInt(),
                c.get("stride").asInt(),
                c.get("padding").asInt(),
                c.get("groups").asInt(),
                c.get("batch").asInt(),
                c.get("wbits").asInt(),
                c.get("abits").asInt(),
                c.get("im2col").asBoolean());
    }

    /** Asserts counters and cycles exactly and energies within 1e-9 relative. */
    static void assertMatches(JsonNode expected, LayerCost actual, String what) {
        assertEquals(expected.get("total_cycles").asLong(), actual.totalCycles(), what + " total");
        assertEquals(
                expected.get("compute_cycles").asLong(), actual.computeCycles(), what + " compute");
        assertEquals(
                expected.get("mem_stall_cycles").asLong(),
                actual.memStallCycles(),
                what + " stall");
        Map<String, Long> bits = actual.bits().toMap();
        assertEquals(12, expected.get("bits").size(), what);
        expected.get("bits")
                .fields()
                .forEachRemaining(
                        e ->
                                assertEquals(
                                        e.getValue().asLong(),
                                        bits.get(e.getKey()),
                                        what + " bits." + e.getKey()));
        Map<String, Double> parts = actual.energy().componentsNj();
        assertEquals(expected.get("energy_nJ_components").size(), parts.size(), what);
        expected.get("energy_nJ_components")
                .fields()
                .forEachRemaining(
                        e ->
                                assertClose(
                                        e.getValue().asDouble(),
                                        parts.get(e.getKey()),
                                        what + " energy." + e.getKey()));
        assertClose(
                expected.get("energy_total_nJ").asDouble(), actual.energyTotalNj(), what + " E");
    }

    static void assertClose(double expected, Double actual, String what) {
        assertTrue(actual != null, what + " missing");
        double tol = 1e-9 * Math.max(Math.abs(expected), 1e-300);
        assertTrue(
                Math.abs(expected - actual) <= tol,
                what + ": expected " + expected + " got " + actual);
    }
}
