package ai.mpnas.cli;

import ai.mpnas.cli.sweep.ChildJvmRunner;
import ai.mpnas.cli.sweep.Contender;
import ai.mpnas.cli.sweep.ProtocolPlan;
import ai.mpnas.cli.sweep.ProtocolSweep;
import ai.mpnas.cli.sweep.Recipe;
import ai.mpnas.cli.sweep.SpacePricing;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.report.ProtocolReport;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** {@code mpnas sweep --protocol}: turns the sweep's options into a protocol plan and runs it. */
final class ProtocolOptions {

    /** Pricing options, passed as given to every command that prices. */
    private static final Set<String> COST = Set.of("--model", "--depthwise", "--bit-modes", "--accelerator");

    /** Data options, passed as given to every command that reads data. */
    private static final Set<String> DATA = Set.of("--dataset", "--data-dir", "--train-limit", "--test-limit");

    private final SweepCommand sweep;

    ProtocolOptions(SweepCommand sweep) {
        this.sweep = sweep;
    }

    int run() throws Exception {
        List<Contender> contenders = sweep.contenders.stream().map(Contender::parse).toList();
        ParseResult parsed = sweep.spec.commandLine().getParseResult();
        Recipe recipe = new Recipe(sweep.preset, sweep.searchEpochs, sweep.warmupEpochs,
                sweep.stepsPerEpoch, sweep.trainEpochs, sweep.batch,
                sweep.randomCandidates != null ? sweep.randomCandidates : 10, sweep.candidateEpochs,
                given(parsed, COST), given(parsed, DATA));
        ProtocolPlan plan = new ProtocolPlan(
                sweep.budgets != null ? sweep.budgets : List.of("u2", "u4", "u6"),
                ProtocolPlan.parseSeeds(sweep.seeds), contenders,
                sweep.uniformBits != null ? sweep.uniformBits : List.of(2, 4, 6, 8), recipe);
        SearchSpace space = SearchSpace.preset(sweep.preset);
        Files.createDirectories(sweep.out);
        ProtocolSweep.builder()
                .setPlan(plan)
                .setRunner(new ChildJvmRunner())
                .setPricing(new SpacePricing(space, sweep.costModel.pricing(),
                        budget -> sweep.settings(space, budget, 1)))
                .setOutput(sweep.out)
                .optLog(sweep.spec.commandLine().getOut())
                .build()
                .run();
        sweep.spec.commandLine().getOut().print(Files.readString(sweep.out.resolve("table.md")));
        sweep.spec.commandLine().getOut().println("table: " + sweep.out.resolve(ProtocolReport.TABLE));
        return ExitCodes.OK;
    }

    /** The options of a group that were given on the command line, as given. */
    private static List<String> given(ParseResult parsed, Set<String> names) {
        List<String> args = new ArrayList<>();
        for (OptionSpec o : parsed.matchedOptions()) {
            if (names.contains(o.longestName())) {
                for (String v : o.originalStringValues()) {
                    args.add(o.longestName());
                    args.add(v);
                }
            }
        }
        return args;
    }
}
