package ai.mpnas.cli;

import ai.mpnas.cli.bench.BitFusionBenchmark;
import ai.mpnas.cli.bench.ColdCostBenchmark;
import ai.mpnas.cli.bench.ExportBenchmark;
import ai.mpnas.cli.bench.SupernetBenchmark;
import ai.mpnas.formats.AtomicFiles;
import ai.mpnas.plugin.space.SearchSpace;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mpnas bench}: the performance figures, each against a baseline measured in the same run. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks; each figure is reported with its baseline from the same run.",
        subcommands = {
            BenchCommand.BitFusion.class,
            BenchCommand.ColdCost.class,
            BenchCommand.Supernet.class,
            BenchCommand.Export.class,
            BenchCommand.All.class
        })
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
                            + " search-space table (8,449 layers), against the unpruned tiling"
                            + " search.")
    static final class BitFusion implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Option(
                names = "--threads", paramLabel = "N",
                defaultValue = "2",
                description = "Threads for the search table. Default: ${DEFAULT-VALUE}.")
        int threads;

        @Option(
                names = "--baseline-sample", paramLabel = "N",
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

    /** {@code mpnas bench cold-cost}. */
    @Command(
            name = "cold-cost",
            mixinStandardHelpOptions = true,
            description = {
                "Milliseconds per layer that `mpnas cost --layers FILE` takes in a fresh JVM beyond"
                        + " the JVM's start-up: JVMs started as ./mpnas starts them, each run of"
                        + " cost paired with a run of --version; against the same without the"
                        + " launcher's start-up flags (MPNAS_FAST_START=0).",
                "Run it through ./mpnas, on an otherwise idle machine."
            })
    static final class ColdCost implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Option(
                names = "--layers", paramLabel = "N",
                defaultValue = "" + ColdCostBenchmark.DEFAULT_LAYERS,
                description = "Layers in the file. Default: ${DEFAULT-VALUE}.")
        int layers;

        @Option(
                names = "--runs", paramLabel = "N",
                defaultValue = "" + ColdCostBenchmark.DEFAULT_RUNS,
                description = "Measured runs of each command. Default: ${DEFAULT-VALUE}.")
        int runs;

        @Option(
                names = "--seed", paramLabel = "S",
                defaultValue = "" + ColdCostBenchmark.DEFAULT_SEED,
                description = "Seed of the layers' draw. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Option(names = "--json", description = "Print JSON (the only format).")
        boolean json;

        /** {@inheritDoc} */
        @Override
        public Integer call() throws Exception {
            print(spec, ColdCostBenchmark.run(layers, runs, seed));
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
                names = "--preset", paramLabel = "PRESET",
                defaultValue = "cifar",
                description = "Search space preset. Default: ${DEFAULT-VALUE}.")
        String preset;

        @Option(
                names = "--batch", paramLabel = "N",
                defaultValue = "64",
                description = "Batch size. Default: ${DEFAULT-VALUE}.")
        int batch;

        @Option(names = "--json", description = "Print JSON (the only format).")
        boolean json;

        @Mixin EngineOptions engine;

        /** {@inheritDoc} */
        @Override
        public Integer call() throws Exception {
            engine.apply();
            print(spec, SupernetBenchmark.run(preset, batch));
            return ExitCodes.OK;
        }
    }

    /** {@code mpnas bench export}. */
    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description =
                    "Inference images/s of a mixed-precision network: the quantized ONNX export on"
                            + " ONNX Runtime vs a float ONNX export of it vs the DJL/MXNet forward,"
                            + " same batch and threads.")
    static final class Export implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Option(names = "--preset", paramLabel = "PRESET", defaultValue = "fashion-mnist", description = "Search space preset. Default: ${DEFAULT-VALUE}.")
        String preset;

        @Option(names = "--batch", paramLabel = "N", defaultValue = "64", description = "Batch size. Default: ${DEFAULT-VALUE}.")
        int batch;

        @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "ONNX Runtime threads. Default: ${DEFAULT-VALUE}.")
        int threads;

        @Option(names = "--json", description = "Print JSON (the only format).")
        boolean json;

        /** {@inheritDoc} */
        @Override
        public Integer call() throws Exception {
            print(spec, ExportBenchmark.run(
                    ExportBenchmark.mixedReference(SearchSpace.preset(preset)), batch, threads));
            return ExitCodes.OK;
        }
    }

    /** {@code mpnas bench all}: every benchmark, and the README's performance table. */
    @Command(
            name = "all",
            mixinStandardHelpOptions = true,
            description =
                    "Run every benchmark and print each figure with its same-run baseline as a"
                            + " ratio; --markdown prints the README's performance table.")
    static final class All implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Option(names = "--markdown", description = "Print the Markdown table instead of JSON.")
        boolean markdown;

        @Option(
                names = "--json-out",
                paramLabel = "FILE",
                description = "Also write every figure of this run as JSON to FILE.")
        Path jsonOut;

        /** {@inheritDoc} */
        @Override
        public Integer call() throws Exception {
            ObjectNode all = MAPPER.createObjectNode();
            all.set("bitfusion", BitFusionBenchmark.run());
            all.set("cold_cost", ColdCostBenchmark.run(ColdCostBenchmark.DEFAULT_LAYERS,
                    ColdCostBenchmark.DEFAULT_RUNS, ColdCostBenchmark.DEFAULT_SEED));
            // both engines side by side, each against the same oneDNN peak (measured on MXNet)
            all.set("supernet", onEngine("MXNet", () -> SupernetBenchmark.run("cifar", 64)));
            all.set("supernet_pytorch",
                    onEngine("PyTorch", () -> SupernetBenchmark.run("cifar", 64)));
            all.set("export", ExportBenchmark.run(
                    ExportBenchmark.mixedReference(SearchSpace.preset("fashion-mnist")), 64, 2));
            if (jsonOut != null) {
                AtomicFiles.writeString(jsonOut, MAPPER.writeValueAsString(all));
            }
            if (markdown) {
                spec.commandLine().getOut().print(BenchTable.markdown(all));
            } else {
                print(spec, all);
            }
            return ExitCodes.OK;
        }

        /** Runs a benchmark with another default engine, then restores the previous one. */
        private static ObjectNode onEngine(String engine, Supplier<ObjectNode> benchmark) {
            String previous = System.getProperty("ai.djl.default_engine");
            System.setProperty("ai.djl.default_engine", engine);
            try {
                return benchmark.get();
            } finally {
                if (previous == null) {
                    System.clearProperty("ai.djl.default_engine");
                } else {
                    System.setProperty("ai.djl.default_engine", previous);
                }
            }
        }
    }
}
