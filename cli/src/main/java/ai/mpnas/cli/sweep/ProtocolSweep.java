package ai.mpnas.cli.sweep;

import ai.mpnas.cli.ExitCodes;
import ai.mpnas.report.ProtocolReport;
import ai.mpnas.report.ProtocolRow;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.train.AtomicFiles;
import ai.mpnas.search.train.CheckpointStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs a {@link ProtocolPlan} point by point, each step an ordinary {@code mpnas} command line
 * (search, train, export) run by a {@link PointRunner}, one at a time. A point is finished when its
 * {@code point.json} exists (written atomically, last); a rerun skips finished points and continues
 * an interrupted one from its files: a step whose result exists is not rerun, a step with a
 * checkpoint gets {@code --resume} with the same options. After each point, {@code table.json},
 * {@code table.md} and the plot are rewritten from the finished points.
 */
public final class ProtocolSweep {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ProtocolPlan plan;
    private final PointRunner runner;
    private final ProtocolPricing pricing;
    private final Path out;
    private final PrintWriter log;

    private ProtocolSweep(Builder b) {
        plan = b.plan;
        runner = b.runner;
        pricing = b.pricing;
        out = b.out;
        log = b.log;
    }

    /**
     * Returns a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs every point not yet finished, then writes the table.
     *
     * @return the table's rows
     * @throws IOException if a file cannot be read or written
     * @throws InterruptedException if interrupted while a command runs
     * @throws IllegalStateException naming the point, the command and its log if a command fails
     */
    public List<ProtocolRow> run() throws IOException, InterruptedException {
        for (ProtocolPoint point : plan.points()) {
            Path dir = directory(point);
            if (Files.exists(dir.resolve("point.json"))) {
                log.println("sweep: " + point.id() + " finished earlier");
                continue;
            }
            log.println("sweep: " + point.id());
            runPoint(point, dir);
            writeTable();
        }
        return writeTable();
    }

    /**
     * Returns a point's directory.
     *
     * @param point the point
     * @return {@code DIR/points/<id>}
     */
    public Path directory(ProtocolPoint point) {
        return out.resolve("points").resolve(point.id());
    }

    private void runPoint(ProtocolPoint point, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Budget budget = point.parsedBudget();
        ObjectNode json = MAPPER.createObjectNode();
        json.put("contender", point.label());
        json.put("budget", point.budget());
        json.put("budget_relative", pricing.relative(budget));
        json.put("seed", point.seed());
        if (!point.isUniform()) {
            var reason = pricing.infeasible(point.contender(), budget);
            if (reason.isPresent()) {
                finish(dir, json, null, reason.get());
                return;
            }
        }
        Recipe recipe = plan.recipe();
        boolean searches = !point.isUniform() && point.contender().searches();
        Path run = dir.resolve(searches ? "search" : "run");
        if (searches && !Files.exists(run.resolve("architecture.json"))) {
            boolean resume = hasCheckpoint(run.resolve("checkpoints"));
            PointRunner.Outcome o = step(dir, recipe.search(point, run.toString(), resume));
            String impossible = impossible(o);
            if (impossible != null) {
                finish(dir, json, null, impossible);
                return;
            }
            check(point, o, dir);
        }
        if (!Files.exists(run.resolve("metrics.json"))) {
            check(point, step(dir, recipe.train(point, run.toString(), hasTrainingCheckpoint(run))), dir);
        }
        Path onnx = run.resolve("export").resolve("onnx").resolve("model.onnx");
        if (!Files.exists(onnx)) {
            // an export killed midway left its directory: replace it
            check(point, step(dir, recipe.export(run.toString(), Files.exists(onnx.getParent()))), dir);
        }
        finish(dir, json, run, null);
    }

