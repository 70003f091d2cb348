package ai.mpnas.cli;

import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.zoo.CatalogEntry;
import ai.mpnas.zoo.ZooCatalog;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mpnas zoo}: what a model zoo holds, and the model a deployer should take. */
@Command(
        name = "zoo",
        mixinStandardHelpOptions = true,
        description = "List the models of a zoo, or pick the most accurate one within an energy budget.",
        subcommands = {ZooCommand.ListModels.class, ZooCommand.Pick.class})
final class ZooCommand implements Runnable {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec CommandSpec spec;

    /** Without a subcommand, prints the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static ZooCatalog catalog(Path zoo) {
        if (!Files.isDirectory(zoo)) {
            throw new IllegalArgumentException(zoo + ": no such zoo directory");
        }
        return ZooCatalog.of(zoo);
    }

    static ObjectNode json(CatalogEntry e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("artifact", e.artifact());
        n.put("version", e.version());
        n.put("top1", e.top1());
        n.put("energy_nJ", e.energyNj());
        n.put("latency_ms", e.latencyMs());
        n.put("latency_cycles", e.latencyCycles());
        n.put("bits", e.bits());
        n.put("dataset", e.dataset());
        n.put("path", e.path());
        return n;
    }

    static void table(PrintWriter out, List<CatalogEntry> entries) {
        out.printf(Locale.ROOT, "%-28s %-8s %7s %12s %10s %-12s %s%n",
                "artifact", "version", "top1", "energy (mJ)", "lat. (ms)", "bits", "path");
        for (CatalogEntry e : entries) {
            out.printf(Locale.ROOT, "%-28s %-8s %7.4f %12.5f %10.5f %-12s %s%n",
                    e.artifact(), e.version(), e.top1(), e.energyNj() / 1e6, e.latencyMs(),
                    e.bits(), e.path());
        }
    }

    /** {@code mpnas zoo list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the published models.")
    static final class ListModels implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Option(names = "--zoo", required = true, paramLabel = "ZOO", description = "The zoo directory.")
        Path zoo;

        @Option(names = "--json", description = "Print JSON: an array of {artifact, version, top1, energy_nJ, latency_ms, path}.")
        boolean json;

        /** {@inheritDoc} */
        @Override
        public Integer call() throws Exception {
            List<CatalogEntry> entries = catalog(zoo).list();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ArrayNode array = MAPPER.createArrayNode();
                entries.forEach(e -> array.add(json(e)));
                out.println(MAPPER.writeValueAsString(array));
            } else {
                table(out, entries);
            }
            return ExitCodes.OK;
        }
    }

    /** {@code mpnas zoo pick}. */
    @Command(
            name = "pick",
            mixinStandardHelpOptions = true,
            description = "The most accurate model whose energy is within the budget (exit code 3 if none).")
    static final class Pick implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Option(names = "--zoo", required = true, paramLabel = "ZOO", description = "The zoo directory.")
        Path zoo;

        @Option(
                names = "--max-energy",
                required = true,
                paramLabel = "E",
                description = "The energy budget: 2mJ, 800uJ, 1500nJ (a bare number is nJ).")
        String maxEnergy;

        @Option(names = "--json", description = "Print the chosen model as JSON.")
        boolean json;

        /** {@inheritDoc} */
        @Override
        public Integer call() throws Exception {
            Budget budget = Budget.parse(maxEnergy);
            double nj = budget.isRelative() ? budget.value()
                    : budget.resolve(CostMetric.ENERGY, 0, 1);
            Optional<CatalogEntry> chosen = catalog(zoo).pick(nj);
            PrintWriter out = spec.commandLine().getOut();
            if (chosen.isEmpty()) {
                spec.commandLine().getErr().printf(Locale.ROOT,
                        "mpnas zoo pick: no model in %s within %.6g nJ%n", zoo, nj);
                return ExitCodes.NOT_FOUND;
            }
            if (json) {
                out.println(MAPPER.writeValueAsString(json(chosen.get())));
            } else {
                table(out, List.of(chosen.get()));
            }
            return ExitCodes.OK;
        }
    }
}
