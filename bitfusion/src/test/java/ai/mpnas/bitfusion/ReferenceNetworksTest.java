package ai.mpnas.bitfusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The 18 MobileNetV2 networks of the reference: per-layer results and totals. */
class ReferenceNetworksTest {

    private static CostCalculator calculator(DepthwiseMode mode) {
        return CostCalculator.builder()
                .setModel(
                        CostModel.builder()
                                .setKind(CostModelKind.ORIGINAL)
                                .optBitModes(BitModes.EXACT)
                                .optDepthwiseMode(mode)
                                .build())
                .build();
    }

    @Test
    void everyNetworkTotalMatches() {
        CostCalculator decomposed = calculator(DepthwiseMode.DECOMPOSED);
        CostCalculator dense = calculator(DepthwiseMode.DENSE);
        JsonNode networks = Reference.root().get("networks");
        assertEquals(18, networks.size());
        int withPerLayer = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = networks.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode net = entry.getValue();
            List<Layer> layers =
                    MobileNetV2Layers.layers(
                            net.get("wbits").asInt(),
                            net.get("abits").asInt(),
                            net.get("batch").asInt());
            assertEquals(53, layers.size());
            NetworkCost a = decomposed.costNetwork(layers);
            NetworkCost b = dense.costNetwork(layers);
            assertTotals(net.get("totals").get("A_channelwise"), a, name + " A");
            assertTotals(net.get("totals").get("B_dense_as_is"), b, name + " B");
            if (net.has("per_layer")) {
                withPerLayer++;
                checkPerLayer(net.get("per_layer"), layers, a, b, name);
            }
        }
        assertEquals(4, withPerLayer);
    }

    private static void checkPerLayer(
            JsonNode perLayer, List<Layer> layers, NetworkCost a, NetworkCost b, String name) {
        assertEquals(perLayer.size(), layers.size(), name);
        int dw = 0;
        for (int i = 0; i < layers.size(); i++) {
            JsonNode entry = perLayer.get(i);
            Layer expected = Reference.layer(entry);
            assertEquals(expected, layers.get(i), name + " layer " + i);
            String what = name + " " + entry.get("name").asText();
            Reference.assertMatches(entry.get("result"), a.costs().get(i), what);
            if (expected.type() == LayerType.DWCONV) {
                dw++;
                assertEquals(expected.cin(), expected.groups(), what);
                assertEquals(expected.cin(), expected.cout(), what);
                assertEquals(entry.get("sim_call").get("multiplier").asInt(), expected.cin());
                Reference.assertMatches(
                        entry.get("alternatives").get("B_dense_as_is").get("result"),
                        b.costs().get(i),
                        what + " B");
            } else {
                Reference.assertMatches(entry.get("result"), b.costs().get(i), what + " B");
            }
        }
        assertEquals(17, dw, name);
    }

    private static void assertTotals(JsonNode expected, NetworkCost actual, String what) {
        assertEquals(expected.get("total_cycles").asLong(), actual.totalCycles(), what);
        assertEquals(expected.get("compute_cycles").asLong(), actual.computeCycles(), what);
        assertEquals(expected.get("mem_stall_cycles").asLong(), actual.memStallCycles(), what);
        Map<String, Long> bits = actual.bits().toMap();
        expected.get("bits")
                .fields()
                .forEachRemaining(
                        e -> assertEquals(e.getValue().asLong(), bits.get(e.getKey()), what));
        List<String> names = new ArrayList<>();
        expected.get("energy_nJ_components")
                .fields()
                .forEachRemaining(
                        e -> {
                            names.add(e.getKey());
                            Reference.assertClose(
                                    e.getValue().asDouble(),
                                    actual.energy().componentsNj().get(e.getKey()),
                                    what + " " + e.getKey());
                        });
        assertEquals(names, new ArrayList<>(actual.energy().componentsNj().keySet()));
        Reference.assertClose(
                expected.get("energy_total_nJ").asDouble(), actual.energyTotalNj(), what);
        assertEquals(expected.get("time_ms_at_500MHz").asDouble(), actual.latencyMs(), 1e-9);
        assertTrue(actual.modelSizeBits() > 0);
    }
}
