package ai.mpnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.bitfusion.AcceleratorConfig;
import ai.mpnas.bitfusion.BitModes;
import ai.mpnas.bitfusion.CostModelKind;
import ai.mpnas.bitfusion.DepthwiseMode;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.LayerGeometry;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.report.RunEnergies;
import ai.mpnas.search.RunFiles;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.cost.CostTable;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunEnergyPricerTest {

    private static final SearchSpace SPACE = SearchSpace.preset("fashion-mnist");

    /** A network the reduced protocol found: three of six blocks skipped, m = 1 in two. */
    private static final Architecture FOUND =
            Architecture.fromCode(SPACE, "skip-e1k5w8a6-skip-e1k5w6a4-skip-e3k7w2a8");

    private static final RunFiles.Pricing PRICING = RunFiles.Pricing.of(CostModelKind.ORIGINAL,
            DepthwiseMode.GROUPED, BitModes.CHEAPEST, AcceleratorConfig.bitFusion45nm(), 1);

    @Test
    void theFoundNetworkCostsWhatItsRunRecorded(@TempDir Path run) throws Exception {
        RunFiles.writeArchitecture(run, FOUND, PRICING, "test");
        RunEnergies energies = new RunEnergyPricer().price(run);
        double recorded = new ObjectMapper().readTree(run.resolve("architecture.json").toFile())
                .at("/cost/energy_nJ").asDouble();
        assertEquals(recorded, energies.foundNj(), 1e-9 * recorded);
    }

    @Test
    void uniformNetworksCostWhatTheSearchsCostTableSays(@TempDir Path run) throws Exception {
        RunFiles.writeArchitecture(run, FOUND, PRICING, "test");
        RunEnergies energies = new RunEnergyPricer().price(run);
        // the search prices a network as a sum of block-by-choice table entries: another path
        CostTable table = CostTable.build(SPACE, PRICING.calculator(), 1);
        assertEquals(List.of(2, 4, 6, 8), List.copyOf(energies.uniformNj().keySet()));
        for (int bits : List.of(2, 4, 6, 8)) {
            double expected = table.total(SPACE.reference(bits), CostMetric.ENERGY);
            assertEquals(expected, energies.uniformNj().get(bits), 1e-9 * expected, bits + " bits");
        }
        assertEquals(energies.uniformNj().get(8), energies.referenceNj(),
                1e-9 * energies.referenceNj());
    }

    @Test
    void layersMissingFromTheFoundNetworkAreMarked(@TempDir Path run) throws Exception {
        RunFiles.writeArchitecture(run, FOUND, PRICING, "test");
        RunEnergies energies = new RunEnergyPricer().price(run);
        Map<String, RunEnergies.LayerEnergy> byName = energies.layers().stream()
                .collect(Collectors.toMap(RunEnergies.LayerEnergy::name, Function.identity()));
        // every layer of the reference network, in its order
        assertEquals(SPACE.reference(8).layers().stream().map(LayerGeometry::name).toList(),
                energies.layers().stream().map(RunEnergies.LayerEnergy::name).toList());
        for (LayerGeometry g : FOUND.layers()) {
            RunEnergies.LayerEnergy layer = byName.get(g.name());
            assertTrue(layer.inFound(), g.name());
            assertEquals("w" + g.wbits() + "a" + g.abits(), layer.bits(), g.name());
        }
        assertFalse(byName.get("block0.depthwise").inFound(), "block 0 is skipped");
        assertFalse(byName.get("block1.expand").inFound(), "block 1 has m = 1: no expansion");
        assertTrue(byName.get("block5.expand").inFound(), "block 5 has m = 3");
        // the stem is 8-bit in both networks
        assertEquals(byName.get("stem.conv").referenceNj(), byName.get("stem.conv").foundNj());
    }

    @Test
    void theReportCommandDrawsTheEnergySection(@TempDir Path run) throws Exception {
        RunFiles.writeArchitecture(run, FOUND, PRICING, "test");
        CliRun result = CliRun.of("report", "--run", run.toString());
        assertEquals(0, result.exitCode(), result.err());
        String page = Files.readString(run.resolve("report.html"));
        assertTrue(page.contains(">Energy</h2>"), page);
        assertTrue(Files.isRegularFile(run.resolve("report/energy-layers.png")));
        assertFalse(page.contains("could not be priced"), page);
    }

    @Test
    void anArchitectureWithoutItsSpaceIsReportedUnpriced(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("architecture.json"), "{\"code\":\"e1k3w2a2\","
                + "\"blocks\":[{\"m\":1,\"k\":3,\"wbits\":2,\"abits\":2}]}");
        CliRun result = CliRun.of("report", "--run", run.toString());
        assertEquals(0, result.exitCode(), result.err());
        String page = Files.readString(run.resolve("report.html"));
        String unpriced = "the run could not be priced (" + run.resolve("architecture.json");
        assertTrue(page.contains(unpriced), page);
        assertFalse(page.contains(">Energy</h2>"), page);
    }
}
