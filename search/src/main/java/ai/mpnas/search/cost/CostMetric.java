package ai.mpnas.search.cost;

import ai.mpnas.bitfusion.LayerCost;
import java.util.Locale;

/** What the search constrains: the energy J in nJ, or the latency in cycles. */
public enum CostMetric {
    /** Energy in nJ. */
    ENERGY("nJ"),
    /** Latency in accelerator cycles. */
    LATENCY("cycles");

    private final String unit;

    CostMetric(String unit) {
        this.unit = unit;
    }

    /**
     * Returns the unit of this metric's values.
     *
     * @return {@code nJ} or {@code cycles}
     */
    public String unit() {
        return unit;
    }

    /**
     * Returns this metric of a layer cost.
     *
     * @param cost a layer cost
     * @return energy in nJ or latency in cycles
     */
    public double of(LayerCost cost) {
        return this == ENERGY ? cost.energyTotalNj() : cost.totalCycles();
    }

    /**
     * Returns the name used on the command line and in files.
     *
     * @return {@code energy} or {@code latency}
     */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
