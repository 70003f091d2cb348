package ai.mpnas.bitfusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

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
