package ai.mpnas.bitfusion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The depthwise mappings are exact multiples of the dense block they stand for. */
class DepthwiseModesTest {

    private static Layer dw(int c, int size, int k, int stride, int w, int a) {
        return Layer.builder()
                .setType(LayerType.DWCONV)
                .setInputSize(size)
                .setChannels(c)
                .setKernel(k)
                .optStride(stride)
                .optPadding(k / 2)
                .setBits(w, a)
                .build();
    }

    private static Layer block(Layer dw, int channels) {
        return Layer.builder()
                .setType(LayerType.CONV)
                .setInputSize(dw.h())
                .setChannels(channels, channels)
                .setKernel(dw.k())
                .optStride(dw.stride())
                .optPadding(dw.padding())
                .setBits(dw.wbits(), dw.abits())
                .build();
    }

    @Test
    void groupedIsCeilCOverGTimesTheBlockUnderBothModels() {
        int[][] shapes = {{96, 56, 3, 1}, {480, 14, 5, 2}, {20, 28, 7, 1}, {1000, 7, 3, 1}};
        int[][] bits = {{8, 8}, {4, 8}, {4, 4}, {2, 2}, {6, 4}};
        for (CostModelKind kind : CostModelKind.values()) {
            CostModel grouped =
                    CostModel.builder()
                            .setKind(kind)
                            .optBitModes(BitModes.EXACT)
                            .optDepthwiseMode(DepthwiseMode.GROUPED)
                            .build();
            for (int[] s : shapes) {
                for (int[] b : bits) {
                    Layer layer = dw(s[0], s[1], s[2], s[3], b[0], b[1]);
                    // G = 8 * pf, capped at the array's 32 columns (2/2 bits: 32, not 128).
                    int pf = AcceleratorConfig.bitFusion45nm().perfFactor(b[1], b[0]);
                    int g = Math.min(8 * pf, 32);
                    long n = (s[0] + g - 1) / g;
                    LayerCost whole = grouped.cost(layer);
                    LayerCost one = grouped.cost(block(layer, g));
                    assertMultiple(n, one, whole, kind + " " + layer);
                    assertEquals(n, whole.mapping().repeat());
                }
            }
        }
    }

    @Test
    void decomposedIsCTimesTheSingleChannelConv() {
        for (CostModelKind kind : CostModelKind.values()) {
            CostModel model =
                    CostModel.builder()
                            .setKind(kind)
                            .optBitModes(BitModes.EXACT)
                            .optDepthwiseMode(DepthwiseMode.DECOMPOSED)
                            .build();
            Layer layer = dw(144, 56, 3, 2, 4, 8);
            assertMultiple(144, model.cost(block(layer, 1)), model.cost(layer), kind.name());
        }
    }

    @Test
    void denseIsTheDenseConvAsIs() {
        for (CostModelKind kind : CostModelKind.values()) {
            CostModel model =
                    CostModel.builder()
                            .setKind(kind)
                            .optBitModes(BitModes.EXACT)
                            .optDepthwiseMode(DepthwiseMode.DENSE)
                            .build();
            Layer layer = dw(64, 28, 3, 1, 8, 8);
            assertMultiple(1, model.cost(block(layer, 64)), model.cost(layer), kind.name());
        }
    }

    private static void assertMultiple(long n, LayerCost one, LayerCost whole, String what) {
        assertEquals(n * one.totalCycles(), whole.totalCycles(), what);
        assertEquals(n * one.computeCycles(), whole.computeCycles(), what);
        assertEquals(n * one.memStallCycles(), whole.memStallCycles(), what);
        assertEquals(one.bits().times(n), whole.bits(), what);
        assertEquals(
                n * one.energyTotalNj(),
                whole.energyTotalNj(),
                1e-12 * whole.energyTotalNj(),
                what);
        assertEquals(one.mapping().tiling(), whole.mapping().tiling(), what);
    }
}
