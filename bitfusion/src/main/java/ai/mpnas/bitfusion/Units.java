package ai.mpnas.bitfusion;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The units people read: energy in microjoules and latency in milliseconds, both to 4 significant
 * digits, in every command's human output. JSON keeps the exact figures ({@code energy_nJ},
 * {@code latency_ms}); one quantity in one unit everywhere lets numbers be compared by eye.
 */
public final class Units {

    /** The unit of energy in human output. */
    public static final String ENERGY_UNIT = "uJ";

    /** The unit of latency in human output. */
    public static final String LATENCY_UNIT = "ms";

    private static final MathContext SIGNIFICANT = new MathContext(4);

    private Units() {}

    /**
     * Formats an energy with its unit.
     *
     * @param nanojoules the energy in nJ, as the cost model gives it
     * @return e.g. {@code 88.98 uJ} for 88,984 nJ
     */
    public static String energy(double nanojoules) {
        return microjoules(nanojoules) + " " + ENERGY_UNIT;
    }

    /**
     * Formats an energy in microjoules without the unit, for a column headed "energy (uJ)".
     *
     * @param nanojoules the energy in nJ
     * @return e.g. {@code 88.98} for 88,984 nJ
     */
    public static String microjoules(double nanojoules) {
        return significant(nanojoules / 1e3);
    }

    /**
     * Formats a latency with its unit.
     *
     * @param milliseconds the latency in ms
     * @return e.g. {@code 0.03526 ms}
     */
    public static String latency(double milliseconds) {
        return milliseconds(milliseconds) + " " + LATENCY_UNIT;
    }

    /**
     * Formats a latency in milliseconds without the unit, for a column headed "latency (ms)".
     *
     * @param milliseconds the latency in ms
     * @return e.g. {@code 0.03526}
     */
    public static String milliseconds(double milliseconds) {
        return significant(milliseconds);
    }

    /** 4 significant digits in plain notation (no exponent, so columns read alike). */
    private static String significant(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(SIGNIFICANT);
        // 3 ms is shown as 3.000 ms: the digits shown say how precise the figure is
        int missing = SIGNIFICANT.getPrecision() - rounded.precision();
        if (missing > 0) {
            rounded = rounded.setScale(rounded.scale() + missing);
        }
        return rounded.toPlainString();
    }
}
