package ai.mpnas.bitfusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** APQ's published numbers and worked example, recomputed by the APQ model. */
class ApqModelTest {

    private static final CostModel APQ =
            CostModel.builder()
                    .setKind(CostModelKind.APQ)
                    .optBitModes(BitModes.EXACT)
                    .optDepthwiseMode(DepthwiseMode.GROUPED)
                    .build();

    private static Layer depthwise(int channels, int size, int k, int stride, int w, int a) {
        return Layer.builder()
                .setType(LayerType.DWCONV)
                .setInputSize(size)
                .setChannels(channels)
                .setKernel(k)
                .optStride(stride)
                .optPadding(k / 2)
                .setBits(w, a)
                .build();
    }

    @Test
    void workedExampleSection4() {
        LayerCost cost = APQ.cost(depthwise(344, 14, 3, 1, 6, 6));
        Mapping mapping = cost.mapping();
        assertEquals(43, mapping.repeat());
        assertEquals(new DenseCall(3, 14, 1, 8, 8, 1, 6, 6, false), mapping.call());
        assertEquals(new Tiling(1, 1, 1, 14, 8, 1, 8, 1), mapping.tiling());
        assertEquals(79_636, cost.totalCycles());
        assertEquals(43 * 1764, cost.computeCycles());
        assertEquals(0.159272, cost.latencyMs(500_000_000L), 1e-12);
        assertEquals(Dataflow.OS, mapping.dataflow());
        // Block traffic from the document: reads 84672 + 3456 + 50176, writes 50176.
        assertEquals(43L * 138_304, cost.bits().dramRead());
        assertEquals(43L * 50_176, cost.bits().dramWrite());
        assertEquals(43L * 84_672, cost.bits().dramReadIntoIbuf());
        assertEquals(43L * 3_456, cost.bits().dramReadIntoWbuf());
        // 0.19386445 mJ in the table (8 significant digits); block 4508.4756 nJ.
        assertEquals(0.19386445, cost.energyTotalNj() * 1e-6, 0.5e-8);
        assertEquals(4508.4756, cost.energyTotalNj() / 43, 0.5e-4);
        double sum = cost.energy().componentsNj().values().stream().mapToDouble(d -> d).sum();
        assertEquals(cost.energyTotalNj(), sum, 1e-9 * sum);
        assertFalse(cost.extrapolated(), cost.extrapolationReason());
    }

    @Test
    void groupSizeTable() {
        int[][] bitsAndGroup = {
            {4, 4, 32},
            {4, 6, 16},
            {4, 8, 16},
            {6, 4, 16},
            {8, 4, 16},
            {6, 6, 8},
            {6, 8, 8},
            {8, 6, 8},
            {8, 8, 8}
        };
        for (int[] row : bitsAndGroup) {
            LayerCost cost = APQ.cost(depthwise(480, 14, 3, 1, row[0], row[1]));
            int g = row[2];
            assertEquals(g, cost.mapping().call().ic(), "w" + row[0] + "a" + row[1]);
            assertEquals(g, cost.mapping().call().oc());
            assertEquals((480 + g - 1) / g, cost.mapping().repeat());
        }
    }

    @Test
    void channels480Example() {
        LayerCost w4a4 = APQ.cost(depthwise(480, 14, 3, 1, 4, 4));
        LayerCost w4a8 = APQ.cost(depthwise(480, 14, 3, 1, 4, 8));
        LayerCost w8a8 = APQ.cost(depthwise(480, 14, 3, 1, 8, 8));
        assertEquals(15, w4a4.mapping().repeat());
        assertEquals(15L * 2806, w4a4.totalCycles());
        assertEquals(42_090, w4a4.totalCycles());
        assertEquals(30, w4a8.mapping().repeat());
        assertEquals(30L * 2037, w4a8.totalCycles());
        assertEquals(61_110, w4a8.totalCycles());
        assertEquals(60, w8a8.mapping().repeat());
        assertEquals(60L * 1868, w8a8.totalCycles());
        assertEquals(112_080, w8a8.totalCycles());
        double ratio = w8a8.energyTotalNj() / w4a4.energyTotalNj();
        assertEquals(1.9, ratio, 0.05);
        // Compute is always O^2 K^2 per block in the chosen tilings ("The apq model").
        assertEquals(15L * 14 * 14 * 9, w4a4.computeCycles());
        assertEquals(60L * 14 * 14 * 9, w8a8.computeCycles());
    }

    @Test
    void extrapolationIsFlagged() {
        LayerCost w2a2 = APQ.cost(depthwise(32, 14, 3, 1, 2, 2));
        assertTrue(w2a2.extrapolated());
        assertTrue(w2a2.extrapolationReason().contains("pf = 16"), w2a2.extrapolationReason());
        // pf(8, 2) = 4 is in APQ's range, but 2-bit operands are not in its table.
        LayerCost w2a8 = APQ.cost(depthwise(32, 14, 3, 1, 2, 8));
        assertTrue(w2a8.extrapolated());
        assertTrue(w2a8.extrapolationReason().contains("w2a8"), w2a8.extrapolationReason());
        LayerCost batch = APQ.cost(depthwise(32, 14, 3, 1, 8, 8).withBatch(4));
        assertTrue(batch.extrapolated());
        assertTrue(batch.extrapolationReason().contains("batch"), batch.extrapolationReason());
        assertFalse(APQ.cost(depthwise(32, 14, 3, 1, 8, 4)).extrapolated());
        CostModel original =
                CostModel.builder()
                        .setKind(CostModelKind.ORIGINAL)
                        .optBitModes(BitModes.EXACT)
                        .build();
        assertFalse(original.cost(depthwise(32, 14, 3, 1, 2, 2)).extrapolated());
    }
}
