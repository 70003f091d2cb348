package ai.mpnas.bitfusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Memoisation, parallel costing and network totals. */
class CostCalculatorTest {

    private static CostModel apq() {
        return CostModel.builder().setKind(CostModelKind.APQ).build();
    }

    @Test
    void parallelEqualsSequentialAndCachesDistinctLayers() {
        List<Layer> layers = new ArrayList<>();
        for (int w : new int[] {4, 8}) {
            layers.addAll(MobileNetV2Layers.layers(w, 8, 1));
            layers.addAll(MobileNetV2Layers.layers(w, 8, 1));
        }
        CostCalculator parallel = CostCalculator.builder().setModel(apq()).optThreads(4).build();
        CostCalculator sequential =
                CostCalculator.builder().setModel(apq()).optThreads(1).optCache(false).build();
        List<LayerCost> a = parallel.costAll(layers);
        List<LayerCost> b = sequential.costAll(layers);
        assertEquals(b, a);
        assertEquals(new java.util.HashSet<>(layers).size(), parallel.cacheSize());
        assertEquals(0, sequential.cacheSize());
        assertSame(a.get(0), parallel.cost(layers.get(0)));
        parallel.clearCache();
        assertEquals(0, parallel.cacheSize());
    }

    /**
     * The property behind pricing in parallel with shared memo tables (the calculator's cache, the
     * per-geometry mode grids): on random layer lists, under every model, bit-mode and depthwise
     * setting, the results are those of one thread without a cache, in order, and each equals the
     * layer priced alone by a model that has priced nothing else. Lists repeat geometries at other
     * bit widths in a row, so that threads meet on one geometry's modes, and repeat whole layers.
     */
    @Test
    void parallelMemoisedPricingEqualsSequentialPricingOnRandomLayerLists() {
        Random random = new Random(19);
        for (int trial = 0; trial < 24; trial++) {
            CostModelKind kind = CostModelKind.values()[trial % 2];
            BitModes modes = trial % 3 == 0 ? BitModes.EXACT : BitModes.CHEAPEST;
            DepthwiseMode depthwise = DepthwiseMode.values()[trial % DepthwiseMode.values().length];
            List<Layer> layers = randomLayerList(random);
            String what = "trial " + trial + " " + kind + " " + modes + " " + depthwise;
            CostCalculator parallel =
                    CostCalculator.builder()
                            .setModel(model(kind, modes, depthwise))
                            .optThreads(2 + trial % 3)
                            .build();
            CostCalculator sequential =
                    CostCalculator.builder()
                            .setModel(model(kind, modes, depthwise))
                            .optThreads(1)
                            .optCache(false)
                            .build();
            List<String> expected = outcome(sequential, layers);
            assertSameOutcomes(expected, outcome(parallel, layers), what);
            for (int i = 0; i < layers.size(); i++) {
                CostCalculator alone =
                        CostCalculator.builder().setModel(model(kind, modes, depthwise)).build();
                String one = outcome(alone, List.of(layers.get(i))).get(0);
                // a failing list reports its first failure only
                if (expected.size() == layers.size()) {
                    assertEquals(expected.get(i), one, what + " layer " + i);
                }
            }
        }
    }

    /** Runs of one geometry at random bit widths, and now and then a layer seen before. */
    private static List<Layer> randomLayerList(Random random) {
        List<Layer> layers = new ArrayList<>();
        while (layers.size() < 40) {
            if (!layers.isEmpty() && random.nextInt(6) == 0) {
                layers.add(layers.get(random.nextInt(layers.size())));
                continue;
            }
            Layer geometry = SearchEquivalenceTest.randomLayer(random);
            for (int run = 1 + random.nextInt(6); run > 0; run--) {
                layers.add(geometry.withBits(1 + random.nextInt(8), 1 + random.nextInt(8)));
            }
        }
        return layers;
    }

    private static CostModel model(CostModelKind kind, BitModes modes, DepthwiseMode depthwise) {
        return CostModel.builder()
                .setKind(kind)
                .optBitModes(modes)
                .optDepthwiseMode(depthwise)
                .build();
    }

    /** Equal lists; on a difference, names the first differing layer and shows only it. */
    private static void assertSameOutcomes(
            List<String> expected, List<String> actual, String what) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), what + ", layer " + i);
        }
        assertEquals(expected.size(), actual.size(), what + ": number of results");
    }

    /** Every cost as its record text (exact doubles), or the message of the first failure. */
    private static List<String> outcome(CostCalculator calculator, List<Layer> layers) {
        try {
            return calculator.costAll(layers).stream().map(LayerCost::toString).toList();
        } catch (LayerCostException e) {
            return List.of(e.getMessage());
        }
    }

    @Test
    void networkTotalsAreSums() {
        CostCalculator calc = CostCalculator.builder().setModel(apq()).build();
        List<Layer> layers = MobileNetV2Layers.layers(4, 4, 1);
        NetworkCost net = calc.costNetwork(layers);
        long cycles = 0;
        long dram = 0;
        double energy = 0;
        long size = 0;
        for (int i = 0; i < layers.size(); i++) {
            cycles += net.costs().get(i).totalCycles();
            dram += net.costs().get(i).bits().dramRead();
            energy += net.costs().get(i).energyTotalNj();
            Layer l = layers.get(i);
            // Depthwise weights are K*K per channel; dense ones K*K*Cin per output channel.
            long weights =
                    l.type() == LayerType.DWCONV
                            ? (long) l.k() * l.k() * l.cin()
                            : (long) l.k() * l.k() * l.cin() * l.cout();
            size += weights * 4;
        }
        assertEquals(cycles, net.totalCycles());
        assertEquals(dram, net.bits().dramRead());
        assertEquals(energy, net.energyTotalNj(), 1e-9 * energy);
        assertEquals(size, net.modelSizeBits());
        assertEquals(cycles / 500_000.0, net.latencyMs(), 1e-9);
        assertEquals(net.computeCycles() + net.memStallCycles(), net.totalCycles());
        // MobileNetV2 1.0 has about 3.5 M parameters.
        assertEquals(3.5e6, size / 4.0, 0.1e6);
    }
}
