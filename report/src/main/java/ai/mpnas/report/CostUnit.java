package ai.mpnas.report;

import ai.mpnas.bitfusion.Units;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The cost a search constrained, in the unit people read: energy in microjoules (the cost model
 * gives nJ) or latency in milliseconds (it gives cycles), as {@link Units} prints them everywhere.
 *
 * @param quantity {@code energy} or {@code latency}
 * @param unit {@link Units#ENERGY_UNIT} or {@link Units#LATENCY_UNIT}
 * @param perRaw the human unit per raw unit (1e-3 uJ per nJ; 1000 / f ms per cycle)
 * @param budgetField the field of {@code architecture.json}'s {@code budget} with the raw budget
 */
record CostUnit(String quantity, String unit, double perRaw, String budgetField) {

    /** Energy: nJ from the cost model, uJ on the page. */
    static final CostUnit ENERGY = new CostUnit("energy", Units.ENERGY_UNIT, 1e-3, "energy_nJ");

    /** The clock of the paper's accelerator, for files written before the clock was recorded. */
    private static final double DEFAULT_FREQUENCY_HZ = 500e6;

    /**
     * Returns the unit of a run's cost: its {@code search.metric} (energy when absent) and, for
     * latency, its accelerator's clock.
     *
     * @param architecture the parsed {@code architecture.json}
     * @return the unit
     */
    static CostUnit of(JsonNode architecture) {
        if (!architecture.at("/search/metric").asText("energy").equals("latency")) {
            return ENERGY;
        }
        double hz = architecture.at("/bitfusion/accelerator/frequency_hz")
                .asDouble(DEFAULT_FREQUENCY_HZ);
        return new CostUnit("latency", Units.LATENCY_UNIT, 1000 / hz, "latency_cycles");
    }

    /**
     * Converts a raw cost to the human unit.
     *
     * @param raw nJ or cycles
     * @return uJ or ms
     */
    double human(double raw) {
        return raw * perRaw;
    }

    /**
     * Formats a raw cost in the human unit, without the unit, for a column that names it.
     *
     * @param raw nJ or cycles
     * @return e.g. {@code 34.94}
     */
    String format(double raw) {
        return this == ENERGY ? Units.microjoules(raw) : Units.milliseconds(human(raw));
    }

    /**
     * Returns the axis or column title of the cost, with its unit.
     *
     * @return e.g. {@code energy per image (uJ)}
     */
    String title() {
        return quantity + " per image (" + unit + ")";
    }
}
