package ai.mpnas.search;

import ai.mpnas.bitfusion.NetworkCost;
import ai.mpnas.formats.AtomicFiles;
import ai.mpnas.formats.RunArchitecture;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.derive.Selection;
import ai.mpnas.search.policy.ArchitecturePolicy;
import ai.mpnas.search.policy.PolicyJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/** Writes a finished search's {@code architecture.json} and {@code policy.json}. */
final class ResultWriter {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultWriter() {}

    /**
     * Writes the chosen architecture with its cost, budget and derivation, and the final policy.
     *
     * @param settings the search's settings
     * @param policy the final policy
     * @param pricing the priced space
     * @param selection the derivation's candidates and choice
     * @param runDirectory the run directory
     * @return what the search found
     * @throws IOException if a file cannot be written
     */
    static SearchResult write(SearchSettings settings, ArchitecturePolicy policy,
            MixedPrecisionSearch.Pricing pricing, Selection selection, Path runDirectory)
            throws IOException {
        CostMetric metric = settings.metric();
        Derivation.Result derived = selection.result().result();
        Architecture arch = derived.architecture();
        // The network's own sum, not the table's (fixed layers first): `mpnas cost --arch` and
        // `--layers` then print exactly the energy recorded here.
        NetworkCost net = settings.pricing().cost(arch);
        double energy = net.energyTotalNj();
        double cycles = net.totalCycles();
        double latencyMs = cycles * 1000.0 / settings.accelerator().frequencyHz();
        double vs8bit =
                energy / pricing.table().total(settings.space().reference(8), CostMetric.ENERGY);
        boolean energyBudget = metric == CostMetric.ENERGY;
        new RunArchitecture(
                        (ObjectNode) MAPPER.readTree(arch.toJson()),
                        new RunArchitecture.Cost(energy, (long) cycles, latencyMs, vs8bit),
                        new RunArchitecture.Budget(
                                energyBudget ? pricing.budget() : null,
                                energyBudget ? null : pricing.budget(),
                                settings.budget().toString(),
                                derived.repairs()),
                        settings.pricing().toJson(),
                        SearchSectionJson.write(settings, policy, selection))
                .write(runDirectory.resolve(RunArchitecture.FILE));
        AtomicFiles.writeString(runDirectory.resolve("policy.json"), PolicyJson.write(policy));
        return new SearchResult(
                runDirectory,
                arch,
                energy,
                cycles,
                pricing.budget(),
                pricing.reference(),
                derived.repairs());
    }
}
