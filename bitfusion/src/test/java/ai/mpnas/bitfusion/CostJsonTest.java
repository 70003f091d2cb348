package ai.mpnas.bitfusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The JSON view of costs carries the reference's result fields exactly. */
class CostJsonTest {

    @TempDir Path dir;

    @Test
    void layerJsonHasTheReferenceResultFields() {
        CostModel model =
                CostModel.builder()
                        .setKind(CostModelKind.ORIGINAL)
                        .optBitModes(BitModes.EXACT)
                        .optDepthwiseMode(DepthwiseMode.DECOMPOSED)
                        .build();
        for (JsonNode c : Reference.cases()) {
            if (c.get("result").has("error")) {
                continue;
            }
            JsonNode json = CostJson.toJson(model.cost(Reference.layer(c)), 7);
            JsonNode expected = c.get("result");
            String id = c.get("id").asText();
            assertEquals(7, json.get("layer_index").asInt());
            for (String field : List.of("total_cycles", "compute_cycles", "mem_stall_cycles")) {
                assertEquals(expected.get(field).asLong(), json.get(field).asLong(), id);
            }
            assertEquals(12, json.get("bits").size(), id);
            expected.get("bits")
                    .fields()
                    .forEachRemaining(
                            e ->
                                    assertEquals(
                                            e.getValue().asLong(),
                                            json.get("bits").get(e.getKey()).asLong(),
                                            id + " " + e.getKey()));
            expected.get("energy_nJ_components")
                    .fields()
                    .forEachRemaining(
                            e ->
                                    Reference.assertClose(
                                            e.getValue().asDouble(),
                                            json.get("energy_nJ_components")
                                                    .get(e.getKey())
                                                    .asDouble(),
                                            id));
            Reference.assertClose(
                    expected.get("energy_total_nJ").asDouble(),
                    json.get("energy_total_nJ").asDouble(),
                    id);
            assertEquals(expected.get("inner_sram_dataflow"), json.get("dataflow"), id);
            assertEquals(expected.get("loop_order_outer_to_inner"), json.get("loop_order"), id);
            assertEquals(expected.get("tiling"), json.get("tiling"), id);
            assertEquals("original", json.get("model").asText());
            assertEquals(
                    c.get("sim_call").get("multiplier").asLong(),
                    json.get("dense_call").get("multiplier").asLong());
        }
    }

    @Test
    void networkDocumentRoundTripsThroughAFile() throws IOException {
        CostCalculator calc =
                CostCalculator.builder()
                        .setModel(
                                CostModel.builder()
                                        .setKind(CostModelKind.APQ)
                                        .optBitModes(BitModes.EXACT)
                                        .build())
                        .build();
        NetworkCost net = calc.costNetwork(MobileNetV2Layers.layers(4, 4, 1));
        Path file = dir.resolve("cost.json");
        CostJson.write(file, CostJson.toJson(net));
        JsonNode read = new ObjectMapper().readTree(file.toFile());
        assertEquals(CostJson.FORMAT, read.get("format").asText());
        assertEquals("apq", read.get("model").asText());
        assertEquals("grouped", read.get("depthwise").asText());
        assertEquals(53, read.get("layers").size());
        assertEquals(net.totalCycles(), read.get("totals").get("total_cycles").asLong());
        assertEquals(net.energyTotalNj(), read.get("totals").get("energy_total_nJ").asDouble());
        assertEquals(net.modelSizeBits(), read.get("totals").get("model_size_bits").asLong());
        assertEquals(
                AcceleratorConfig.bitFusion45nm(),
                AcceleratorConfigJson.fromJson(read.get("accelerator"), "cost.json"));
        List<Layer> layers =
                LayersJson.fromJson(
                        new ObjectMapper()
                                .createArrayNode()
                                .addAll(read.get("layers").findValues("layer")),
                        "cost.json");
        assertEquals(net.layers(), layers);
        assertTrue(read.get("layers").get(1).get("depthwise").asText().equals("grouped"));
        assertTrue(read.get("layers").get(0).get("depthwise").isNull());
    }
}
