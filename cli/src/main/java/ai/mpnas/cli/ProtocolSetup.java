package ai.mpnas.cli;

import ai.mpnas.cli.sweep.ChildJvmRunner;
import ai.mpnas.cli.sweep.Contender;
import ai.mpnas.cli.sweep.ProtocolPlan;
import ai.mpnas.cli.sweep.ProtocolPricing;
import ai.mpnas.cli.sweep.ProtocolSweep;
import ai.mpnas.cli.sweep.Recipe;
import ai.mpnas.cli.sweep.SpacePricing;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.report.ProtocolReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * A {@code mpnas sweep --protocol} command line turned into what runs it: the plan, the pricing of
 * its search space, the sweep directory, each point's threads and the Spark master. The local sweep
 * and the Spark driver (module {@code spark}) both start here, so they run the same plan from the
 * same options.
 */
public final class ProtocolSetup {

    /** Pricing options, passed as given to every command that prices. */
    private static final Set<String> COST =
            Set.of("--model", "--depthwise", "--bit-modes", "--accelerator");

    /** Data options, passed as given to every command that reads data. */
    private static final Set<String> DATA =
            Set.of("--dataset", "--data-dir", "--train-limit", "--test-limit");

    private final SweepCommand sweep;
    private final ProtocolPlan plan;
    private final SearchSpace space;

    ProtocolSetup(SweepCommand sweep) {
        this.sweep = sweep;
        List<Contender> contenders = sweep.contenders.stream().map(Contender::parse).toList();
        Recipe recipe = new Recipe(sweep.preset, sweep.searchEpochs, sweep.warmupEpochs,
                sweep.stepsPerEpoch, sweep.trainEpochs, sweep.batch,
                sweep.randomCandidates != null ? sweep.randomCandidates : 10, sweep.candidateEpochs,
                given(parseResult(), COST::contains), given(parseResult(), DATA::contains),
                sweep.derivation != null ? List.of("--derivation", sweep.derivation) : List.of(),
                sweep.sharedSupernet);
        if (sweep.sharedSupernet && sweep.spark != null) {
            throw new IllegalArgumentException("--shared-supernet: not with --spark (a derived"
                    + " point needs its joint point's supernet first); allowed: a local sweep");
        }
        plan = new ProtocolPlan(
                sweep.budgets != null ? sweep.budgets : List.of("u2", "u4", "u6"),
                ProtocolPlan.parseSeeds(sweep.seeds), contenders,
                sweep.uniformBits != null ? sweep.uniformBits : List.of(2, 4, 6, 8), recipe);
        if (sweep.threads != null && sweep.threads < 1) {
            throw new IllegalArgumentException(
                    "--threads " + sweep.threads + ": allowed 1 or more");
        }
        space = SearchSpace.preset(sweep.preset);
    }

    /**
     * Parses the options of {@code mpnas sweep} ({@code --protocol} implied).
     *
     * @param sweepArgs the arguments after {@code mpnas sweep}
     * @return the setup
     * @throws IllegalArgumentException with a one-line message naming the bad option
     */
    public static ProtocolSetup parse(List<String> sweepArgs) {
        List<String> args = new ArrayList<>(List.of("sweep"));
        if (!sweepArgs.contains("--protocol")) {
            args.add("--protocol");
        }
        args.addAll(sweepArgs);
        CommandLine cmd = Main.newCommandLine();
        try {
            ParseResult parsed = cmd.parseArgs(args.toArray(String[]::new));
            return new ProtocolSetup((SweepCommand) parsed.subcommand().commandSpec().userObject());
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Returns the plan.
     *
     * @return the points to run and their recipe
     */
    public ProtocolPlan plan() {
        return plan;
    }

    /**
     * Returns the pricing of the search space under the sweep's cost options.
     *
     * @return the pricing
     * @throws IOException if an accelerator file cannot be read
     */
    public ProtocolPricing pricing() throws IOException {
        return new SpacePricing(space, sweep.costModel.pricing(),
                budget -> sweep.settings(space, budget, 1));
    }

    /**
     * Returns the sweep directory.
     *
     * @return {@code --out}
     */
    public Path out() {
        return sweep.out;
    }

    /**
     * Returns the cores of each point's child JVM.
     *
     * @return {@code --threads}, or empty if not given
     */
    public OptionalInt threads() {
        return sweep.threads != null ? OptionalInt.of(sweep.threads) : OptionalInt.empty();
    }

    /**
     * Returns the Spark master the sweep runs on.
     *
     * @return {@code --spark}, or empty for a local sweep
     */
    public Optional<String> sparkMaster() {
        return Optional.ofNullable(sweep.spark);
    }

    /**
     * Returns the sweep's options as given on the command line (each option once, flags alone).
     *
     * @return the arguments after {@code mpnas sweep}
     */
    public List<String> arguments() {
        return given(parseResult(), name -> true);
    }

    /** Runs the sweep here, or hands it to a Spark driver JVM with {@code --spark}. */
    int run() throws Exception {
        PrintWriter out = sweep.spec.commandLine().getOut();
        if (sweep.spark != null) {
            return SparkDriverProcess.run(this, out, sweep.spec.commandLine().getErr());
        }
        ChildJvmRunner.Builder runner = ChildJvmRunner.builder();
        threads().ifPresent(runner::optThreads);
        Files.createDirectories(sweep.out);
        ProtocolSweep.builder()
                .setPlan(plan)
                .setRunner(runner.build())
                .setPricing(pricing())
                .setOutput(sweep.out)
                .optLog(out)
                .build()
                .run();
        out.print(Files.readString(sweep.out.resolve("table.md")));
        out.println("table: " + sweep.out.resolve(ProtocolReport.TABLE));
        return ExitCodes.OK;
    }

    private ParseResult parseResult() {
        return sweep.spec.commandLine().getParseResult();
    }

    /** The options of a group that were given on the command line, as given (flags alone). */
    private static List<String> given(ParseResult parsed, Predicate<String> names) {
        List<String> args = new ArrayList<>();
        for (OptionSpec o : parsed.matchedOptions()) {
            if (names.test(o.longestName())) {
                List<String> values = o.originalStringValues();
                if (o.arity().max() == 0 || values.isEmpty()) {
                    args.add(o.longestName()); // a flag, or an option given without a value
                    continue;
                }
                for (String v : values) {
                    args.add(o.longestName());
                    args.add(v);
                }
            }
        }
        return args;
    }
}
