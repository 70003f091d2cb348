package ai.mpnas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.bitfusion.AcceleratorConfig;
import ai.mpnas.bitfusion.BitModes;
import ai.mpnas.bitfusion.CostModelKind;
import ai.mpnas.bitfusion.DepthwiseMode;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.cost.CostTable;
import ai.mpnas.search.policy.SearchConstraint;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The random baseline's sampler: the band, determinism and the error, on cost tables only. */
class RandomArchitecturesTest {

    private static final long HZ = AcceleratorConfig.bitFusion45nm().frequencyHz();

    private static RunFiles.Pricing pricing(CostModelKind model) {
        return RunFiles.Pricing.of(
                model, DepthwiseMode.GROUPED, BitModes.CHEAPEST, AcceleratorConfig.bitFusion45nm(), 1);
    }

    private static RandomArchitectures sampler(String preset, RunFiles.Pricing pricing) {
        return new RandomArchitectures(
                CostTable.build(SearchSpace.preset(preset), pricing.calculator(), pricing.batch()));
    }

    /**
     * Over random budgets (relative, between the cheapest architecture and the most expensive) and
     * seeds, every candidate's energy, priced afresh as architecture.json prices it, lies in
     * [0.9c, c], where c is the budget times the 8-bit reference priced the same way.
     */
    @Test
    void everyCandidateLiesInTheBandForRandomBudgetsAndSeeds() {
        Random rng = new Random(11);
        for (String preset : List.of("fashion-mnist", "cifar")) {
            for (CostModelKind model : CostModelKind.values()) {
                RunFiles.Pricing pricing = pricing(model);
                RandomArchitectures sampler = sampler(preset, pricing);
                SearchSpace space = SearchSpace.preset(preset);
                double reference = pricing.cost(space.reference(8)).energyTotalNj();
                for (int trial = 0; trial < 8; trial++) {
                    double relative = 0.2 + 0.8 * rng.nextDouble();
                    long seed = rng.nextLong();
                    String what = String.format(Locale.ROOT, "%s %s budget %.4f seed %d",
                            preset, model, relative, seed);
                    RandomArchitectures.Band band =
                            sampler.band(Budget.parse(Double.toString(relative)), HZ);
                    assertEquals(relative * reference, band.high(), 1e-9 * reference, what);
                    assertEquals(0.9 * band.high(), band.low(), 1e-9 * reference, what);
                    List<Architecture> drawn =
                            sampler.sample(band, 10, seed, RandomArchitectures.DEFAULT_MAX_SAMPLES);
                    assertEquals(10, drawn.size(), what);
                    assertEquals(10, new HashSet<>(drawn).size(), what + ": distinct");
                    for (Architecture a : drawn) {
                        double e = pricing.cost(a).energyTotalNj();
                        assertTrue(e >= band.low() * (1 - 1e-12) && e <= band.high() * (1 + 1e-12),
                                what + ": " + a.code() + " costs " + e + " nJ, band ["
                                        + band.low() + ", " + band.high() + "]");
                    }
                }
            }
        }
    }

    @Test
    void theSameSeedDrawsTheSameArchitecturesAndAnotherSeedOthers() {
        RandomArchitectures sampler = sampler("fashion-mnist", pricing(CostModelKind.ORIGINAL));
        RandomArchitectures.Band band = sampler.band(Budget.parse("0.5"), HZ);
        List<Architecture> a = sampler.sample(band, 10, 7, RandomArchitectures.DEFAULT_MAX_SAMPLES);
        List<Architecture> b = sampler.sample(band, 10, 7, RandomArchitectures.DEFAULT_MAX_SAMPLES);
        List<Architecture> c = sampler.sample(band, 10, 8, RandomArchitectures.DEFAULT_MAX_SAMPLES);
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void anAbsoluteBudgetIsTheSameBandAsItsRelativeValue() {
        RunFiles.Pricing pricing = pricing(CostModelKind.ORIGINAL);
        RandomArchitectures sampler = sampler("fashion-mnist", pricing);
        double reference =
                pricing.cost(SearchSpace.preset("fashion-mnist").reference(8)).energyTotalNj();
        RandomArchitectures.Band relative = sampler.band(Budget.parse("0.5"), HZ);
        RandomArchitectures.Band absolute =
                sampler.band(Budget.parse(0.5 * reference + "nJ"), HZ);
        assertEquals(relative.high(), absolute.high(), 1e-9 * reference);
        assertEquals(relative.referenceNj(), reference, 1e-9 * reference);
    }

    @Test
    void aUniformBudgetIsThatUniformNetworksOwnEnergy() {
        RunFiles.Pricing pricing = pricing(CostModelKind.ORIGINAL);
        RandomArchitectures sampler = sampler("fashion-mnist", pricing);
        double u4 = pricing.cost(SearchSpace.preset("fashion-mnist").reference(4)).energyTotalNj();
        assertEquals(u4, sampler.band(Budget.parse("u4"), HZ).high(), 1e-9 * u4);
    }

    @Test
    void aBandNoArchitectureReachesFailsNamingTheBandAndTheSpacesRange() {
        RunFiles.Pricing pricing = pricing(CostModelKind.ORIGINAL);
        RandomArchitectures sampler = sampler("fashion-mnist", pricing);
        CostTable table = CostTable.build(
                SearchSpace.preset("fashion-mnist"), pricing.calculator(), pricing.batch());
        double cheapest = table.total(table.cheapest(CostMetric.ENERGY), CostMetric.ENERGY);
        double dearest = table.total(table.mostExpensive(CostMetric.ENERGY), CostMetric.ENERGY);
        RandomArchitectures.Band band = sampler.band(Budget.parse(cheapest / 2 + "nJ"), HZ);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sampler.sample(band, 3, 1, 10_000));
        String message = e.getMessage();
        assertTrue(message.contains("0 of 3"), message);
        assertTrue(message.contains(String.format(Locale.ROOT, "[%.6g, %.6g] nJ", band.low(),
                band.high())), message);
        assertTrue(message.contains(String.format(Locale.ROOT, "%.6g", cheapest)), message);
        assertTrue(message.contains(String.format(Locale.ROOT, "%.6g", dearest)), message);
        assertTrue(message.contains("10000 uniform samples"), message);
        assertTrue(!message.contains("\n"), "one line: " + message);
    }

