package ai.mpnas.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.stream.LongStream;

class SplitPlanTest {

    @ParameterizedTest
    @CsvSource({"0, 0.1", "1, 0.1", "1, 0.6", "10, 0", "10, 0.25", "60000, 0.1", "4000, 0.5"})
    void disjointSortedAndCovering(int size, double fraction) {
        SplitPlan plan = SplitPlan.of(size, fraction, 11);
        long[] train = plan.train();
        long[] validation = plan.validation();
        assertEquals(Math.round(size * fraction), validation.length);
        assertEquals(size, train.length + validation.length);
        assertTrue(isStrictlyAscending(train));
        assertTrue(isStrictlyAscending(validation));
        long[] all =
                LongStream.concat(Arrays.stream(train), Arrays.stream(validation))
                        .sorted()
                        .toArray();
        assertArrayEquals(LongStream.range(0, size).toArray(), all);
    }

    @Test
    void sameSeedSamePlanOtherSeedOtherPlan() {
        assertEquals(SplitPlan.of(1000, 0.1, 3), SplitPlan.of(1000, 0.1, 3));
        assertFalse(
                Arrays.equals(
                        SplitPlan.of(1000, 0.1, 3).validation(),
                        SplitPlan.of(1000, 0.1, 4).validation()));
    }

    @Test
    void everySampleIsEquallyLikelyToBeHeldOut() {
        int size = 20;
        int seeds = 2000;
        int[] heldOut = new int[size];
        for (int seed = 0; seed < seeds; seed++) {
            for (long i : SplitPlan.of(size, 0.25, seed).validation()) {
                heldOut[(int) i]++;
            }
        }
        // Binomial(2000, 0.25): mean 500, sd 19.4; 6 sd either side.
        for (int count : heldOut) {
            assertTrue(Math.abs(count - 500) < 117, "count " + count);
        }
    }

    @Test
    void accessorsReturnCopies() {
        SplitPlan plan = SplitPlan.of(10, 0.5, 1);
        plan.train()[0] = 99;
        plan.validation()[0] = 99;
        assertTrue(plan.train()[0] != 99 && plan.validation()[0] != 99);
    }

    @Test
    void fractionMustBeBelowOne() {
        assertEquals(
                "validation fraction must be in [0, 1), found 1.0",
                assertThrows(IllegalArgumentException.class, () -> SplitPlan.of(10, 1, 0))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> SplitPlan.of(10, -0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> SplitPlan.of(-1, 0.1, 0));
    }

    private static boolean isStrictlyAscending(long[] a) {
        for (int i = 1; i < a.length; i++) {
            if (a[i] <= a[i - 1]) {
                return false;
            }
        }
        return true;
    }
}
