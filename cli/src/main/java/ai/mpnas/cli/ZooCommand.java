package ai.mpnas.cli;

import ai.mpnas.bitfusion.Units;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.zoo.BadFile;
import ai.mpnas.zoo.CatalogEntry;
import ai.mpnas.zoo.MpnasModelZoo;
import ai.mpnas.zoo.VersionCheck;
import ai.mpnas.zoo.ZooCatalog;
import ai.mpnas.zoo.ZooVerifier;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mpnas zoo}: what a model zoo holds, and the model a deployer should take. */
@Command(
        name = "zoo",
        mixinStandardHelpOptions = true,
        description = "List the models of a zoo, pick the most accurate one within an energy"
                + " budget, or check every file against the SHA-1 in metadata.json.",
        subcommands = {ZooCommand.ListModels.class, ZooCommand.Pick.class, ZooCommand.Verify.class})
final class ZooCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The units --max-energy takes; pick compares absolute energies, there is no 8-bit network. */
    private static final String ENERGY_UNITS =
            "allowed a positive energy with a unit: nJ, uJ, mJ, J (e.g. 2mJ, 500uJ, 88nJ)";

    @Spec CommandSpec spec;

    /**
     * Without a subcommand there is nothing to do: prints the usage on standard error.
     *
     * @return {@link ExitCodes#BAD_INPUT}, as for any missing required input
     */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("mpnas zoo: missing subcommand; allowed: list, pick, verify");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_INPUT;
    }

    /** The {@code --zoo} option of every subcommand. */
    static final class ZooOption {

        @Option(names = "--zoo", required = true, paramLabel = "ZOO", description = "The zoo directory.")
        Path dir;

        /** Checks that the directory is a zoo: an empty table would hide a wrong --zoo. */
        Path require() {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException(dir + ": no such zoo directory");
            }
            if (!ZooCatalog.isZoo(dir)) {
                throw new IllegalArgumentException(
                        dir + ": not a zoo (no " + MpnasModelZoo.GROUP_ID.replace('.', '/')
                                + "/ directory); allowed: a directory 'mpnas publish --zoo' wrote");
            }
            return dir;
        }

        /** {@inheritDoc} */
        @Override
        public String toString() {
            return dir.toString();
        }
    }

    /**
     * Reads --max-energy with the search's budget parser, and says what pick allows when it does
     * not fit: pick compares absolute energies, so a bare number (a fraction of the 8-bit network
     * to the search) and latency units are errors here.
     */
    static double maxEnergyNj(String text) {
        String given = "--max-energy '" + text + "': ";
        Budget budget;
        try {
            budget = Budget.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(given + ENERGY_UNITS, e);
        }
        if (budget.isRelative()) {
            throw new IllegalArgumentException(given + "a unit is required; " + ENERGY_UNITS);
        }
        if (budget.metric() != CostMetric.ENERGY) {
            throw new IllegalArgumentException(
                    given + "is a " + budget.metric().jsonName() + ", but zoo pick constrains"
                            + " energy; " + ENERGY_UNITS);
        }
        return budget.resolve(CostMetric.ENERGY, 0, 1);
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
        n.put("checksums", e.checksums());
        n.put("path", e.path());
        return n;
    }

    static void table(PrintWriter out, List<CatalogEntry> entries) {
        out.printf(Locale.ROOT, "%-28s %-8s %7s %12s %10s %-12s %-9s %s%n",
                "artifact", "version", "top1", "energy (uJ)", "lat. (ms)", "bits", "checksums",
                "path");
        for (CatalogEntry e : entries) {
            out.printf(Locale.ROOT, "%-28s %-8s %7.4f %12s %10s %-12s %-9s %s%n",
                    e.artifact(), e.version(), e.top1(), Units.microjoules(e.energyNj()),
                    Units.milliseconds(e.latencyMs()),
                    e.bits(), e.checksums(), e.path());
        }
    }

    /** Names, on the error stream, each version whose files fail, and how to see which. */
    static void warnFailed(
            CommandSpec spec, ZooOption zoo, List<CatalogEntry> entries, String what) {
        for (CatalogEntry e : entries) {
            if (e.failsChecksums()) {
                spec.commandLine().getErr().printf(Locale.ROOT,
                        "mpnas zoo %s: %s %s %s: its files fail their checksums"
                                + " (mpnas zoo verify --zoo %s --artifact %s)%n",
                        spec.name(), what, e.artifact(), e.version(), zoo, e.artifact());
            }
        }
    }

    /** {@code mpnas zoo list}. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the published models; the checksums column is 'failed' for a"
                    + " version whose files do not match metadata.json.")
    static final class ListModels implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Mixin ZooOption zoo;

        @Option(names = "--json", description = "Print JSON: an array of {artifact, version, top1, energy_nJ, latency_ms, checksums, path}.")
        boolean json;

        /** {@inheritDoc} */
        @Override
        public Integer call() throws Exception {
            List<CatalogEntry> entries = ZooCatalog.of(zoo.require()).list();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ArrayNode array = MAPPER.createArrayNode();
                entries.forEach(e -> array.add(json(e)));
                out.println(MAPPER.writeValueAsString(array));
            } else {
                table(out, entries);
            }
            warnFailed(spec, zoo, entries, "listed");
            return ExitCodes.OK;
        }
    }

    /** {@code mpnas zoo pick}. */
    @Command(
            name = "pick",
            mixinStandardHelpOptions = true,
            description = "The most accurate model whose energy is within the budget and whose files"
                    + " pass their checksums (exit code 3 if none).")
    static final class Pick implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Mixin ZooOption zoo;

        @Option(
                names = "--max-energy",
                required = true,
                paramLabel = "E",
                description = "The energy budget with its unit: 2mJ, 500uJ, 88nJ, 1J.")
        String maxEnergy;

        @Option(names = "--json", description = "Print the chosen model as JSON.")
        boolean json;

        /** {@inheritDoc} */
        @Override
        public Integer call() throws Exception {
            double nj = maxEnergyNj(maxEnergy);
            List<CatalogEntry> entries = ZooCatalog.of(zoo.require()).list();
            warnFailed(spec, zoo, entries.stream().filter(e -> e.energyNj() <= nj).toList(),
                    "skipped");
            Optional<CatalogEntry> chosen = ZooCatalog.pick(entries, nj);
            PrintWriter out = spec.commandLine().getOut();
            if (chosen.isEmpty()) {
                spec.commandLine().getErr().printf(Locale.ROOT,
                        "mpnas zoo pick: no model in %s within %s%n", zoo, Units.energy(nj));
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

    /** {@code mpnas zoo verify}. */
    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Check every file of every published version, and its zip archive, against the"
                        + " SHA-1 metadata.json records.",
                "Prints one line per version; each missing or changed file is named on the error"
                        + " stream with the expected and the found SHA-1, and the exit code is 2."
            })
    static final class Verify implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Mixin ZooOption zoo;

        @Option(
                names = "--artifact",
                paramLabel = "NAME",
                description = "Check this artifact only.")
        String artifact;

        /** {@inheritDoc} */
        @Override
        public Integer call() throws Exception {
            List<VersionCheck> checks =
                    ZooVerifier.checkZoo(zoo.require(), MpnasModelZoo.GROUP_ID, artifact);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int bad = 0;
            for (VersionCheck check : checks) {
                out.printf(Locale.ROOT, "%-6s %s %s%n", check.intact() ? "ok" : "FAILED",
                        check.artifact(), check.version());
                for (BadFile file : check.badFiles()) {
                    err.println("mpnas zoo verify: " + file.describe());
                    bad++;
                }
            }
            if (bad > 0) {
                err.printf(Locale.ROOT, "mpnas zoo verify: %d file(s) failed in %s; republish"
                        + " with 'mpnas publish --force' or restore them%n", bad, zoo);
                return ExitCodes.BAD_INPUT;
            }
            return ExitCodes.OK;
        }
    }
}
