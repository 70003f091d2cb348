package ai.mpnas.bitfusion;

import java.util.List;

/**
 * The cost of a list of layers: per-layer costs and their totals.
 *
 * @param layers the layers, in order
 * @param costs the per-layer costs, in the same order
 * @param totalCycles the sum of the layers' total cycles (layers run one after another)
 * @param computeCycles the sum of compute cycles
 * @param memStallCycles the sum of stall cycles
 * @param bits the counter-wise sum of access bits
 * @param energy the component-wise sum of energies, in nJ
 * @param latencyMs totalCycles at the configuration's clock, in ms
 * @param modelSizeBits the sum over layers of weight count x wbits (groups respected)
 * @param extrapolated true if any layer's cost is extrapolated
 * @param model the dense cost model
 * @param depthwiseMode the depthwise mapping
 * @param bitModes which precision mode each layer was priced in
 * @param config the accelerator
 */
public record NetworkCost(
        List<Layer> layers,
        List<LayerCost> costs,
        long totalCycles,
        long computeCycles,
        long memStallCycles,
        AccessBits bits,
        EnergyBreakdown energy,
        double latencyMs,
        long modelSizeBits,
        boolean extrapolated,
        CostModelKind model,
        DepthwiseMode depthwiseMode,
        BitModes bitModes,
        AcceleratorConfig config) {

    /** Copies the lists. */
    public NetworkCost {
        layers = List.copyOf(layers);
        costs = List.copyOf(costs);
    }

    /**
     * Sums per-layer costs.
     *
     * @param model the model that produced the costs
     * @param layers the layers
     * @param costs their costs, in the same order
     * @return the network cost
     */
    public static NetworkCost of(CostModel model, List<Layer> layers, List<LayerCost> costs) {
        if (layers.size() != costs.size()) {
            throw new IllegalArgumentException(
                    layers.size() + " layers but " + costs.size() + " costs");
        }
        long total = 0;
        long compute = 0;
        long stall = 0;
        long size = 0;
        boolean extrapolated = false;
        AccessBits bits = AccessBits.ZERO;
        EnergyBreakdown energy = EnergyBreakdown.ZERO;
        for (int i = 0; i < costs.size(); i++) {
            LayerCost c = costs.get(i);
            total = Math.addExact(total, c.totalCycles());
            compute = Math.addExact(compute, c.computeCycles());
            stall = Math.addExact(stall, c.memStallCycles());
            bits = bits.plus(c.bits());
            energy = energy.plus(c.energy());
            size = Math.addExact(size, layers.get(i).modelSizeBits());
            extrapolated |= c.extrapolated();
        }
        double latencyMs = total * 1000.0 / model.config().frequencyHz();
        return new NetworkCost(
                layers,
                costs,
                total,
                compute,
                stall,
                bits,
                energy,
                latencyMs,
                size,
                extrapolated,
                model.kind(),
                model.depthwiseMode(),
                model.bitModes(),
                model.config());
    }

    /**
     * Returns the total energy.
     *
     * @return nJ
     */
    public double energyTotalNj() {
        return energy.totalNj();
    }
}
