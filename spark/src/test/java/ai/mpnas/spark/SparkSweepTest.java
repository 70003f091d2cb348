package ai.mpnas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.cli.Main;
import ai.mpnas.cli.ProtocolSetup;
import ai.mpnas.cli.sweep.ChildJvmRunner;
import ai.mpnas.cli.sweep.ProtocolSweep;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The protocol sweep on Spark {@code local[2]}, for real (child JVMs that search, train and export
 * on the committed fixture), against the same sweep run locally: the same table point for point,
 * also when a point's JVM is killed midway and Spark retries its task.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkSweepTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path CLI = Path.of("..", "cli", "target").toAbsolutePath().normalize();

    /** The local sweep's directory: the reference every Spark run is compared with. */
    private Path local;

    /**
     * The classpath of the mpnas command line, as the launcher builds it: the cli's classes and its
     * dependencies (the reactor has packaged the cli before this module's tests run).
     */
    private static String mpnasClasspath() throws Exception {
        return CLI.resolve("classes") + java.io.File.pathSeparator
                + Files.readString(CLI.resolve("deps.classpath")).trim();
    }

    /** Two budgets x two contenders, a recipe of seconds, one core per point. */
    private static List<String> sweep(Path out, String budgets) {
        return List.of("--budgets", budgets, "--seeds", "1", "--contenders", "joint,arch-only",
                "--uniform-bits", "--search-epochs", "2", "--warmup-epochs", "1", "--steps-per-epoch",
                "3", "--train-epochs", "2", "--train-limit", "640", "--test-limit", "100", "--data-dir",
                Path.of("..", "fixtures", "fashion-mnist").toAbsolutePath().toString(), "--threads", "1",
                "--no-progress", "--out", out.toString());
    }

    private static List<String> onSpark(List<String> sweep) {
        List<String> args = new ArrayList<>(sweep);
        args.addAll(List.of("--spark", "local[2]"));
        return args;
    }

    @BeforeAll
    void runTheSweepLocally(@TempDir Path dir) throws Exception {
        local = dir;
        ProtocolSetup setup = ProtocolSetup.parse(sweep(local, "u2,u4"));
        ProtocolSweep.builder()
                .setPlan(setup.plan())
                .setRunner(ChildJvmRunner.builder().optClasspath(mpnasClasspath()).optThreads(1).build())
                .setPricing(setup.pricing())
                .setOutput(local)
                .optLog(new PrintWriter(new StringWriter()))
                .build()
                .run();
    }

    private static JsonNode table(Path dir) throws Exception {
        return MAPPER.readTree(dir.resolve("table.json").toFile());
    }

    private static JsonNode row(JsonNode table, String budget, String contender) {
        for (JsonNode r : table) {
            if (r.get("budget_label").asText().equals(budget) && r.get("contender").asText().equals(contender)) {
                return r;
            }
        }
        throw new AssertionError("no row " + budget + " " + contender + " in " + table);
    }

    @Test
    void sparkWritesTheLocalSweepsTablePointForPoint(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SparkSweep.run(onSpark(sweep(dir, "u2,u4")), mpnasClasspath(),
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err + "\n" + out);
        JsonNode expected = table(local);
        assertEquals(4, expected.size(), expected.toString());
        assertEquals(expected, table(dir)); // every field, the onnx paths relative to each table
        assertTrue(out.toString().contains("0 of 4 points finished earlier; 4 to run on local[2,4], 1 core(s) each"),
                out.toString());
        for (JsonNode r : table(dir)) {
            assertFalse(r.get("infeasible").asBoolean(), r.toString());
            assertTrue(Files.size(dir.resolve(r.get("onnx").asText())) > 0);
        }
        assertEquals(Files.readString(local.resolve("table.md")), Files.readString(dir.resolve("table.md")));
        assertTrue(Files.exists(dir.resolve("report/top1-vs-energy.png")));

        // ./mpnas sweep --spark: the CLI starts the driver in a JVM of its own; all is finished here
        System.setProperty("mpnas.spark.classpath", System.getProperty("java.class.path"));
        CommandLine cli = Main.newCommandLine();
        StringWriter again = new StringWriter();
        cli.setOut(new PrintWriter(again, true));
        List<String> args = new ArrayList<>(List.of("sweep", "--protocol"));
        args.addAll(onSpark(sweep(dir, "u2,u4")));
        assertEquals(0, cli.execute(args.toArray(String[]::new)), again.toString());
        assertTrue(again.toString().contains("4 of 4 points finished earlier; 0 to run"), again.toString());
        assertEquals(expected, table(dir));
    }

    @Test
    void aKilledPointIsRetriedBySparkAndResumesFromItsCheckpoint(@TempDir Path dir) throws Exception {
        Path point = dir.resolve("points/u4-joint-s1");
        CompletableFuture<String> killed = CompletableFuture.supplyAsync(() -> killMidway(point));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SparkSweep.run(onSpark(sweep(dir, "u4")), mpnasClasspath(), new PrintWriter(out, true),
                new PrintWriter(err, true));
        String victim = killed.get();
        assertEquals(0, code, err + "\n" + out);

        JsonNode table = table(dir);
        Set<String> points = new HashSet<>();
        for (JsonNode r : table) {
            assertTrue(points.add(r.get("budget_label").asText() + " " + r.get("contender").asText()), "twice: " + r);
        }
        assertEquals(Set.of("u4 joint", "u4 arch-only"), points);
        // resumed to the very result of the uninterrupted run
        JsonNode reference = table(local);
        assertEquals(row(reference, "u4", "joint"), row(table, "u4", "joint"));
        assertEquals(row(reference, "u4", "arch-only"), row(table, "u4", "arch-only"));

        List<String> commands = Files.readAllLines(point.resolve("commands.txt"));
        String step = victim.contains(" search ") ? "mpnas search " : "mpnas train ";
        List<String> runs = commands.stream().filter(c -> c.startsWith(step)).toList();
        assertEquals(2, runs.size(), "killed, then resumed: " + commands);
        assertFalse(runs.get(0).endsWith(" --resume"));
        assertEquals(runs.get(0) + " --resume", runs.get(1), "resumed with the same options");
        assertTrue(out.toString().contains("sweep: u4-joint-s1: ran (attempt 2)"), out.toString());
        try (Stream<Path> files = Files.list(point)) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().equals("claim")).count(),
                    "the claim is released");
        }
    }

    @Test
    void aPointThatFailsOnEveryTryFailsTheSweepNamingItAndItsLog(@TempDir Path dir) throws Exception {
        List<String> args = new ArrayList<>(sweep(dir, "u4"));
        args.set(args.indexOf("joint,arch-only"), "joint");
        args.set(args.indexOf("--data-dir") + 1, dir.resolve("no-such-data").toString());
        args.addAll(List.of("--spark", "local[1,2]"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SparkSweep.run(args, mpnasClasspath(), new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertEquals(1, code, out.toString());
        String message = err.toString();
        assertTrue(message.startsWith("mpnas sweep: Job aborted due to stage failure"), message);
        assertTrue(message.contains("failed 2 times"), message);
        assertTrue(message.contains("point u4-joint-s1: a command failed with exit code 2 (mpnas search:"),
                message);
        assertEquals(1, message.lines().count(), "one line: " + message);
        Path point = dir.resolve("points/u4-joint-s1");
        assertEquals(2, Files.readAllLines(point.resolve("commands.txt")).size(), "tried twice");
        assertFalse(Files.exists(point.resolve("point.json")));
        assertFalse(Files.exists(point.resolve("claim")), "released after each try");
        assertEquals(0, table(dir).size(), "the table of the finished points: none");
    }

    /** A process's whole command line (ProcessHandle.Info may cut a long one short). */
    private static String commandLine(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).replace('\0', ' ');
        } catch (java.io.IOException e) {
            return ""; // ended meanwhile
        }
    }

    /**
     * Kills the child JVM that runs a point's search (or its training, if the search finished first)
     * once that step has written a checkpoint; returns the killed command line.
     */
    private static String killMidway(Path point) {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String step : List.of("search", "train")) {
                Path latest = point.resolve(step.equals("search") ? "search/checkpoints/latest"
                        : "search/train-checkpoints/latest");
                if (!Files.exists(latest)) {
                    continue;
                }
                var child = ProcessHandle.current().descendants()
                        .filter(p -> commandLine(p).contains(" " + step + " ")
                                && commandLine(p).contains(point.toString()))
                        .findFirst();
                if (child.isPresent()) {
                    String line = commandLine(child.get());
                    child.get().destroyForcibly();
                    return line;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no child of " + point + " to kill");
    }
}
