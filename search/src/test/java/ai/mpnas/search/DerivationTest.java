package ai.mpnas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.bitfusion.AcceleratorConfig;
import ai.mpnas.bitfusion.BitModes;
import ai.mpnas.bitfusion.CostModelKind;
import ai.mpnas.bitfusion.DepthwiseMode;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.cost.ApqTables;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.cost.CostTable;
import ai.mpnas.search.policy.ArchitecturePolicy;
import ai.mpnas.search.policy.Decision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DerivationTest {

    private static SearchSpace space;
    private static CostTable table;
    private static double budget;

    @BeforeAll
    static void build() {
        space = SearchSpace.preset("fashion-mnist");
        table = ApqTables.table(space);
        budget = 0.5 * table.total(space.reference(8), CostMetric.ENERGY);
    }

    /** A policy that runs every skippable block with the given probability, uniform otherwise. */
    private static ArchitecturePolicy runningWith(double pRun) {
        return ArchitecturePolicy.withSkipProbability(space, 1 - pRun);
    }

    @Test
    void repairKeepsBlocksThePolicyRunsWhenCheaperChoicesFit() {
        Architecture start = table.mostExpensive(CostMetric.ENERGY);
        assertTrue(table.total(start, CostMetric.ENERGY) > budget);
        Derivation.Result r =
                Derivation.repair(runningWith(0.9), table, CostMetric.ENERGY, budget, start);
        assertTrue(r.cost() <= budget, r.architecture().code());
        assertEquals(table.total(r.architecture(), CostMetric.ENERGY), r.cost(), 1e-9);
        for (BlockChoice c : r.architecture().blocks()) {
            assertFalse(c.skip(), r.architecture().code());
        }
    }

    @Test
    void repairSkipsBlocksThePolicySkips() {
        Architecture start = table.mostExpensive(CostMetric.ENERGY);
        Derivation.Result r =
                Derivation.repair(runningWith(0.1), table, CostMetric.ENERGY, budget, start);
        assertTrue(r.cost() <= budget, r.architecture().code());
        // the first change skips the skippable block that saves the most energy
        int mostSaving = -1;
        for (int b = 0; b < space.numBlocks(); b++) {
            if (space.canSkip(b)
                    && (mostSaving < 0
                            || table.cost(b, start.blocks().get(b), CostMetric.ENERGY)
                                    > table.cost(mostSaving, start.blocks().get(mostSaving),
                                            CostMetric.ENERGY))) {
                mostSaving = b;
            }
        }
        assertTrue(r.architecture().blocks().get(mostSaving).skip(), r.architecture().code());
    }

    @Test
    void givenUpLogProbabilityCountsOnlyTheChangedDecisions() {
        ArchitecturePolicy policy = runningWith(0.8);
        int b = 0;
        double[] wbits = {0.3, -0.2, 1.1, 0.4};
        policy.setLogits(b, Decision.WBITS, wbits);
        double[] p = policy.probabilities(b, Decision.WBITS);
        int i8 = policy.values(b, Decision.WBITS).indexOf(8);
        int i2 = policy.values(b, Decision.WBITS).indexOf(2);
        BlockChoice from = BlockChoice.of(6, 7, 8, 8);
        assertEquals(
                Math.log(p[i8]) - Math.log(p[i2]),
                Derivation.logProbabilityGivenUp(policy, b, from, BlockChoice.of(6, 7, 2, 8)),
                1e-12);
        assertEquals(
                Math.log(0.8) - Math.log(0.2),
                Derivation.logProbabilityGivenUp(policy, b, from, BlockChoice.skipBlock()),
                1e-12);
    }

    @Test
    void dominatedBitWidthsGiveWayToCheaperOnesWithNoFewerBits() {
        int changed = 0;
        for (int b = 0; b < space.numBlocks(); b++) {
            for (BlockChoice c : space.candidates(b)) {
                List<BlockChoice> blocks = new ArrayList<>(space.reference(8).blocks());
                blocks.set(b, c);
                Architecture start = new Architecture(space, blocks);
                Architecture got = Derivation.dropDominatedBits(table, CostMetric.ENERGY, start);
                for (int other = 0; other < space.numBlocks(); other++) {
                    if (other != b) {
                        assertEquals(Derivation.dropDominatedBits(table, CostMetric.ENERGY,
                                        space.reference(8)).blocks().get(other),
                                got.blocks().get(other));
                    }
                }
                BlockChoice r = got.blocks().get(b);
                if (c.skip()) {
                    assertEquals(c, r);
                    continue;
                }
                double cost = table.cost(b, r, CostMetric.ENERGY);
                assertEquals(c.m(), r.m());
                assertEquals(c.k(), r.k());
                assertTrue(r.wbits() >= c.wbits() && r.abits() >= c.abits(), c + " -> " + r);
                assertTrue(cost <= table.cost(b, c, CostMetric.ENERGY), c + " -> " + r);
                // nothing with at least c's bits is cheaper than what was chosen
                for (BlockChoice o : space.candidates(b)) {
                    if (!o.skip() && o.m() == c.m() && o.k() == c.k()
                            && o.wbits() >= c.wbits() && o.abits() >= c.abits()) {
                        assertTrue(table.cost(b, o, CostMetric.ENERGY) >= cost, o + " < " + r);
                    }
                }
                if (!r.equals(c)) {
                    changed++;
                }
            }
        }
        assertTrue(changed > 0);
        // At declared bits the original pads 2-bit weights to the fused array height, so 2 bits
        // cost more than 4 and the uniform 2-bit network gives way to something cheaper.
        CostTable original =
                CostTable.build(
                        space,
                        RunFiles.Pricing.of(
                                        CostModelKind.ORIGINAL,
                                        DepthwiseMode.GROUPED,
                                        BitModes.EXACT,
                                        AcceleratorConfig.bitFusion45nm(),
                                        1)
                                .calculator(),
                        1);
        Architecture twoBits = space.reference(2);
        assertTrue(original.total(
                        Derivation.dropDominatedBits(original, CostMetric.ENERGY, twoBits),
                        CostMetric.ENERGY)
                < original.total(twoBits, CostMetric.ENERGY));
    }
}
