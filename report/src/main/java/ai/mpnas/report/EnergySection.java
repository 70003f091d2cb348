package ai.mpnas.report;

import ai.mpnas.bitfusion.Units;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Where the run's network's energy goes: its total against the space's reference network at
 * uniform 2, 4, 6 and 8 bits with the budget marked, and layer by layer against the 8-bit
 * reference network.
 */
final class EnergySection {

    /** Room for layer names written upwards under the bars. */
    private static final int LAYER_CHART_HEIGHT = 540;

    private EnergySection() {}

    /**
     * Writes the section.
     *
     * @param page the page
     * @param run the run
     * @param energies the priced energies
     * @param charts where the charts go
     * @throws IOException if a chart cannot be written
     */
    static void write(Html page, RunDirectory run, RunEnergies energies, Path charts)
            throws IOException {
        page.heading("Energy");
        OptionalDouble budget = energyBudget(run);
        String network = run.networkName();
        String budgetText = budget.isPresent()
                ? "; the dashed line is the budget, " + Units.energy(budget.getAsDouble())
                : run.architecture().has("budget")
                        ? "; the budget constrained latency, not energy"
                        : "; the run had no budget";
        page.figure("report", Charts.save(totals(energies, budget, network), charts,
                        "energy-totals"),
                "The " + network + "'s energy per image against the search space's reference"
                        + " network (no skips, largest expansion, smallest kernel) at uniform bits"
                        + budgetText + ".");
        page.figure("report", Charts.save(perLayer(energies, network), charts, "energy-layers"),
                "Energy per costed layer: the " + network + " against the 8-bit reference"
                        + " network. A layer the " + network + " lacks (a skipped block, or the"
                        + " expansion of a block with m = 1) has no blue bar.");
        page.details("Energy per layer (table)", List.of("layer", "bits (weight, activation)",
                network + " (" + Units.ENERGY_UNIT + ")",
                "8-bit reference (" + Units.ENERGY_UNIT + ")", "ratio"), layerRows(energies));
    }

    /** The budget in nJ, if the run had one on energy. */
    static OptionalDouble energyBudget(RunDirectory run) {
        JsonNode budget = run.architecture().path("budget");
        return budget.has("energy_nJ")
                ? OptionalDouble.of(budget.get("energy_nJ").asDouble())
                : OptionalDouble.empty();
    }

    static CategoryChart totals(RunEnergies energies, OptionalDouble budgetNj, String network) {
        CategoryChart chart = Charts.bars("Energy against uniform-precision networks",
                "network", "energy per image (" + Units.ENERGY_UNIT + ")");
        List<String> names = new ArrayList<>();
        List<Double> uniform = new ArrayList<>();
        List<Double> found = new ArrayList<>();
        for (Map.Entry<Integer, Double> e : energies.uniformNj().entrySet()) {
            names.add("uniform " + e.getKey() + "-bit");
            uniform.add(e.getValue() / 1e3);
            found.add(null);
        }
        names.add(network);
        uniform.add(null);
        found.add(energies.foundNj() / 1e3);
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.addSeries("reference network at uniform bits", names, uniform)
                .setFillColor(Charts.GREY);
        chart.addSeries(network, names, found).setFillColor(Charts.BLUE);
        if (budgetNj.isPresent()) {
            Double[] line = new Double[names.size()];
            Arrays.fill(line, budgetNj.getAsDouble() / 1e3);
            CategorySeries budget = chart.addSeries("budget", names, Arrays.asList(line));
            budget.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
            budget.setLineColor(Charts.RED);
            budget.setLineStyle(Charts.dashedStroke());
            budget.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    static CategoryChart perLayer(RunEnergies energies, String network) {
        CategoryChart chart = Charts.bars("Energy per layer", "layer",
                "energy per image (" + Units.ENERGY_UNIT + ")", LAYER_CHART_HEIGHT);
        List<String> names = new ArrayList<>();
        List<Double> reference = new ArrayList<>();
        List<Double> found = new ArrayList<>();
        for (RunEnergies.LayerEnergy layer : energies.layers()) {
            names.add(layer.name());
            reference.add(layer.inReference() ? layer.referenceNj() / 1e3 : null);
            found.add(layer.inFound() ? layer.foundNj() / 1e3 : null);
        }
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setYAxisMin(0.0);
        chart.addSeries("8-bit reference network", names, reference).setFillColor(Charts.GREY);
        chart.addSeries(network, names, found).setFillColor(Charts.BLUE);
        return chart;
    }

    private static List<List<String>> layerRows(RunEnergies energies) {
        List<List<String>> rows = new ArrayList<>();
        for (RunEnergies.LayerEnergy layer : energies.layers()) {
            rows.add(List.of(layer.name(), layer.inFound() ? layer.bits() : "—",
                    layer.inFound() ? Units.microjoules(layer.foundNj()) : "—",
                    layer.inReference() ? Units.microjoules(layer.referenceNj()) : "—",
                    layer.inFound() && layer.inReference()
                            ? AxisFormat.plain(layer.foundNj() / layer.referenceNj()) : "—"));
        }
        rows.add(List.of("total", "", Units.microjoules(energies.foundNj()),
                Units.microjoules(energies.referenceNj()),
                AxisFormat.plain(energies.foundNj() / energies.referenceNj())));
        return rows;
    }
}
