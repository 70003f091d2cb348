package ai.mpnas.report;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The trailing moving average drawn over a noisy per-step trace: at each step with a value, the
 * mean of that value and the values of up to {@code window - 1} earlier steps that have one.
 * Steps without a value (NaN: the validation loss during warm-up) neither count nor get a point.
 */
final class MovingAverage {

    /** About this many windows fit the run: smooth enough to read, short enough to follow. */
    private static final int WINDOWS_PER_RUN = 20;

    private MovingAverage() {}

    /**
     * Returns the window for a trace: a twentieth of its values, at least 1.
     *
     * @param values the trace (NaN where there is no value)
     * @return the number of values averaged
     */
    static int window(double[] values) {
        long finite = Arrays.stream(values).filter(Double::isFinite).count();
        return (int) Math.max(1, Math.round((double) finite / WINDOWS_PER_RUN));
    }

    /**
     * Computes the trailing moving average.
     *
     * @param values the trace (NaN where there is no value)
     * @param window how many values each point averages, at least 1
     * @return the averages, NaN where the trace is NaN
     * @throws IllegalArgumentException if the window is below 1
     */
    static double[] trailing(double[] values, int window) {
        if (window < 1) {
            throw new IllegalArgumentException(
                    "moving-average window " + window + ": allowed >= 1");
        }
        double[] out = new double[values.length];
        ArrayDeque<Double> last = new ArrayDeque<>();
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                out[i] = Double.NaN;
                continue;
            }
            last.addLast(values[i]);
            sum += values[i];
            if (last.size() > window) {
                sum -= last.removeFirst();
            }
            out[i] = sum / last.size();
        }
        return out;
    }
}
