package ai.mpnas.cli;

import ai.mpnas.cli.bench.BitFusionBenchmark;
import ai.mpnas.cli.bench.SupernetBenchmark;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mpnas bench}: the performance figures, each against a baseline measured in the same run. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks; each figure is reported with its baseline from the same run.",
        subcommands = {BenchCommand.BitFusion.class, BenchCommand.Supernet.class})
final class BenchCommand implements Runnable {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec CommandSpec spec;

    /** Without a subcommand, prints the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static void print(CommandSpec spec, ObjectNode result) throws Exception {
        spec.commandLine().getOut().println(MAPPER.writeValueAsString(result));
    }

    /** {@code mpnas bench bitfusion}. */
    @Command(
            name = "bitfusion",
            mixinStandardHelpOptions = true,
            description =
                    "Cost-model speed: warm per-layer time, a cold MobileNetV2, and the paper's"
                            + " search-space table (~9,500 layers), against the unpruned tiling"
                            + " search.")
    static final class BitFusion implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Option(
                names = "--threads",
                defaultValue = "2",
                description = "Threads for the search table. Default: ${DEFAULT-VALUE}.")
        int threads;

        @Option(
                names = "--baseline-sample",
                defaultValue = "500",
                description =
                        "Layers of the table priced by the unpruned baseline (extrapolated)."
                                + " Default: ${DEFAULT-VALUE}.")
        int baselineSample;

        @Option(names = "--json", description = "Print JSON (the only format).")
        boolean json;

        /** {@inheritDoc} */
        @Override
        public Integer call() throws Exception {
            print(spec, BitFusionBenchmark.run(threads, baselineSample, 1));
            return ExitCodes.OK;
        }
    }

    /** {@code mpnas bench supernet}. */
    @Command(
            name = "supernet",
            mixinStandardHelpOptions = true,
            description =
                    "Training throughput of the float network, the same network fake-quantized,"
                            + " and the single-path supernet, with the machine's peak GFLOP/s.")
    static final class Supernet implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Option(
                names = "--preset",
                defaultValue = "cifar",
                description = "Search space preset. Default: ${DEFAULT-VALUE}.")
        String preset;

        @Option(
                names = "--batch",
                defaultValue = "64",
                description = "Batch size. Default: ${DEFAULT-VALUE}.")
        int batch;

        @Option(names = "--json", description = "Print JSON (the only format).")
        boolean json;

        /** {@inheritDoc} */
        @Override
        public Integer call() throws Exception {
            print(spec, SupernetBenchmark.run(preset, batch));
            return ExitCodes.OK;
        }
    }
}
