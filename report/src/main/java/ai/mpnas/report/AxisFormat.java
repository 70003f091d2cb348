package ai.mpnas.report;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Tick labels: plain digits without grouping separators or exponents, as short as the value
 * allows. A grouping comma makes neighbouring labels read as one number once they come close
 * ({@code 1,0511,2011,351}), and {@code 1.4E5} is not how anyone writes an energy.
 */
final class AxisFormat {

    private static final MathContext SIGNIFICANT = new MathContext(4);

    private AxisFormat() {}

    /**
     * Formats a count such as a step: the integer without separators.
     *
     * @param value the value
     * @return e.g. {@code 1051}; a value that is not an integer falls back to {@link #plain}
     */
    static String count(double value) {
        double rounded = Math.rint(value);
        // ticks are computed in floating point: 1200.0000000002 is the tick 1200
        if (Math.abs(value - rounded) <= 1e-9 * Math.max(1, Math.abs(value))) {
            return Long.toString((long) rounded);
        }
        return plain(value);
    }

    /**
     * Formats a measured value: at most 4 significant digits, no trailing zeros, no exponent.
     *
     * @param value the value
     * @return e.g. {@code 140000}, {@code 0.3} (for 0.30000000000000004), {@code 0.0000025}
     */
    static String plain(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(value).round(SIGNIFICANT).stripTrailingZeros().toPlainString();
    }

    /**
     * Formats a fraction as a percentage for a column headed "(%)".
     *
     * @param fraction e.g. 0.8697
     * @return e.g. {@code 86.97}
     */
    static String percent(double fraction) {
        return plain(100 * fraction);
    }
}
