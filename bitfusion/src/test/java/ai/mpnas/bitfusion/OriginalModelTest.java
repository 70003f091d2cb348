package ai.mpnas.bitfusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The ORIGINAL model against the simulator's worked example and quirks (docs/bitfusion.md). */
class OriginalModelTest {

    private static final CostModel MODEL =
            CostModel.builder()
                    .setKind(CostModelKind.ORIGINAL)
                    .optBitModes(BitModes.EXACT)
                    .optDepthwiseMode(DepthwiseMode.DECOMPOSED)
                    .build();

    private static Layer pointwise(int size, int cin, int cout, int w, int a) {
        return Layer.builder()
                .setType(LayerType.CONV)
                .setInputSize(size)
                .setChannels(cin, cout)
                .setKernel(1)
                .setBits(w, a)
                .build();
    }

    @Test
    void workedExample7b() {
        LayerCost cost = MODEL.cost(pointwise(14, 384, 64, 8, 8));
        assertEquals(new Tiling(1, 1, 1, 14, 384, 1, 64, 1), cost.mapping().tiling());
        assertEquals(
                List.of(Loop.B, Loop.OC, Loop.OH, Loop.IC, Loop.OW),
                cost.mapping().order().outerToInner());
        assertEquals(Dataflow.OS, cost.mapping().dataflow());
        AccessBits bits = cost.bits();
        assertEquals(602_112, bits.ibufWrite());
        assertEquals(196_608, bits.wbufWrite());
        assertEquals(401_408, bits.dramReadIntoObuf());
        assertEquals(401_408, bits.dramWriteFromObuf());
        assertEquals(1_200_128, bits.dramRead());
        assertEquals(401_408, bits.dramWrite());
        assertEquals(38_535_168, bits.ibufRead());
        assertEquals(38_535_168, bits.wbufRead());
        assertEquals(802_816, bits.obufRead());
        assertEquals(802_816, bits.obufWrite());
        assertEquals(9408, cost.computeCycles());
        assertEquals(1548, cost.memStallCycles());
        assertEquals(10_956, cost.totalCycles());
        var parts = cost.energy().componentsNj();
        assertEquals(2211.858432, parts.get("core"), 1e-9);
        double sram =
                parts.get("wbuf_read")
                        + parts.get("wbuf_write")
                        + parts.get("ibuf_read")
                        + parts.get("ibuf_write")
                        + parts.get("obuf_read")
                        + parts.get("obuf_write");
        assertEquals(3274.6225836, sram, 1e-6);
        assertEquals(24_023.04, parts.get("dram_read") + parts.get("dram_write"), 1e-9);
        assertEquals(29_509.521015552, cost.energyTotalNj(), 1e-9);
    }

    @Test
    void energyIsNotMonotonicInBitWidth() {
        // docs/bitfusion.md, "Quirks": w6a6 buys a few cycles with more DRAM traffic than w8a8.
        LayerCost w8a8 = MODEL.cost(pointwise(14, 384, 64, 8, 8));
        LayerCost w6a6 = MODEL.cost(pointwise(14, 384, 64, 6, 6));
        assertEquals(10_494, w6a6.totalCycles());
        assertEquals(32.54, w6a6.energyTotalNj() / 1000, 0.005);
        assertEquals(29.51, w8a8.energyTotalNj() / 1000, 0.005);
        assertEquals(32, w6a6.mapping().tiling().ocTile());
    }

    @Test
    void perfFactorTable() {
        AcceleratorConfig c = AcceleratorConfig.bitFusion45nm();
        assertEquals(4, c.perfFactor(2, 8));
        assertEquals(16, c.perfFactor(2, 2));
        assertEquals(16, c.perfFactor(1, 1));
        assertEquals(4, c.perfFactor(3, 3));
        assertEquals(1, c.perfFactor(6, 6));
        assertEquals(2, c.perfFactor(6, 4));
        assertEquals(0, c.perfFactor(16, 8));
    }

    @Test
    void unsupportedPrecisionIsAClearError() {
        LayerCostException e =
                assertThrows(
                        LayerCostException.class, () -> MODEL.cost(pointwise(14, 384, 64, 8, 16)));
        assertTrue(e.getMessage().contains("abits = 16"), e.getMessage());
        assertTrue(e.getMessage().contains("1..8"), e.getMessage());
        assertEquals(-1, e.layerIndex());
    }

    @Test
    void noTilingFitsIsAClearError() {
        AcceleratorConfig tiny =
                AcceleratorConfig.bitFusion45nm().toBuilder().setSramBytes(64, 64, 16384).build();
        CostModel model =
                CostModel.builder()
                        .setKind(CostModelKind.ORIGINAL)
                        .optBitModes(BitModes.EXACT)
                        .optConfig(tiny)
                        .build();
        LayerCostException e =
                assertThrows(
                        LayerCostException.class, () -> model.cost(pointwise(14, 384, 64, 8, 8)));
        assertTrue(e.getMessage().contains("no tiling fits"), e.getMessage());
        CostCalculator calc = CostCalculator.builder().setModel(model).optThreads(2).build();
        Layer ok = pointwise(1, 1, 1, 8, 8);
        LayerCostException indexed =
                assertThrows(
                        LayerCostException.class,
                        () -> calc.costAll(List.of(ok, ok, pointwise(14, 384, 64, 8, 8), ok)));
        assertEquals(2, indexed.layerIndex());
        assertTrue(
                indexed.getMessage().startsWith("layer 2: no tiling fits"), indexed.getMessage());
    }
}