    /** Appends the exact command line to the point's commands.txt, then runs it. */
    private PointRunner.Outcome step(Path dir, List<String> args) throws IOException, InterruptedException {
        String line = "mpnas " + args.stream().map(ProtocolSweep::quote).collect(Collectors.joining(" "));
        Files.writeString(dir.resolve("commands.txt"), line + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        log.println("sweep:   " + line);
        log.flush();
        return runner.run(args, dir.resolve("log.txt"));
    }

    /** The search command's own one-line error when even the cheapest allowed network is over the budget. */
    private static String impossible(PointRunner.Outcome o) {
        if (o.exitCode() != ExitCodes.BAD_INPUT) {
            return null;
        }
        return o.output().lines().filter(l -> l.contains("is impossible")).reduce((a, b) -> b).orElse(null);
    }

    private static void check(ProtocolPoint point, PointRunner.Outcome o, Path dir) {
        if (o.exitCode() != 0) {
            // the command's own one-line error ("mpnas train: ..."), not a stack trace's last frame
            List<String> lines = o.output().lines().filter(l -> !l.isBlank()).toList();
            String last = lines.stream().filter(l -> l.startsWith("mpnas ")).reduce((a, b) -> b)
                    .orElse(lines.isEmpty() ? "" : lines.get(lines.size() - 1));
            throw new IllegalStateException("point " + point.id() + ": a command failed with exit code "
                    + o.exitCode() + " (" + last + "); see " + dir.resolve("log.txt")
                    + "; rerun the sweep to continue from here");
        }
    }

    /** Writes point.json (atomically, last: it marks the point finished). */
    private void finish(Path dir, ObjectNode json, Path run, String infeasible) throws IOException {
        json.put("infeasible", infeasible != null);
        if (infeasible != null) {
            json.put("reason", infeasible);
        } else {
            JsonNode m = MAPPER.readTree(run.resolve("metrics.json").toFile());
            json.put("architecture", m.path("architecture").asText());
            json.put("energy_nJ", m.path("energy_nJ").asDouble());
            json.put("top1", m.path("top1").asDouble());
            if (m.has("test_images")) {
                json.set("test_images", m.get("test_images"));
            }
            Path onnx = run.resolve("export").resolve("onnx").resolve("model.onnx");
            json.put("onnx", out.toAbsolutePath().relativize(onnx.toAbsolutePath()).toString());
        }
        ArrayNode commands = json.putArray("commands");
        Path file = dir.resolve("commands.txt");
        if (Files.exists(file)) {
            Files.readAllLines(file).forEach(commands::add);
        }
        AtomicFiles.writeString(dir.resolve("point.json"), MAPPER.writeValueAsString(json));
    }

    /** table.json from every finished point, in plan order; then table.md and the plot. */
    private List<ProtocolRow> writeTable() throws IOException {
        double reference = pricing.uniformEnergyNj(8);
        List<ProtocolRow> rows = new ArrayList<>();
        ArrayNode table = MAPPER.createArrayNode();
        for (ProtocolPoint point : plan.points()) {
            Path file = directory(point).resolve("point.json");
            if (!Files.exists(file)) {
                continue;
            }
            JsonNode p = MAPPER.readTree(file.toFile());
            double budget = p.get("budget_relative").asDouble();
            ProtocolRow row = p.path("infeasible").asBoolean()
                    ? ProtocolRow.infeasible(budget, point.budget(), point.label(), point.seed())
                    : new ProtocolRow(budget, point.budget(), point.label(), point.seed(),
                            p.get("architecture").asText(), p.get("energy_nJ").asDouble(),
                            p.get("energy_nJ").asDouble() / reference, p.get("top1").asDouble(),
                            p.get("onnx").asText(), false);
            rows.add(row);
            table.add(row.toJson());
        }
        Files.createDirectories(out);
        AtomicFiles.writeString(out.resolve(ProtocolReport.TABLE), MAPPER.writeValueAsString(table));
        ProtocolReport.writeTable(out);
        return rows;
    }

    private static boolean hasCheckpoint(Path checkpoints) throws IOException {
        return new CheckpointStore(checkpoints, 2).latest().isPresent();
    }

    /** A training checkpoint in the run or in one of its candidates (the random contender's). */
    private static boolean hasTrainingCheckpoint(Path run) throws IOException {
        if (!Files.isDirectory(run)) {
            return false;
        }
        List<Path> dirs;
        try (Stream<Path> walk = Files.walk(run, 2)) {
            dirs = walk.filter(d -> d.getFileName().toString().equals("train-checkpoints")).toList();
        }
        for (Path d : dirs) {
            if (hasCheckpoint(d)) {
                return true;
            }
        }
        return false;
    }

    private static String quote(String arg) {
        return arg.matches("[A-Za-z0-9_./=:,+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    /** Builds a {@link ProtocolSweep}. */
    public static final class Builder {
        private ProtocolPlan plan;
        private PointRunner runner;
        private ProtocolPricing pricing;
        private Path out;
        private PrintWriter log = new PrintWriter(System.out, true);

        private Builder() {}

        /**
         * Sets what to run.
         *
         * @param plan the plan
         * @return this builder
         */
        public Builder setPlan(ProtocolPlan plan) {
            this.plan = plan;
            return this;
        }

        /**
         * Sets how each command runs (a child JVM in production; a recorder in tests).
         *
         * @param runner the runner
         * @return this builder
         */
        public Builder setRunner(PointRunner runner) {
            this.runner = runner;
            return this;
        }

        /**
         * Sets the pricing of the search space under the sweep's cost options.
         *
         * @param pricing the pricing
         * @return this builder
         */
        public Builder setPricing(ProtocolPricing pricing) {
            this.pricing = pricing;
            return this;
        }

        /**
         * Sets the sweep directory.
         *
         * @param out the directory
         * @return this builder
         */
        public Builder setOutput(Path out) {
            this.out = out;
            return this;
        }

        /**
         * Sets where progress is printed; default standard output.
         *
         * @param log the writer
         * @return this builder
         */
        public Builder optLog(PrintWriter log) {
            this.log = log;
            return this;
        }

        /**
         * Builds the sweep.
         *
         * @return the sweep
         * @throws IllegalStateException if the plan, runner, pricing or directory is missing
         */
        public ProtocolSweep build() {
            if (plan == null || runner == null || pricing == null || out == null) {
                throw new IllegalStateException("ProtocolSweep needs a plan, a runner, a pricing and an output directory");
            }
            return new ProtocolSweep(this);
        }
    }
}
