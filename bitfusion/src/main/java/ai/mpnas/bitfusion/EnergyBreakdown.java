package ai.mpnas.bitfusion;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Energy of a result split into named components, in nJ, and the total. The component names depend
 * on the cost model: the original model uses the reference's nine components; the APQ model's split
 * is documented on {@link CostModelKind#APQ}'s implementation ({@code ApqDenseModel}).
 *
 * @param componentsNj the components in a stable order (copied, unmodifiable)
 * @param totalNj the total energy; for the original model it is summed in the simulator's order
 */
public record EnergyBreakdown(Map<String, Double> componentsNj, double totalNj) {

    /** An empty breakdown, the neutral element of {@link #plus}. */
    public static final EnergyBreakdown ZERO = new EnergyBreakdown(Map.of(), 0.0);

    /** Copies the components into an unmodifiable ordered map. */
    public EnergyBreakdown {
        componentsNj = Collections.unmodifiableMap(new LinkedHashMap<>(componentsNj));
    }

    /**
     * Returns every component and the total multiplied by n.
     *
     * @param n the multiplier
     * @return the scaled breakdown
     */
    public EnergyBreakdown times(long n) {
        Map<String, Double> scaled = new LinkedHashMap<>();
        componentsNj.forEach((name, value) -> scaled.put(name, value * n));
        return new EnergyBreakdown(scaled, totalNj * n);
    }

    /**
     * Returns the component-wise sum (components missing on one side count as 0).
     *
     * @param other the breakdown to add
     * @return the sum
     */
    public EnergyBreakdown plus(EnergyBreakdown other) {
        Map<String, Double> sum = new LinkedHashMap<>(componentsNj);
        other.componentsNj.forEach((name, value) -> sum.merge(name, value, Double::sum));
        return new EnergyBreakdown(sum, totalNj + other.totalNj);
    }
}