    /**
     * Over random ranges between the cheapest and the most expensive architecture, with and
     * without a constraint: one architecture per equal slice, each inside its own slice (priced
     * afresh), within the constraint, and the same list for the same seed.
     */
    @Test
    void strataPutOneArchitectureInEachSliceWithinTheConstraint() {
        RunFiles.Pricing pricing = pricing(CostModelKind.ORIGINAL);
        SearchSpace space = SearchSpace.preset("fashion-mnist");
        CostTable table = CostTable.build(space, pricing.calculator(), pricing.batch());
        Random rng = new Random(3);
        for (SearchConstraint constraint :
                List.of(SearchConstraint.none(), SearchConstraint.fixBits(4))) {
            RandomArchitectures sampler = new RandomArchitectures(
                    table, (b, c) -> constraint.allows(space, b, c));
            double cheapest = table.total(table.cheapest(CostMetric.ENERGY,
                    (b, c) -> constraint.allows(space, b, c)), CostMetric.ENERGY);
            double dearest = table.total(table.mostExpensive(CostMetric.ENERGY,
                    (b, c) -> constraint.allows(space, b, c)), CostMetric.ENERGY);
            for (int trial = 0; trial < 4; trial++) {
                double high = cheapest + (0.3 + 0.6 * rng.nextDouble()) * (dearest - cheapest);
                int strata = 2 + rng.nextInt(7);
                long seed = rng.nextLong();
                List<Architecture> drawn = sampler.sampleStrata(cheapest, high, strata, seed,
                        RandomArchitectures.DEFAULT_MAX_SAMPLES);
                assertEquals(strata, drawn.size());
                double width = (high - cheapest) / strata;
                for (int i = 0; i < strata; i++) {
                    Architecture a = drawn.get(i);
                    double e = pricing.cost(a).energyTotalNj();
                    String what = constraint.describe() + " slice " + i + " of " + strata + ": "
                            + a.code() + " costs " + e;
                    assertTrue(e >= cheapest + i * width - 1e-9 * high
                            && e <= cheapest + (i + 1) * width + 1e-9 * high, what);
                    for (int b = 0; b < a.blocks().size(); b++) {
                        assertTrue(constraint.allows(space, b, a.blocks().get(b)), what);
                    }
                }
                assertEquals(drawn, sampler.sampleStrata(cheapest, high, strata, seed,
                        RandomArchitectures.DEFAULT_MAX_SAMPLES));
            }
        }
    }

    @Test
    void aSliceNoSampleReachesFailsNamingIt() {
        RunFiles.Pricing pricing = pricing(CostModelKind.ORIGINAL);
        RandomArchitectures sampler = sampler("fashion-mnist", pricing);
        CostTable table = CostTable.build(
                SearchSpace.preset("fashion-mnist"), pricing.calculator(), pricing.batch());
        double cheapest = table.total(table.cheapest(CostMetric.ENERGY), CostMetric.ENERGY);
        // the first of 1000 slices above the cheapest holds almost nothing: 1000 samples miss it
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sampler.sampleStrata(cheapest, 3 * cheapest, 1000, 1, 1000));
        assertTrue(e.getMessage().contains(String.format(Locale.ROOT, "[%.6g, ", cheapest)),
                e.getMessage());
        assertTrue(e.getMessage().contains("ask for fewer"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> sampler.sampleStrata(cheapest, cheapest, 3, 1, 1000));
    }
}
