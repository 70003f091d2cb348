package ai.mpnas.search.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

class SearchConstraintTest {

    private static final SearchSpace SPACE = SearchSpace.preset("fashion-mnist");
    private static final SearchConstraint BITS_ONLY = SearchConstraint.fixArchitecture("reference");
    private static final SearchConstraint ARCH_ONLY = SearchConstraint.fixBits(4);

    private static ArchitecturePolicy randomPolicy(SearchSpace space, SearchConstraint c, long seed) {
        return RandomPolicies.of(space, c, new Random(seed));
    }

    /** Whether a block keeps the reference's operator: no skip, the reference's m and k. */
    private static boolean keepsReferenceOperator(SearchSpace space, int block, BlockChoice c) {
        BlockChoice ref = space.reference(8).blocks().get(block);
        return !c.skip() && c.m() == ref.m() && c.k() == ref.k();
    }

    /** Whether a block keeps the fixed bits (a skipped block has none). */
    private static boolean keepsBits(int bits, BlockChoice c) {
        return c.skip() || c.wbits() == bits && c.abits() == bits;
    }

    /** Every architecture a policy yields: samples at several temperatures and the argmax. */
    private static List<Architecture> drawn(ArchitecturePolicy policy, long seed) {
        Random rng = new Random(seed);
        List<Architecture> all = new ArrayList<>();
        all.add(policy.mostLikely());
        for (double tau : new double[] {0.1, 1, 5}) {
            for (int i = 0; i < 50; i++) {
                all.add(policy.sample(rng, tau).architecture());
            }
        }
        return all;
    }

    private static void assertAll(
            List<Architecture> architectures, BiPredicate<Integer, BlockChoice> keeps) {
        for (Architecture a : architectures) {
            for (int b = 0; b < a.blocks().size(); b++) {
                assertTrue(keeps.test(b, a.blocks().get(b)), "block " + b + " of " + a.code());
            }
        }
    }

    @Test
    void bitsOnlyNeverChangesSkipExpandOrKernel() {
        BiPredicate<Integer, BlockChoice> keeps = (b, c) -> keepsReferenceOperator(SPACE, b, c);
        for (long seed = 0; seed < 20; seed++) {
            assertAll(drawn(randomPolicy(SPACE, BITS_ONLY, seed), seed), keeps);
            assertAll(drawn(ArchitecturePolicy.uniform(SPACE, BITS_ONLY), seed), keeps);
        }
        ArchitecturePolicy policy = ArchitecturePolicy.uniform(SPACE, BITS_ONLY);
        for (int b = 0; b < policy.numBlocks(); b++) {
            List<BlockChoice> candidates = policy.candidates(b);
            // only the bits are left: every weight x activation pair of the reference operator
            assertEquals(
                    SPACE.choices().wbits().size() * SPACE.choices().abits().size(),
                    candidates.size());
            candidates.forEach(c -> assertTrue(keepsReferenceOperator(SPACE, 0, c), c.code()));
        }
    }

    @Test
    void archOnlyNeverChangesBits() {
        boolean skipped = false;
        for (long seed = 0; seed < 20; seed++) {
            List<Architecture> all = drawn(randomPolicy(SPACE, ARCH_ONLY, seed), seed);
            all.addAll(drawn(ArchitecturePolicy.uniform(SPACE, ARCH_ONLY), seed));
            assertAll(all, (b, c) -> keepsBits(4, c));
            skipped |= all.stream().anyMatch(a -> a.blocks().stream().anyMatch(BlockChoice::skip));
        }
        // the architecture is still searched, skipping included
        assertTrue(skipped);
        ArchitecturePolicy policy = ArchitecturePolicy.uniform(SPACE, ARCH_ONLY);
        for (int b = 0; b < policy.numBlocks(); b++) {
            policy.candidates(b).forEach(c -> assertTrue(keepsBits(4, c), c.code()));
        }
    }

    @Test
    void choicesOutsideTheConstraintHaveProbabilityZeroAndTheRestSumToOne() {
        for (SearchConstraint c : List.of(BITS_ONLY, ARCH_ONLY, SearchConstraint.none())) {
            ArchitecturePolicy policy = randomPolicy(SPACE, c, 7);
            for (int b = 0; b < policy.numBlocks(); b++) {
                double inside = 0;
                for (BlockChoice choice : SPACE.candidates(b)) {
                    double p = policy.probability(b, choice);
                    if (c.allows(SPACE, b, choice)) {
                        assertTrue(p > 0, choice.code());
                        inside += p;
                    } else {
                        assertEquals(0, p, choice.code());
                    }
                }
                assertEquals(1, inside, 1e-9, c.describe() + " block " + b);
            }
            // E[J] over the whole space equals E[J] over the constrained candidates
            double expected = policy.expectedCost(0, (b, choice) -> choice.skip() ? 0 : choice.m());
            double direct = 0;
            for (int b = 0; b < policy.numBlocks(); b++) {
                for (BlockChoice choice : policy.candidates(b)) {
                    direct += policy.probability(b, choice) * (choice.skip() ? 0 : choice.m());
                }
            }
            assertEquals(direct, expected, 1e-9);
        }
    }

    @Test
    void fixedDecisionsGetNoGradient() {
        ArchitecturePolicy policy = randomPolicy(SPACE, BITS_ONLY, 3);
        Logits grad =
                policy.expectedCostGradient((b, c) -> c.skip() ? 0 : c.m() * c.wbits() * c.abits());
        for (int b = 0; b < policy.numBlocks(); b++) {
            for (Decision d : List.of(Decision.SKIP, Decision.EXPAND, Decision.KERNEL)) {
                assertEquals(1, grad.get(b, d).length);
                assertEquals(0, grad.get(b, d)[0], 1e-12);
            }
            assertTrue(grad.get(b, Decision.WBITS).length > 1);
        }
    }

    @Test
    void badConstraintsFailNamingTheFieldAndTheAllowedValues() {
        IllegalArgumentException bits =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ArchitecturePolicy.uniform(SPACE, SearchConstraint.fixBits(3)));
        assertEquals(
                "fix_bits 3: allowed: 2|4|6|8 (the bit widths the space offers for weights and"
                        + " activations)",
                bits.getMessage());
        IllegalArgumentException name =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> SearchConstraint.fixArchitecture("mobilenet"));
        assertEquals("fix_architecture 'mobilenet': allowed: reference", name.getMessage());
        IllegalArgumentException both =
                assertThrows(IllegalArgumentException.class, () -> new SearchConstraint("reference", 4));
        assertTrue(both.getMessage().startsWith("fix_architecture and fix_bits together"));
        assertFalse(both.getMessage().contains("\n"));
    }
}
