package ai.mpnas.search.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.bitfusion.CostCalculator;
import ai.mpnas.bitfusion.NetworkCost;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.policy.ArchitecturePolicy;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CostTableTest {

    private static SearchSpace space;
    private static CostCalculator calculator;
    private static CostTable table;

    @BeforeAll
    static void build() {
        space = SearchSpace.preset("fashion-mnist");
        calculator = ApqTables.calculator();
        table = CostTable.build(space, calculator, 1);
    }

    @Test
    void lookupsEqualPricingTheWholeNetwork() {
        Random rng = new Random(1);
        ArchitecturePolicy uniform = ArchitecturePolicy.uniform(space);
        for (int i = 0; i < 20; i++) {
            Architecture arch = uniform.sample(rng, 1).architecture();
            NetworkCost whole = calculator.costNetwork(BitFusionLayers.of(arch, 1));
            assertEquals(
                    whole.energyTotalNj(),
                    table.total(arch, CostMetric.ENERGY),
                    1e-9 * whole.energyTotalNj(),
                    arch.code());
            assertEquals(
                    (double) whole.totalCycles(), table.total(arch, CostMetric.LATENCY), 0.0);
        }
    }

    @Test
    void skippedBlocksCostNothingAndExtremesBoundEverySample() {
        for (int b = 0; b < space.numBlocks(); b++) {
            if (space.canSkip(b)) {
                assertEquals(0.0, table.cost(b, BlockChoice.skipBlock(), CostMetric.ENERGY));
            }
        }
        double low = table.total(table.cheapest(CostMetric.ENERGY), CostMetric.ENERGY);
        double high = table.total(table.mostExpensive(CostMetric.ENERGY), CostMetric.ENERGY);
        Random rng = new Random(2);
        ArchitecturePolicy uniform = ArchitecturePolicy.uniform(space);
        for (int i = 0; i < 50; i++) {
            double e = table.total(uniform.sample(rng, 1).architecture(), CostMetric.ENERGY);
            assertTrue(low <= e && e <= high, low + " <= " + e + " <= " + high);
        }
        assertTrue(low < table.total(space.reference(8), CostMetric.ENERGY));
    }

    @Test
    void fourBitReferenceIsCheaperThanEightBit() {
        double e8 = table.total(space.reference(8), CostMetric.ENERGY);
        double e4 = table.total(space.reference(4), CostMetric.ENERGY);
        assertTrue(e4 < e8, e4 + " < " + e8);
    }

    @Test
    void unknownChoiceIsRejected() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> table.cost(0, BlockChoice.of(5, 3, 8, 8), CostMetric.ENERGY));
        assertTrue(e.getMessage().contains("e5k3w8a8"), e.getMessage());
    }
}
