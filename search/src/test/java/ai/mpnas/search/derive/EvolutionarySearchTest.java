package ai.mpnas.search.derive;

import static ai.mpnas.search.cost.CostMetric.ENERGY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.cost.ApqTables;
import ai.mpnas.search.cost.CostTable;
import ai.mpnas.search.policy.ArchitecturePolicy;
import ai.mpnas.search.policy.RandomPolicies;
import ai.mpnas.search.policy.SearchConstraint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evolution on synthetic scores (no engine): never over the budget, never outside the
 * constraint, deterministic for a seed, and resumed from its checkpoint to the same result.
 */
class EvolutionarySearchTest {

    private static SearchSpace space;
    private static CostTable table;

    @BeforeAll
    static void build() {
        space = SearchSpace.preset("fashion-mnist");
        table = ApqTables.table(space);
    }

    private static DerivationSettings small() {
        return DerivationSettings.builder().optEvolution(12, 5).optParents(4)
                .optMutationProbability(0.2).optTop(5).build();
    }

    /**
     * A synthetic score that rewards cost (so the evolution presses against the budget) plus a
     * random but fixed term per architecture.
     */
    private static CandidateScorer synthetic(long salt) {
        return a -> {
            double noise = new Random(a.code().hashCode() * 31L + salt).nextDouble();
            return new CandidateScorer.Evaluation(
                    -table.total(a, ENERGY) / table.total(space.reference(8), ENERGY) + noise,
                    Double.NaN);
        };
    }

    private static EvolutionarySearch.Builder evolution(
            ArchitecturePolicy policy, double budget, CandidateScorer scorer) {
        return EvolutionarySearch.builder().setPolicy(policy).setBudget(table, ENERGY, budget)
                .setScorer(scorer).optSettings(small()).optSeed(5);
    }

    @Test
    void neverReturnsAnArchitectureOverTheBudgetOrOutsideTheConstraint() throws IOException {
        Random rng = new Random(3);
        for (SearchConstraint c : List.of(SearchConstraint.none(),
                SearchConstraint.fixArchitecture("reference"), SearchConstraint.fixBits(4))) {
            BiPredicate<Integer, BlockChoice> allowed = (b, choice) -> c.allows(space, b, choice);
            double low = table.total(table.cheapest(ENERGY, allowed), ENERGY);
            double high = table.total(table.mostExpensive(ENERGY, allowed), ENERGY);
            for (int trial = 0; trial < 6; trial++) {
                ArchitecturePolicy policy = RandomPolicies.of(space, c, rng);
                double budget = low + rng.nextDouble() * (high - low);
                AtomicInteger scored = new AtomicInteger();
                CandidateScorer scorer = synthetic(trial);
                Selection s = evolution(policy, budget, a -> {
                    scored.incrementAndGet();
                    // every architecture scored, not only the result, is inside
                    assertInside(a, policy, budget);
                    return scorer.evaluate(a);
                }).build().run();
                assertEquals(DerivationMethod.EVOLUTION, s.method());
                assertEquals(scored.get(), s.evaluations());
                for (Candidate cand : s.candidates()) {
                    assertInside(cand.result().architecture(), policy, budget);
                    assertEquals(table.total(cand.result().architecture(), ENERGY),
                            cand.result().cost(), 1e-9);
                }
                for (int i = 1; i < s.candidates().size(); i++) {
                    assertTrue(s.candidates().get(i - 1).loss() <= s.candidates().get(i).loss());
                }
            }
        }
    }

    private static void assertInside(Architecture a, ArchitecturePolicy policy, double budget) {
        assertTrue(table.total(a, ENERGY) <= budget, a.code() + " over " + budget);
        for (int b = 0; b < a.blocks().size(); b++) {
            assertTrue(policy.candidates(b).contains(a.blocks().get(b)),
                    "block " + b + " of " + a.code() + " outside " + policy.getConstraint());
        }
    }

    @Test
    void improvesOnItsStartingPopulation() throws IOException {
        ArchitecturePolicy policy = RandomPolicies.of(space, SearchConstraint.none(), new Random(8));
        double budget = 0.5 * table.total(space.reference(8), ENERGY);
        DerivationSettings none = DerivationSettings.builder().optEvolution(12, 0)
                .optParents(4).build();
        Selection start = evolution(policy, budget, synthetic(1)).optSettings(none).build().run();
        Selection end = evolution(policy, budget, synthetic(1)).build().run();
        assertTrue(end.result().loss() < start.result().loss(),
                end.result().loss() + " not below " + start.result().loss());
        assertTrue(end.evaluations() > 40, "children were scored: " + end.evaluations());
    }

    @Test
    void isDeterministicForASeed() throws IOException {
        ArchitecturePolicy policy = RandomPolicies.of(space, SearchConstraint.none(), new Random(4));
        double budget = 0.4 * table.total(space.reference(8), ENERGY);
        Selection a = evolution(policy, budget, synthetic(2)).build().run();
        Selection b = evolution(policy, budget, synthetic(2)).build().run();
        assertEquals(a, b);
        Selection other = evolution(policy, budget, synthetic(2)).optSeed(6).build().run();
        assertTrue(!a.candidates().equals(other.candidates()), "another seed, another search");
    }

    @Test
    void resumesFromItsCheckpointToTheSameResult(@TempDir Path dir) throws IOException {
        ArchitecturePolicy policy = RandomPolicies.of(space, SearchConstraint.none(), new Random(9));
        double budget = 0.5 * table.total(space.reference(8), ENERGY);
        Selection whole = evolution(policy, budget, synthetic(3)).build().run();

        Path file = dir.resolve("derivation/evolution.json");
        AtomicInteger calls = new AtomicInteger();
        CandidateScorer scorer = synthetic(3);
        int stopAt = whole.evaluations() * 2 / 3;
        // interrupted in a later generation, after at least one checkpoint
        assertThrows(IllegalStateException.class, () -> evolution(policy, budget, a -> {
            if (calls.incrementAndGet() > stopAt) {
                throw new IllegalStateException("interrupted");
            }
            return scorer.evaluate(a);
        }).optCheckpoint(file).build().run());
        assertTrue(Files.exists(file));
        AtomicInteger resumedCalls = new AtomicInteger();
        Selection resumed = evolution(policy, budget, a -> {
            resumedCalls.incrementAndGet();
            return scorer.evaluate(a);
        }).optCheckpoint(file).build().run();
        assertEquals(whole, resumed);
        assertTrue(resumedCalls.get() < whole.evaluations() - stopAt / 2,
                "resumed, not restarted: " + resumedCalls.get() + " of " + whole.evaluations());

        // a checkpoint of another evolution is refused, naming the file
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> evolution(policy, budget, scorer).optSeed(99).optCheckpoint(file).build()
                        .run());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }
}
