package ai.mpnas.cli;

import picocli.CommandLine.Command;

/** The top-level {@code mpnas} command; the work is in its subcommands. */
@Command(
        name = "mpnas",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Mixed-precision neural architecture search under a Bit Fusion energy budget,",
            "shipped as ONNX models that DJL and DJL Serving load from a model zoo."
        },
        subcommands = {
            DemoCommand.class,
            SearchCommand.class,
            TrainCommand.class,
            RankCheckCommand.class,
            ExportCommand.class,
            SweepCommand.class,
            ReportCommand.class,
            PublishCommand.class,
            ZooCommand.class,
            PredictCommand.class,
            CostCommand.class,
            BenchCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 ok, 1 failure, 2 bad input, 3 nothing meets the query.",
            "Run 'mpnas <command> --help' for the options of a command."
        })
public final class MpnasCommand implements Runnable {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    /** Without a subcommand, prints the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
