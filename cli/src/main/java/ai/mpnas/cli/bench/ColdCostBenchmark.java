package ai.mpnas.cli.bench;

import ai.mpnas.bitfusion.Layer;
import ai.mpnas.bitfusion.LayersJson;
import ai.mpnas.cli.Main;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Measures what {@code mpnas cost --layers FILE} costs per layer in a fresh JVM, beyond the JVM's
 * own start-up: scripts price one network per process. Behind {@code ./mpnas bench cold-cost}.
 *
 * <p>The JVMs are started as the {@code ./mpnas} launcher starts them: the java command is asked
 * from the launcher ({@link LauncherCommand}), and they inherit this JVM's environment, which the
 * launcher set (allocator, threads). {@code runs} times, interleaved, the same JVM runs {@code cost
 * --layers FILE} (table output) and {@code --version} (start-up only); after one unmeasured run of
 * each, which also checks that the child prints exactly what this JVM prints for the file. Each
 * time is the wall time from starting the process to its exit.
 *
 * <ul>
 *   <li>{@code per_layer_ms}: (median cost time - median start-up time) / layers; its {@code min}
 *       and {@code max} are those of the runs' own differences (run i's cost minus run i's
 *       start-up);
 *   <li>{@code launcher}: the JVM as the launcher starts it; {@code without_fast_start}: the same
 *       with {@code MPNAS_FAST_START=0} (no class-data archive, the default JIT), the baseline.
 * </ul>
 *
 * The layers file is made here: a seeded draw from {@link BitFusionBenchmark#warmSet()}.
 */
public final class ColdCostBenchmark {

    /** The layers of issue 19's figure. */
    public static final int DEFAULT_LAYERS = 182;

    /** Default runs of each command. */
    public static final int DEFAULT_RUNS = 15;

    /** Default seed of the layer draw. */
    public static final long DEFAULT_SEED = 19;

    /** The system property in which the launcher names itself. */
    public static final String LAUNCHER_PROPERTY = "mpnas.launcher";

    private static final String MAIN = Main.class.getName();

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ColdCostBenchmark() {}

    /**
     * Runs the benchmark with the launcher that started this JVM.
     *
     * @param layers how many layers the file has
     * @param runs how many times each command runs (measured)
     * @param seed the seed of the layer draw
     * @return the results (see the class comment)
     * @throws IOException if the layers file or a process fails to start
     * @throws InterruptedException if interrupted
     * @throws IllegalStateException if this JVM was not started by {@code ./mpnas}
     */
    public static ObjectNode run(int layers, int runs, long seed)
            throws IOException, InterruptedException {
        checkArguments(layers, runs);
        String launcher = System.getProperty(LAUNCHER_PROPERTY);
        if (launcher == null) {
            throw new IllegalStateException(
                    "bench cold-cost starts JVMs as ./mpnas starts them: run it through ./mpnas"
                            + " (this JVM has no -D" + LAUNCHER_PROPERTY + ")");
        }
        return run(Path.of(launcher), layers, runs, seed);
    }

    /**
     * Runs the benchmark.
     *
     * @param launcher the {@code mpnas} launcher script
     * @param layerCount how many layers the file has, at least 1
     * @param runs how many times each command runs (measured), at least 1
     * @param seed the seed of the layer draw
     * @return the results (see the class comment)
     * @throws IOException if the layers file or a process fails to start
     * @throws InterruptedException if interrupted
     */
    public static ObjectNode run(Path launcher, int layerCount, int runs, long seed)
            throws IOException, InterruptedException {
        checkArguments(layerCount, runs);
        List<Layer> layers = layers(layerCount, seed);
        Path dir = Files.createTempDirectory("mpnas-bench-cold-cost");
        try {
            Path file = dir.resolve("layers.json");
            LayersJson.write(file, layers);
            List<String> cost = List.of("cost", "--layers", file.toString());
            String expected = printedInThisJvm(cost);
            ObjectNode result = MAPPER.createObjectNode();
            result.put("benchmark", "cold_cost");
            result.put("layers", layerCount);
            result.put("distinct_layers", new HashSet<>(layers).size());
            result.put("geometries", count(layers, l -> l.withBits(8, 8)));
            result.put("runs", runs);
            result.put("seed", seed);
            result.put("available_processors", Runtime.getRuntime().availableProcessors());
            Map<String, String> asUsual = new HashMap<>();
            asUsual.put(LauncherCommand.FAST_START, null);
            LauncherCommand usual = LauncherCommand.ask(launcher, asUsual, cost);
            LauncherCommand plain =
                    LauncherCommand.ask(launcher, Map.of(LauncherCommand.FAST_START, "0"), cost);
            Runs measured = measure(usual, runs, expected, dir);
            Runs baseline = measure(plain, runs, expected, dir);
            result.set("launcher", summary(usual, measured, layerCount));
            result.set("without_fast_start", summary(plain, baseline, layerCount));
            return result;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static void checkArguments(int layers, int runs) {
        if (layers < 1) {
            throw new IllegalArgumentException("--layers " + layers + ": allowed >= 1");
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs " + runs + ": allowed >= 1");
        }
    }

    /**
     * Returns the benchmark's layers: MobileNetV2's layers at the 16 (wbits, abits) pairs in
     * {2,4,6,8}^2 ({@link BitFusionBenchmark#warmSet()}, the shapes and precisions of the
     * reference cases) shuffled with the seed, the first {@code count} of them (cycled if more).
     *
     * @param count how many
     * @param seed the shuffle's seed
     * @return the layers, the same for the same arguments
     */
    public static List<Layer> layers(int count, long seed) {
        List<Layer> pool = new ArrayList<>(BitFusionBenchmark.warmSet());
        Collections.shuffle(pool, new Random(seed));
        List<Layer> layers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            layers.add(pool.get(i % pool.size()));
        }
        return layers;
    }

    /** The measured wall times of one JVM configuration, in nanoseconds, run i at index i. */
    record Runs(long[] startup, long[] cost) {}

    private static Runs measure(LauncherCommand jvm, int runs, String expected, Path dir)
            throws IOException, InterruptedException {
        List<String> cost = jvm.command();
        List<String> startup = jvm.withArguments(List.of("--version"));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        // unmeasured: the first run reads the jars and the archive from disk, not from the cache
        time(startup, out, err);
        time(cost, out, err);
        String printed = Files.readString(out);
        if (!printed.equals(expected)) {
            throw new IllegalStateException(
                    "the child JVM printed something else than this JVM for the same layers: "
                            + printed.lines().findFirst().orElse("(nothing)"));
        }
        long[] startupNanos = new long[runs];
        long[] costNanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            startupNanos[i] = time(startup, out, err);
            costNanos[i] = time(cost, out, err);
        }
        return new Runs(startupNanos, costNanos);
    }

    private static long time(List<String> command, Path out, Path err)
            throws IOException, InterruptedException {
        List<String> args = command.subList(command.indexOf(MAIN) + 1, command.size());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        long start = System.nanoTime();
        int code = builder.start().waitFor();
        long nanos = System.nanoTime() - start;
        if (code != 0) {
            throw new IllegalStateException(
                    "mpnas " + String.join(" ", args) + ": the child JVM exited with " + code
                            + ": "
                            + Files.readString(err).strip());
        }
        return nanos;
    }

    /**
     * Summarises one configuration: its JVM options, start-up and cost times and the per-layer
     * figure (see the class comment), all in milliseconds.
     */
    static ObjectNode summary(LauncherCommand jvm, Runs runs, int layers) {
        ObjectNode node = MAPPER.createObjectNode();
        ArrayNode options = node.putArray("jvm_options");
        jvm.jvmOptions().forEach(options::add);
        node.set("startup_ms", spread(millis(runs.startup())));
        node.set("cost_ms", spread(millis(runs.cost())));
        double[] perLayer = new double[runs.cost().length];
        for (int i = 0; i < perLayer.length; i++) {
            perLayer[i] = (runs.cost()[i] - runs.startup()[i]) / 1e6 / layers;
        }
        ObjectNode figure = spread(perLayer);
        figure.put(
                "median",
                (median(millis(runs.cost())) - median(millis(runs.startup()))) / layers);
        node.set("per_layer_ms", figure);
        return node;
    }

    private static ObjectNode spread(double[] values) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("median", median(values));
        node.put("min", Arrays.stream(values).min().orElseThrow());
        node.put("max", Arrays.stream(values).max().orElseThrow());
        return node;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double[] millis(long[] nanos) {
        return Arrays.stream(nanos).mapToDouble(t -> t / 1e6).toArray();
    }

    private static int count(List<Layer> layers, Function<Layer, Layer> key) {
        return (int) layers.stream().map(key).distinct().count();
    }

    /** What {@code mpnas ARGS} prints on stdout when run in this JVM. */
    private static String printedInThisJvm(List<String> args) {
        CommandLine cmd = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException("mpnas " + String.join(" ", args) + ": " + err);
        }
        return out.toString();
    }
}
