package ai.mpnas.bitfusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

/**
 * Precision modes ({@code docs/bitfusion.md}, section "Precision modes"): under {@link
 * BitModes#CHEAPEST} fewer bits never cost more, and a layer is priced entirely in the mode it
 * reports.
 */
class BitModesTest {

    private static final int LAYERS_PER_MODEL = 1000;

    private static final List<Integer> WIDTHS = List.of(2, 4, 6, 8);

    @Test
    void loweringEitherWidthNeverRaisesEnergyOrLatency() {
        DepthwiseMode[] depthwise = DepthwiseMode.values();
        for (CostModelKind kind : CostModelKind.values()) {
            Random random = new Random(20_260_301L + kind.ordinal());
            CostModel[] models = new CostModel[depthwise.length];
            for (int d = 0; d < depthwise.length; d++) {
                models[d] = cheapest(kind, depthwise[d]);
            }
            int checked = 0;
            for (int i = 0; checked < LAYERS_PER_MODEL; i++) {
                Layer layer = SearchEquivalenceTest.randomLayer(random);
                CostModel model = models[i % depthwise.length];
                LayerCost[][] grid = grid(model, layer);
                if (grid == null) {
                    continue;
                }
                String what = kind + " " + model.depthwiseMode() + " #" + i + " " + layer;
                for (int w = 0; w < WIDTHS.size(); w++) {
                    for (int a = 0; a < WIDTHS.size(); a++) {
                        if (w > 0) {
                            assertNoDearer(grid[w - 1][a], grid[w][a], what);
                        }
                        if (a > 0) {
                            assertNoDearer(grid[w][a - 1], grid[w][a], what);
                        }
                    }
                }
                // Odd widths have no mode of their own: they run in the next supported one.
                int oddW = 1 + 2 * random.nextInt(4);
                int oddA = 1 + 2 * random.nextInt(4);
                LayerCost odd = model.cost(layer.withBits(oddW, oddA));
                assertNoDearer(odd, grid[oddW / 2][oddA / 2], what + " w" + oddW + "a" + oddA);
                checked++;
            }
        }
    }

    /** Cheapest costs at every supported (w, a), or null if the layer fits no tiling at all. */
    private static LayerCost[][] grid(CostModel model, Layer layer) {
        LayerCost[][] grid = new LayerCost[WIDTHS.size()][WIDTHS.size()];
        try {
            for (int w = 0; w < WIDTHS.size(); w++) {
                for (int a = 0; a < WIDTHS.size(); a++) {
                    grid[w][a] = model.cost(layer.withBits(WIDTHS.get(w), WIDTHS.get(a)));
                }
            }
        } catch (LayerCostException e) {
            // Only if even 8/8 fails: a narrower layer may use every wider mode, 8/8 included.
            return null;
        }
        return grid;
    }

    private static void assertNoDearer(LayerCost fewer, LayerCost more, String what) {
        assertTrue(
                fewer.energyTotalNj() <= more.energyTotalNj(),
                what + ": energy " + fewer.energyTotalNj() + " > " + more.energyTotalNj());
        assertTrue(
                fewer.totalCycles() <= more.totalCycles(),
                what + ": cycles " + fewer.totalCycles() + " > " + more.totalCycles());
    }

    @Test
    void aLayerIsPricedEntirelyInTheModeItRan() {
        CostModel exact =
                CostModel.builder()
                        .setKind(CostModelKind.ORIGINAL)
                        .optBitModes(BitModes.EXACT)
                        .build();
        CostModel cheapest = cheapest(CostModelKind.ORIGINAL, DepthwiseMode.GROUPED);
        // The 1x1 16->96 conv pads its weights to the fused array height at 2 bits.
        Layer small =
                Layer.builder()
                        .setType(LayerType.CONV)
                        .setInputSize(14)
                        .setChannels(16, 96)
                        .setKernel(1)
                        .setBits(2, 2)
                        .build();
        LayerCost ran = cheapest.cost(small);
        LayerCost asRun = exact.cost(small.withBits(ran.runWbits(), ran.runAbits()));
        assertEquals(asRun, ran);
        assertTrue(ran.energyTotalNj() <= exact.cost(small).energyTotalNj());
        assertEquals(2, exact.cost(small).runWbits());
        assertEquals(2, exact.cost(small).runAbits());
    }

    @Test
    void exactPricesTheDeclaredBits() {
        Layer layer = SearchEquivalenceTest.randomLayer(new Random(7)).withBits(3, 5);
        CostModel exact =
                CostModel.builder().setKind(CostModelKind.APQ).optBitModes(BitModes.EXACT).build();
        LayerCost cost = exact.cost(layer);
        assertEquals(3, cost.runWbits());
        assertEquals(5, cost.runAbits());
        assertEquals(List.of(2, 4, 6, 8), AcceleratorConfig.bitFusion45nm().supportedWidths());
    }

    @Test
    void tooWideOperandsStillFail() {
        Layer layer = SearchEquivalenceTest.randomLayer(new Random(8));
        CostModel model = cheapest(CostModelKind.ORIGINAL, DepthwiseMode.GROUPED);
        assertThrows(LayerCostException.class, () -> model.cost(layer.withBits(16, 8)));
    }

    @Test
    void parsesItsNames() {
        assertEquals(BitModes.CHEAPEST, BitModes.fromJsonName("Cheapest"));
        assertEquals("exact", BitModes.EXACT.jsonName());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BitModes.fromJsonName("x"));
        assertTrue(e.getMessage().contains("allowed: cheapest|exact"), e.getMessage());
    }

    private static CostModel cheapest(CostModelKind kind, DepthwiseMode depthwise) {
        return CostModel.builder()
                .setKind(kind)
                .optDepthwiseMode(depthwise)
                .optBitModes(BitModes.CHEAPEST)
                .build();
    }
}
