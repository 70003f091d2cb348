package ai.mpnas.bitfusion;

/**
 * The cost of one layer on the accelerator.
 *
 * @param totalCycles total cycles, compute plus memory stalls
 * @param computeCycles compute cycles
 * @param memStallCycles memory stall cycles (total - compute)
 * @param bits the access counters in bits
 * @param energy the energy breakdown and total, in nJ
 * @param model the cost model that produced it
 * @param depthwise the depthwise mode applied, or null for a layer that is not depthwise
 * @param runWbits the weight bits of the precision mode the layer ran in (its own under {@link
 *     BitModes#EXACT}, possibly more under {@link BitModes#CHEAPEST})
 * @param runAbits the activation bits of the precision mode the layer ran in
 * @param mapping the dense call, repeat count, tiling, loop order and dataflow
 * @param extrapolated true if the model was used outside the range it was validated on
 * @param extrapolationReason why the result is extrapolated, or the empty string
 */
public record LayerCost(
        long totalCycles,
        long computeCycles,
        long memStallCycles,
        AccessBits bits,
        EnergyBreakdown energy,
        CostModelKind model,
        DepthwiseMode depthwise,
        int runWbits,
        int runAbits,
        Mapping mapping,
        boolean extrapolated,
        String extrapolationReason) {

    /**
     * Returns the total energy.
     *
     * @return energy in nJ
     */
    public double energyTotalNj() {
        return energy.totalNj();
    }

    /**
     * Returns the latency at a clock frequency.
     *
     * @param frequencyHz the clock in Hz
     * @return milliseconds
     */
    public double latencyMs(long frequencyHz) {
        return totalCycles * 1000.0 / frequencyHz;
    }
}
