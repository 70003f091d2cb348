package ai.mpnas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.cost.ApqTables;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.cost.CostTable;
import ai.mpnas.search.policy.ArchitecturePolicy;
import ai.mpnas.search.policy.RandomPolicies;
import ai.mpnas.search.policy.SearchConstraint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The derivation of a constrained search (argmax, sampled candidates, dropped dominated bits and
 * the budget repair) never leaves the constrained space, at random logits and random budgets; a
 * budget the constrained space cannot meet fails at once.
 */
class ConstrainedDerivationTest {

    private static final CostMetric ENERGY = CostMetric.ENERGY;
    private static SearchSpace space;
    private static CostTable table;

    @BeforeAll
    static void build() {
        space = SearchSpace.preset("fashion-mnist");
        table = ApqTables.table(space);
    }

    /**
     * Derives the argmax and sampled candidates of random policies at random budgets between the
     * constrained space's cheapest and most expensive cost, checking every result.
     */
    private static void checkDerivations(
            SearchConstraint c, BiPredicate<Integer, BlockChoice> keeps) {
        BiPredicate<Integer, BlockChoice> allowed = (b, choice) -> c.allows(space, b, choice);
        double low = table.total(table.cheapest(ENERGY, allowed), ENERGY);
        double high = table.total(table.mostExpensive(ENERGY, allowed), ENERGY);
        Random rng = new Random(11);
        int repaired = 0;
        for (int trial = 0; trial < 40; trial++) {
            ArchitecturePolicy policy = RandomPolicies.of(space, c, rng);
            double budget = low + rng.nextDouble() * (high - low);
            List<Architecture> starts = new ArrayList<>();
            starts.add(policy.mostLikely());
            for (int i = 0; i < 4; i++) {
                starts.add(policy.sample(rng, 1.0).architecture());
            }
            for (Architecture start : starts) {
                assertInside(start, keeps);
                assertInside(Derivation.dropDominatedBits(table, ENERGY, start, c), keeps);
                Derivation.Result r = Derivation.derive(policy, table, ENERGY, budget, start);
                assertInside(r.architecture(), keeps);
                assertTrue(r.cost() <= budget, r.cost() + " > " + budget);
                repaired += r.repairs() > 0 ? 1 : 0;
            }
        }
        // the budgets must have made the repair work, or it was not tested
        assertTrue(repaired > 10, repaired + " repaired");
    }

    private static void assertInside(Architecture a, BiPredicate<Integer, BlockChoice> keeps) {
        for (int b = 0; b < a.blocks().size(); b++) {
            assertTrue(keeps.test(b, a.blocks().get(b)), "block " + b + " of " + a.code());
        }
    }

    @Test
    void bitsOnlyDerivationNeverChangesSkipExpandOrKernel() {
        checkDerivations(
                SearchConstraint.fixArchitecture("reference"),
                (b, c) -> {
                    BlockChoice ref = space.reference(8).blocks().get(b);
                    return !c.skip() && c.m() == ref.m() && c.k() == ref.k();
                });
    }

    @Test
    void archOnlyDerivationNeverChangesBits() {
        for (int bits : new int[] {2, 4, 8}) {
            checkDerivations(
                    SearchConstraint.fixBits(bits),
                    (b, c) -> c.skip() || c.wbits() == bits && c.abits() == bits);
        }
    }

    @Test
    void aBudgetTheConstrainedSpaceCannotMeetFailsNamingItsCheapestCost() {
        SearchSettings.Builder settings =
                SearchSettings.builder().setSearchSpace(space).optFixArchitecture("reference");
        MixedPrecisionSearch.Pricing bitsOnly =
                MixedPrecisionSearch.price(settings.optBudget(Budget.parse("1")).build());
        MixedPrecisionSearch.Pricing joint =
                MixedPrecisionSearch.price(
                        SearchSettings.builder().setSearchSpace(space).optBudget(Budget.parse("1"))
                                .build());
        // the reference's cheapest bits cost more than the space's cheapest architecture
        assertTrue(bitsOnly.cheapest() > joint.cheapest());
        double relative = 0.999 * bitsOnly.cheapest() / bitsOnly.reference();
        Budget budget = Budget.parse(String.format(Locale.ROOT, "%.6f", relative));
        SearchSettings infeasible = settings.optBudget(budget).build();
        InfeasibleBudgetException e =
                assertThrows(
                        InfeasibleBudgetException.class,
                        () -> MixedPrecisionSearch.price(infeasible));
        String m = e.getMessage();
        assertEquals(-1, m.indexOf('\n'), m);
        assertTrue(m.startsWith("energy budget " + budget + " = "), m);
        assertTrue(m.contains("is impossible for bits-only (the architecture fixed to the"
                + " reference): the cheapest architecture of the constrained space costs "
                + String.format(Locale.ROOT, "%.6g", bitsOnly.cheapest())), m);
        assertEquals(bitsOnly.cheapest(), e.getCheapest(), 1e-9);
        assertTrue(e.getBudget() < e.getCheapest());
        assertEquals(SearchConstraint.fixArchitecture("reference"), e.getConstraint());
        // the joint search meets the same budget
        MixedPrecisionSearch.price(SearchSettings.builder().setSearchSpace(space).optBudget(budget)
                .build());

        SearchSettings archOnly =
                SearchSettings.builder().setSearchSpace(space).optFixBits(8)
                        .optBudget(Budget.parse("0.01")).build();
        e = assertThrows(InfeasibleBudgetException.class, () -> MixedPrecisionSearch.price(archOnly));
        assertTrue(e.getMessage().contains("for arch-only (every bit width fixed at 8)"),
                e.getMessage());
    }
}
