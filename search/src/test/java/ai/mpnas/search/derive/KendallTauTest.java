package ai.mpnas.search.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Kendall's tau-b against values counted by hand, with and without ties, and its symmetries. */
class KendallTauTest {

    /**
     * Of the 10 pairs of (1..5) against (3, 1, 2, 5, 4), 7 are concordant and 3 discordant
     * ((1,2), (1,3) and (4,5)): (7 - 3) / 10.
     */
    @Test
    void withoutTiesIsConcordantMinusDiscordantOverPairs() {
        assertEquals(0.4, KendallTau.tauB(new double[] {1, 2, 3, 4, 5},
                new double[] {3, 1, 2, 5, 4}), 1e-15);
        assertEquals(1, KendallTau.tauB(new double[] {1, 2, 3}, new double[] {10, 20, 30}));
        assertEquals(-1, KendallTau.tauB(new double[] {1, 2, 3}, new double[] {3, 2, 1}));
    }

    /**
     * x = (1, 2, 2, 3), y = (1, 3, 2, 3): pair (2,3) is tied in x, pair (2,4) in y, the other 4
     * concordant: 4 / sqrt((6 - 1)(6 - 1)) = 0.8 (tau-a would say 4 / 6).
     */
    @Test
    void tiesShrinkTheDenominatorPerSample() {
        assertEquals(0.8, KendallTau.tauB(new double[] {1, 2, 2, 3},
                new double[] {1, 3, 2, 3}), 1e-15);
        // (1,2) tied in both (counted in n1 and n2), (1,3) and (2,3) discordant: -2 / sqrt(2 * 2)
        assertEquals(-1, KendallTau.tauB(new double[] {1, 1, 2}, new double[] {5, 5, 1}), 1e-15);
        // x: one tie of three values (3 pairs) -> n1 = 3 of n0 = 6; y strictly rising:
        // concordant (1,4), (2,4), (3,4) -> 3 / sqrt(3 * 6)
        assertEquals(3 / Math.sqrt(18), KendallTau.tauB(new double[] {0.0, -0.0, 0.0, 1},
                new double[] {1, 2, 3, 4}), 1e-15);
    }

    @Test
    void aConstantSampleHasNoTauAndBadInputFails() {
        assertTrue(Double.isNaN(KendallTau.tauB(new double[] {2, 2, 2}, new double[] {1, 2, 3})));
        assertThrows(IllegalArgumentException.class,
                () -> KendallTau.tauB(new double[] {1, 2}, new double[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class,
                () -> KendallTau.tauB(new double[] {1}, new double[] {1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KendallTau.tauB(new double[] {1, Double.NaN}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("pair 1"), e.getMessage());
    }

    /**
     * On random samples with many ties: symmetric in its arguments, unchanged by an increasing
     * transform of either, negated by a decreasing one, within [-1, 1].
     */
    @Test
    void symmetricAndInvariantUnderMonotoneTransforms() {
        Random rng = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + rng.nextInt(15);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextInt(5);
                y[i] = rng.nextInt(4) + 0.3 * x[i];
            }
            double tau = KendallTau.tauB(x, y);
            if (Double.isNaN(tau)) {
                continue;
            }
            double[] cubed = new double[n];
            double[] negated = new double[n];
            for (int i = 0; i < n; i++) {
                cubed[i] = x[i] * x[i] * x[i] + 7;
                negated[i] = -y[i];
            }
            assertTrue(tau >= -1 - 1e-12 && tau <= 1 + 1e-12, "tau " + tau);
            assertEquals(tau, KendallTau.tauB(y, x), 1e-12);
            assertEquals(tau, KendallTau.tauB(cubed, y), 1e-12);
            assertEquals(-tau, KendallTau.tauB(x, negated), 1e-12);
        }
    }
}
