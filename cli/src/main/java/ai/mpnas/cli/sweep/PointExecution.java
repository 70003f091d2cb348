package ai.mpnas.cli.sweep;

import ai.mpnas.cli.ExitCodes;
import ai.mpnas.formats.RunMetrics;
import ai.mpnas.formats.SweepPoint;
import ai.mpnas.training.CheckpointStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs one point of the protocol to its {@code point.json}, each step an ordinary {@code mpnas}
 * command line (search, train, export) run by a {@link PointRunner}; the same code whether the
 * local sweep or a Spark task runs the point.
 *
 * <p>Idempotent: a finished point ({@code point.json} exists) is not run again; an interrupted one
 * continues from its files (a step whose result exists is not rerun, a step with a checkpoint gets
 * {@code --resume} with the same options, an interrupted export is replaced); and the point
 * directory is written only under its {@link PointClaim}, so two processes never run one point at
 * once.
 */
public final class PointExecution {

    private final PointRunner runner;
    private final PrintWriter log;
    private final PointClaim.Policy claims;

    /** How a point's run ended. */
    public enum Status {
        /** This process ran (or finished) the point. */
        RAN,
        /** The point was finished before, by this or another process. */
        FINISHED_EARLIER
    }

    /**
     * Creates an execution.
     *
     * @param runner runs each command line
     * @param log where progress is printed
     * @param claims when another process's claim is stale
     */
    public PointExecution(PointRunner runner, PrintWriter log, PointClaim.Policy claims) {
        this.runner = runner;
        this.log = log;
        this.claims = claims;
    }

    /**
     * Runs a point unless it is finished, waiting while another live process runs it.
     *
     * @param job the point
     * @return whether this call ran it
     * @throws IOException if a file cannot be read or written
     * @throws InterruptedException if interrupted while a command runs
     * @throws IllegalStateException naming the point, the command and its log if a command fails
     */
    public Status run(PointJob job) throws IOException, InterruptedException {
        Path dir = job.directory();
        if (!job.isFinished()) {
            Files.createDirectories(dir);
            Optional<PointClaim> claim = PointClaim.acquire(dir, claims, job::isFinished, log);
            if (claim.isPresent()) {
                try (PointClaim held = claim.get()) {
                    if (!job.isFinished()) { // finished between the first look and the claim
                        log.println("sweep: " + job.point().id());
                        runSteps(job, held);
                        return Status.RAN;
                    }
                }
            }
        }
        log.println("sweep: " + job.point().id() + " finished earlier");
        return Status.FINISHED_EARLIER;
    }

    private void runSteps(PointJob job, PointClaim claim) throws IOException, InterruptedException {
        ProtocolPoint point = job.point();
        Path dir = job.directory();
        if (job.infeasible() != null) {
            finish(job, claim, null, job.infeasible());
            return;
        }
        Recipe recipe = job.recipe();
        boolean searches = !point.isUniform() && point.contender().searches();
        Path run = dir.resolve(searches ? "search" : "run");
        if (searches && !Files.exists(run.resolve("architecture.json"))) {
            // a search writes settings.json first (a derived one has no checkpoints at all):
            // either means an interrupted search to resume
            boolean resume = hasCheckpoint(run.resolve("checkpoints"))
                    || Files.exists(run.resolve("settings.json"));
            PointRunner.Outcome o = step(dir, recipe.search(point, run.toString(), resume));
            String impossible = impossible(o);
            if (impossible != null) {
                finish(job, claim, null, impossible);
                return;
            }
            check(point, o, dir);
        }
        if (!Files.exists(run.resolve("metrics.json"))) {
            boolean resume = hasTrainingCheckpoint(run);
            check(point, step(dir, recipe.train(point, run.toString(), resume)), dir);
        }
        Path onnx = run.resolve("export").resolve("onnx").resolve("model.onnx");
        if (!Files.exists(onnx)) {
            // an export killed midway left its directory: replace it
            boolean force = Files.exists(onnx.getParent());
            check(point, step(dir, recipe.export(run.toString(), force)), dir);
        }
        finish(job, claim, run, null);
    }

    /** Appends the exact command line to the point's commands.txt, then runs it. */
    private PointRunner.Outcome step(Path dir, List<String> args)
            throws IOException, InterruptedException {
        String line = "mpnas "
                + args.stream().map(PointExecution::quote).collect(Collectors.joining(" "));
        Files.writeString(dir.resolve("commands.txt"), line + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        log.println("sweep:   " + line);
        log.flush();
        return runner.run(args, dir.resolve("log.txt"));
    }

    /** The search command's one-line error when even the cheapest network is over the budget. */
    private static String impossible(PointRunner.Outcome o) {
        if (o.exitCode() != ExitCodes.BAD_INPUT) {
            return null;
        }
        return o.output().lines().filter(l -> l.contains("is impossible"))
                .reduce((a, b) -> b).orElse(null);
    }

    private static void check(ProtocolPoint point, PointRunner.Outcome o, Path dir) {
        if (o.exitCode() != 0) {
            // the command's own one-line error ("mpnas train: ..."), not a stack trace's last frame
            List<String> lines = o.output().lines().filter(l -> !l.isBlank()).toList();
            String last = lines.stream().filter(l -> l.startsWith("mpnas ")).reduce((a, b) -> b)
                    .orElse(lines.isEmpty() ? "" : lines.get(lines.size() - 1));
            // 128 + N: the JVM was ended by signal N (a kill, or the machine out of memory)
            String why = o.exitCode() > 128 && last.isEmpty()
                    ? "ended by signal " + (o.exitCode() - 128) : last;
            throw new IllegalStateException("point " + point.id() + ": a command failed with exit"
                    + " code " + o.exitCode() + " (" + why + "); see " + dir.resolve("log.txt")
                    + "; rerun the sweep to continue from here");
        }
    }

    /** Writes point.json (atomically, last: it marks the point finished) under the claim. */
    private static void finish(PointJob job, PointClaim claim, Path run, String infeasible)
            throws IOException {
        Path dir = job.directory();
        List<String> commands = new ArrayList<>();
        Path file = dir.resolve("commands.txt");
        if (Files.exists(file)) {
            commands.addAll(Files.readAllLines(file));
        }
        ProtocolPoint point = job.point();
        SweepPoint result;
        if (infeasible != null) {
            result = new SweepPoint(point.label(), point.budget(), job.budgetRelative(),
                    point.seed(), true, infeasible, null, null, null, null, commands);
        } else {
            RunMetrics m = RunMetrics.read(run.resolve(RunMetrics.FILE));
            Path onnx = run.resolve("export").resolve("onnx").resolve("model.onnx");
            Path table = job.output().toAbsolutePath();
            result = new SweepPoint(point.label(), point.budget(), job.budgetRelative(),
                    point.seed(), false, null, m.architecture(), m.energyNj(), m.top1(),
                    table.relativize(onnx.toAbsolutePath()).toString(), commands);
        }
        if (!claim.isHeld()) {
            throw new IllegalStateException("point " + point.id() + ": another process broke"
                    + " this one's claim on " + dir + " (its heartbeat stalled); rerun the sweep");
        }
        result.write(dir.resolve(SweepPoint.FILE));
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
            dirs = walk.filter(d -> d.getFileName().toString().equals("train-checkpoints"))
                    .toList();
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
}
