package ai.mpnas.bitfusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** Every reference case of the original simulator, priced by the ORIGINAL model. */
class ReferenceCasesTest {

    private static final CostModel DECOMPOSED =
            CostModel.builder()
                    .setKind(CostModelKind.ORIGINAL)
                    .optBitModes(BitModes.EXACT)
                    .optDepthwiseMode(DepthwiseMode.DECOMPOSED)
                    .build();
    private static final CostModel DENSE =
            CostModel.builder()
                    .setKind(CostModelKind.ORIGINAL)
                    .optBitModes(BitModes.EXACT)
                    .optDepthwiseMode(DepthwiseMode.DENSE)
                    .build();

    @Test
    void everyCaseMatchesTheSimulator() {
        int checked = 0;
        int errors = 0;
        for (JsonNode c : Reference.cases()) {
            String id = c.get("id").asText();
            Layer layer = Reference.layer(c);
            JsonNode result = c.get("result");
            if (result.has("error")) {
                LayerCostException e =
                        assertThrows(LayerCostException.class, () -> DECOMPOSED.cost(layer), id);
                assertTrue(e.getMessage().contains("pmax"), e.getMessage());
                errors++;
                continue;
            }
            LayerCost cost = DECOMPOSED.cost(layer);
            Reference.assertMatches(result, cost, id);
            assertEquals(
                    result.get("inner_sram_dataflow").asText(),
                    cost.mapping().dataflow().name(),
                    id);
            assertEquals(orderOf(result), orderOf(cost), id + " loop order");
            assertTiling(result.get("tiling"), cost.mapping().tiling(), id);
            if (layer.type() == LayerType.DWCONV) {
                assertEquals(layer.cin(), cost.mapping().repeat(), id);
                JsonNode dense = c.get("alternatives").get("B_dense_as_is").get("result");
                Reference.assertMatches(dense, DENSE.cost(layer), id + " dense");
                JsonNode channelIm2col =
                        c.get("alternatives").get("C_channelwise_im2col").get("result");
                Layer im2col =
                        new Layer(
                                layer.type(),
                                layer.h(),
                                layer.w(),
                                layer.cin(),
                                layer.cout(),
                                layer.k(),
                                layer.stride(),
                                layer.padding(),
                                layer.groups(),
                                layer.batch(),
                                layer.wbits(),
                                layer.abits(),
                                true);
                Reference.assertMatches(channelIm2col, DECOMPOSED.cost(im2col), id + " C");
            }
            checked++;
        }
        assertEquals(150, checked);
        assertEquals(2, errors);
    }

    static List<String> orderOf(JsonNode result) {
        List<String> names = new ArrayList<>();
        result.get("loop_order_outer_to_inner").forEach(n -> names.add(n.asText()));
        return names;
    }

    static List<String> orderOf(LayerCost cost) {
        List<String> names = new ArrayList<>();
        cost.mapping().order().outerToInner().forEach(l -> names.add(l.simName()));
        return names;
    }

    static void assertTiling(JsonNode expected, Tiling actual, String id) {
        for (Loop loop : Loop.values()) {
            JsonNode t = expected.get(loop.simName());
            assertEquals(t.get("tile_size").asInt(), actual.size(loop), id + " " + loop);
            assertEquals(t.get("num_tiles").asInt(), actual.count(loop), id + " " + loop);
        }
    }
}
