package ai.mpnas.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MovingAverageTest {

    private static final double NAN = Double.NaN;

    @Test
    void trailingMeansMatchAHandComputation() {
        // window 3 over 1, 2, 4, 8, 16: 1, (1+2)/2, (1+2+4)/3, (2+4+8)/3, (4+8+16)/3
        assertArrayEquals(new double[] {1, 1.5, 7.0 / 3, 14.0 / 3, 28.0 / 3},
                MovingAverage.trailing(new double[] {1, 2, 4, 8, 16}, 3), 1e-12);
    }

    @Test
    void missingValuesNeitherCountNorGetAPoint() {
        // warm-up has no validation loss: the first window starts at the first value
        assertArrayEquals(new double[] {NAN, NAN, 2, NAN, 3, 5, 7},
                MovingAverage.trailing(new double[] {NAN, NAN, 2, NAN, 4, 6, 8}, 2), 1e-12);
    }

    @Test
    void aWindowOfOneIsTheTraceItself() {
        double[] trace = {3, -1, NAN, 0.5};
        assertArrayEquals(trace, MovingAverage.trailing(trace, 1), 0);
        assertThrows(IllegalArgumentException.class,
                () -> MovingAverage.trailing(trace, 0));
    }

    @Test
    void agreesWithTheMeanOfTheLastValuesOnRandomTraces() {
        Random random = new Random(19);
        for (int trial = 0; trial < 200; trial++) {
            double[] trace = new double[1 + random.nextInt(300)];
            for (int i = 0; i < trace.length; i++) {
                trace[i] = random.nextInt(5) == 0 ? NAN : 1e4 * random.nextGaussian();
            }
            int window = 1 + random.nextInt(40);
            double[] got = MovingAverage.trailing(trace, window);
            List<Double> seen = new ArrayList<>();
            for (int i = 0; i < trace.length; i++) {
                if (Double.isNaN(trace[i])) {
                    assertTrue(Double.isNaN(got[i]), "step " + i);
                    continue;
                }
                seen.add(trace[i]);
                List<Double> last = seen.subList(Math.max(0, seen.size() - window), seen.size());
                double mean =
                        last.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                assertEquals(mean, got[i], 1e-9, "step " + i + ", window " + window);
            }
        }
    }

    @Test
    void theWindowIsATwentiethOfTheValuesAtLeastOne() {
        assertEquals(15, MovingAverage.window(new double[300]));
        double[] warmupThenSearch = new double[300];
        java.util.Arrays.fill(warmupThenSearch, 0, 100, NAN);
        assertEquals(10, MovingAverage.window(warmupThenSearch));
        assertEquals(1, MovingAverage.window(new double[5]));
        assertEquals(1, MovingAverage.window(new double[0]));
    }
}
