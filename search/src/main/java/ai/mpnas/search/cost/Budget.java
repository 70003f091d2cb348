package ai.mpnas.search.cost;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cost budget c: absolute ({@code 2.5mJ}, {@code 800uJ}, {@code 1200000nJ}, {@code 3ms},
 * {@code 150000cycles}) or relative to the uniform 8-bit reference network of the same space
 * ({@code 0.5}).
 *
 * @param value the number as given
 * @param unit the unit as given, or null for a relative budget
 */
public record Budget(double value, String unit) {

    private static final Pattern FORMAT =
            Pattern.compile("\\s*([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*([a-zA-Z]*)\\s*");

    /** The units a budget may have, and what they multiply into nJ or cycles. */
    private static final String ALLOWED = "a fraction like 0.5, or nJ, uJ, mJ, J, cycles, ms";

    /**
     * Parses a budget.
     *
     * @param text e.g. {@code 0.5} or {@code 2.5mJ}
     * @return the budget
     * @throws IllegalArgumentException naming the text and the allowed forms
     */
    public static Budget parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("budget '" + text + "': allowed " + ALLOWED);
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2).isEmpty() ? null : m.group(2);
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("budget '" + text + "': must be positive");
        }
        Budget budget = new Budget(value, unit);
        if (unit != null) {
            budget.metric();
        }
        return budget;
    }

    /**
     * Returns whether the budget is relative to the 8-bit reference network.
     *
     * @return true for a bare number
     */
    public boolean isRelative() {
        return unit == null;
    }

    /**
     * Returns the metric an absolute budget constrains.
     *
     * @return energy for nJ/uJ/mJ/J, latency for cycles/ms
     * @throws IllegalArgumentException for a relative budget or an unknown unit
     */
    public CostMetric metric() {
        String u = unit == null ? "" : unit.toLowerCase(Locale.ROOT);
        return switch (u) {
            case "nj", "uj", "mj", "j" -> CostMetric.ENERGY;
            case "cycles", "ms" -> CostMetric.LATENCY;
            default ->
                    throw new IllegalArgumentException(
                            "budget unit '" + unit + "': allowed " + ALLOWED);
        };
    }

    /**
     * Resolves the budget to nJ or cycles.
     *
     * @param metric the metric the search constrains
     * @param reference the cost of the uniform 8-bit reference network under that metric
     * @param frequencyHz the accelerator clock, to turn ms into cycles
     * @return the budget in nJ (energy) or cycles (latency)
     * @throws IllegalArgumentException if an absolute budget's unit does not fit the metric
     */
    public double resolve(CostMetric metric, double reference, long frequencyHz) {
        if (isRelative()) {
            return value * reference;
        }
        if (metric() != metric) {
            throw new IllegalArgumentException(
                    "budget '"
                            + this
                            + "' is a "
                            + metric().jsonName()
                            + " budget but the search constrains "
                            + metric.jsonName());
        }
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "nj" -> value;
            case "uj" -> value * 1e3;
            case "mj" -> value * 1e6;
            case "j" -> value * 1e9;
            case "cycles" -> value;
            case "ms" -> value * frequencyHz / 1000.0;
            default -> throw new IllegalStateException(unit);
        };
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return unit == null ? Double.toString(value) : value + unit;
    }
}
