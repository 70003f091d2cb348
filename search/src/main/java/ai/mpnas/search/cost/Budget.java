package ai.mpnas.search.cost;

import java.util.Locale;
import java.util.function.IntToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cost budget c: absolute ({@code 2.5mJ}, {@code 800uJ}, {@code 1200000nJ}, {@code 3ms},
 * {@code 150000cycles}), relative to the uniform 8-bit reference network of the same space
 * ({@code 0.5}), or the cost of that reference network at uniform N bits ({@code u2}, {@code u4},
 * {@code u6}, {@code u8}), so that a budget can match a uniform-precision network exactly.
 *
 * @param value the number as given (the bits of a uniform budget)
 * @param unit the unit as given, {@value #UNIFORM} for a uniform budget, or null for a relative one
 */
public record Budget(double value, String unit) {

    private static final Pattern FORMAT =
            Pattern.compile("\\s*([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*([a-zA-Z]*)\\s*");

    private static final Pattern UNIFORM_FORMAT = Pattern.compile("\\s*[uU]([0-9]+)\\s*");

    /** The unit of a uniform budget ({@code u4}: the uniform 4-bit reference network's cost). */
    public static final String UNIFORM = "u";

    /** The units a budget may have, and what they multiply into nJ or cycles. */
    private static final String ALLOWED =
            "a fraction like 0.5, u2/u4/u6/u8 (a uniform network's cost), or nJ, uJ, mJ, J, cycles, ms";

    /**
     * Parses a budget.
     *
     * @param text e.g. {@code 0.5} or {@code 2.5mJ}
     * @return the budget
     * @throws IllegalArgumentException naming the text and the allowed forms
     */
    public static Budget parse(String text) {
        Matcher u = UNIFORM_FORMAT.matcher(text);
        if (u.matches()) {
            int bits = Integer.parseInt(u.group(1));
            if (bits < 2 || bits > 8) {
                throw new IllegalArgumentException(
                        "budget '" + text + "': uniform bits allowed 2..8 (u2, u4, u6, u8)");
            }
            return new Budget(bits, UNIFORM);
        }
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
     * Returns whether the budget is the cost of the reference network at uniform bits.
     *
     * @return true for {@code u2}, {@code u4}, ...
     */
    public boolean isUniform() {
        return UNIFORM.equals(unit);
    }

    /**
     * Returns the metric an absolute budget constrains.
     *
     * @return energy for nJ/uJ/mJ/J, latency for cycles/ms
     * @throws IllegalArgumentException for a relative or uniform budget or an unknown unit
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
     * Resolves a relative or absolute budget to nJ or cycles, given only the 8-bit reference's
     * cost; a uniform budget ({@code u4}) needs {@link #resolve(CostMetric, IntToDoubleFunction,
     * long)} unless it is {@code u8}.
     *
     * @param metric the metric the search constrains
     * @param reference the cost of the uniform 8-bit reference network under that metric
     * @param frequencyHz the accelerator clock, to turn ms into cycles
     * @return the budget in nJ (energy) or cycles (latency)
     * @throws IllegalArgumentException if an absolute budget's unit does not fit the metric, or a
     *     uniform budget other than u8 is given
     */
    public double resolve(CostMetric metric, double reference, long frequencyHz) {
        return resolve(
                metric,
                bits -> {
                    if (bits != 8) {
                        throw new IllegalArgumentException(
                                "budget '" + this + "' is not allowed here: allowed a fraction"
                                        + " like 0.5 or an absolute cost (uJ, mJ, ...)");
                    }
                    return reference;
                },
                frequencyHz);
    }

    /**
     * Resolves the budget to nJ or cycles.
     *
     * @param metric the metric the search constrains
     * @param uniformCost the cost under that metric of the search space's reference network at
     *     uniform bits (called with 8 for a relative budget, with N for {@code uN})
     * @param frequencyHz the accelerator clock, to turn ms into cycles
     * @return the budget in nJ (energy) or cycles (latency)
     * @throws IllegalArgumentException if an absolute budget's unit does not fit the metric
     */
    public double resolve(CostMetric metric, IntToDoubleFunction uniformCost, long frequencyHz) {
        if (isRelative()) {
            return value * uniformCost.applyAsDouble(8);
        }
        if (isUniform()) {
            return uniformCost.applyAsDouble((int) value);
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
        if (isUniform()) {
            return UNIFORM + (int) value; // parses back: settings.json keeps "u4"
        }
        return unit == null ? Double.toString(value) : value + unit;
    }
}
