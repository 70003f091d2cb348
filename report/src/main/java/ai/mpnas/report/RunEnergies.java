package ai.mpnas.report;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Bit Fusion energies a run report shows beside its network: the found network and the
 * space's 8-bit reference network layer by layer, and the reference network at uniform bits.
 * The report module runs no cost model; whoever calls it prices the run ({@link RunPricer}).
 *
 * @param layers every costed layer of either network, in network order
 * @param uniformNj the reference network's energy (nJ) at each uniform bit width, by increasing
 *     bits
 */
public record RunEnergies(List<LayerEnergy> layers, Map<Integer, Double> uniformNj) {

    /**
     * Copies the layers, and the uniform networks' energies by increasing bits.
     *
     * @param layers the layers
     * @param uniformNj the uniform networks' energies
     */
    public RunEnergies {
        layers = List.copyOf(layers);
        uniformNj = Collections.unmodifiableSortedMap(new TreeMap<>(uniformNj));
    }

    /**
     * Returns the found network's energy: the sum over its layers.
     *
     * @return nJ
     */
    public double foundNj() {
        return layers.stream().filter(LayerEnergy::inFound).mapToDouble(LayerEnergy::foundNj).sum();
    }

    /**
     * Returns the 8-bit reference network's energy: the sum over its layers.
     *
     * @return nJ
     */
    public double referenceNj() {
        return layers.stream().filter(LayerEnergy::inReference)
                .mapToDouble(LayerEnergy::referenceNj).sum();
    }

    /**
     * One costed layer: its energy in the found network and in the 8-bit reference network.
     *
     * @param name the layer's name, e.g. {@code block3.depthwise}
     * @param bits the found network's weight and activation bits, e.g. {@code w6a8}, or empty
     *     where the found network has no such layer
     * @param foundNj its energy in the found network (nJ), NaN where it has no such layer (a
     *     skipped block, or an expansion of 1)
     * @param referenceNj its energy in the 8-bit reference network (nJ), NaN where that has none
     */
    public record LayerEnergy(String name, String bits, double foundNj, double referenceNj) {

        /**
         * Returns whether the found network has this layer.
         *
         * @return true if it has
         */
        public boolean inFound() {
            return !Double.isNaN(foundNj);
        }

        /**
         * Returns whether the 8-bit reference network has this layer.
         *
         * @return true if it has
         */
        public boolean inReference() {
            return !Double.isNaN(referenceNj);
        }
    }
}
