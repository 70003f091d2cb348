package ai.mpnas.bitfusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** AcceleratorConfig JSON: round trip, the paper's values and every rejected input. */
class AcceleratorConfigJsonTest {

    @TempDir Path dir;

    @Test
    void defaultMatchesTheReferenceMeta() {
        JsonNode meta = Reference.root().get("meta");
        JsonNode acc = meta.get("accelerator");
        JsonNode costs = meta.get("energy_costs_nJ");
        AcceleratorConfig c = AcceleratorConfig.bitFusion45nm();
        assertEquals(acc.get("N_rows_input_side").asInt(), c.rows());
        assertEquals(acc.get("M_cols_output_side").asInt(), c.cols());
        assertEquals(acc.get("pmax_bits").asInt(), c.pmax());
        assertEquals(acc.get("pmin_bits").asInt(), c.pmin());
        assertEquals(acc.get("sram_bytes").get("act").asLong(), c.actSramBytes());
        assertEquals(acc.get("sram_bytes").get("wgt").asLong(), c.wgtSramBytes());
        assertEquals(acc.get("sram_bytes").get("out").asLong(), c.outSramBytes());
        assertEquals(acc.get("dram_bandwidth_bits_per_cycle").asInt(), c.dramBitsPerCycle());
        assertEquals(acc.get("frequency_hz").asLong(), c.frequencyHz());
        assertEquals(acc.get("tech_node_nm").asInt(), c.techNm());
        assertEquals(costs.get("core_dynamic_per_cycle").asDouble(), c.coreEnergyPerCycleNj());
        assertEquals(costs.get("wbuf_read_per_bit").asDouble(), c.wbufReadNjPerBit());
        assertEquals(costs.get("wbuf_write_per_bit").asDouble(), c.wbufWriteNjPerBit());
        assertEquals(costs.get("ibuf_read_per_bit").asDouble(), c.ibufReadNjPerBit());
        assertEquals(costs.get("ibuf_write_per_bit").asDouble(), c.ibufWriteNjPerBit());
        assertEquals(costs.get("obuf_read_per_bit").asDouble(), c.obufReadNjPerBit());
        assertEquals(costs.get("obuf_write_per_bit").asDouble(), c.obufWriteNjPerBit());
        assertEquals(costs.get("dram_per_bit").asDouble(), c.dramNjPerBit());
        // docs/bitfusion.md, "Accelerator": CACTI per-access energy / 32-bit word.
        assertEquals(0.000683701 / 32, c.wbufReadNjPerBit());
        assertEquals(0.00233869 / 32, c.obufWriteNjPerBit());
    }

    @Test
    void roundTripsThroughAFile() throws IOException {
        AcceleratorConfig scaled =
                AcceleratorConfig.bitFusion45nm().toBuilder()
                        .setCols(128)
                        .setSramBytes(131072, 262144, 65536)
                        .setDramBitsPerCycle(4096)
                        .build();
        for (AcceleratorConfig c :
                new AcceleratorConfig[] {AcceleratorConfig.bitFusion45nm(), scaled}) {
            Path file = dir.resolve("acc.json");
            AcceleratorConfigJson.write(file, c);
            assertEquals(c, AcceleratorConfigJson.read(file));
        }
    }

    private static void assertRejected(ObjectNode node, String field, String... fragments) {
        InputFormatException e =
                assertThrows(
                        InputFormatException.class,
                        () -> AcceleratorConfigJson.fromJson(node, "acc.json"));
        assertEquals(field, e.field());
        assertTrue(e.getMessage().startsWith("acc.json: " + field + ": "), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage() + " lacks " + fragment);
        }
    }

    private static ObjectNode valid() {
        return AcceleratorConfigJson.toJson(AcceleratorConfig.bitFusion45nm());
    }

    @Test
    void rejectsBadFields() {
        ObjectNode unknown = valid();
        unknown.put("rows_count", 4);
        assertRejected(unknown, "rows_count", "unknown field", "allowed: format, rows");
        for (String field : AcceleratorConfigJson.FIELDS) {
            ObjectNode missing = valid();
            missing.remove(field);
            assertRejected(missing, field, "missing");
        }
        ObjectNode text = valid();
        text.put("cols", "32");
        assertRejected(text, "cols", "expected an integer");
        ObjectNode energy = valid();
        energy.put("dram_nj_per_bit", "cheap");
        assertRejected(energy, "dram_nj_per_bit", "expected a number");
        ObjectNode zero = valid();
        zero.put("rows", 0);
        assertRejected(zero, "rows", "positive integer");
        ObjectNode negative = valid();
        negative.put("obuf_read_nj_per_bit", -1.0);
        assertRejected(negative, "obuf_read_nj_per_bit", ">= 0");
        ObjectNode pmin = valid();
        pmin.put("pmin", 16);
        assertRejected(pmin, "pmin", "exceeds pmax");
        ObjectNode format = valid();
        format.put("format", "mpnas/accelerator-config@9");
        assertRejected(format, "format", "not supported");
    }

    @Test
    void badFileContentNamesTheFile() throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{ \"rows\": ");
        InputFormatException e =
                assertThrows(InputFormatException.class, () -> AcceleratorConfigJson.read(file));
        assertTrue(e.getMessage().startsWith(file + ": line 1, column "), e.getMessage());
        assertFalse(e.getMessage().contains("Source"), e.getMessage());
    }
}
