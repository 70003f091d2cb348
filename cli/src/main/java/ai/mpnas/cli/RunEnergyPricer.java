package ai.mpnas.cli;

import ai.mpnas.bitfusion.LayerCostException;
import ai.mpnas.bitfusion.NetworkCost;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.LayerGeometry;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.report.RunEnergies;
import ai.mpnas.report.RunPricer;
import ai.mpnas.search.RunFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prices a run for its report exactly as the run was priced ({@link RunFiles#pricing}): the found
 * network and the space's 8-bit reference network layer by layer, and the reference network at
 * each bit width the space offers.
 */
final class RunEnergyPricer implements RunPricer {

    /** {@inheritDoc} */
    @Override
    public RunEnergies price(Path run) throws IOException {
        Path file = RunFiles.architectureFile(run);
        RunFiles.PricedArchitecture read = RunFiles.readArchitecture(run);
        Architecture found = read.architecture();
        RunFiles.Pricing pricing = read.pricing();
        SearchSpace space = found.space();
        try {
            Map<String, Double> foundNj = energyByLayer(found, pricing);
            Map<String, Double> referenceNj = energyByLayer(space.reference(8), pricing);
            TreeMap<Integer, Double> uniform = new TreeMap<>();
            for (int bits : space.choices().wbits()) {
                uniform.put(bits, bits == 8 ? sum(referenceNj)
                        : pricing.cost(space.reference(bits)).energyTotalNj());
            }
            return new RunEnergies(merge(found, foundNj, referenceNj), uniform);
        } catch (LayerCostException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The energy of each costed layer (nJ) by name, in network order. */
    private static Map<String, Double> energyByLayer(Architecture arch, RunFiles.Pricing pricing) {
        NetworkCost net = pricing.cost(arch);
        List<LayerGeometry> layers = arch.layers();
        Map<String, Double> byName = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            byName.put(layers.get(i).name(), net.costs().get(i).energyTotalNj());
        }
        return byName;
    }

    /** The reference network's layers in order, then any the found network alone has. */
    private static List<RunEnergies.LayerEnergy> merge(
            Architecture found, Map<String, Double> foundNj, Map<String, Double> referenceNj) {
        Map<String, String> bits = new LinkedHashMap<>();
        for (LayerGeometry g : found.layers()) {
            bits.put(g.name(), "w" + g.wbits() + "a" + g.abits());
        }
        List<String> names = new ArrayList<>(referenceNj.keySet());
        foundNj.keySet().stream().filter(n -> !referenceNj.containsKey(n)).forEach(names::add);
        List<RunEnergies.LayerEnergy> layers = new ArrayList<>();
        for (String name : names) {
            layers.add(new RunEnergies.LayerEnergy(name, bits.getOrDefault(name, ""),
                    foundNj.getOrDefault(name, Double.NaN),
                    referenceNj.getOrDefault(name, Double.NaN)));
        }
        return layers;
    }

    private static double sum(Map<String, Double> energies) {
        return energies.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
