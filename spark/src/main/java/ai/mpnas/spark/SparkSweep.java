package ai.mpnas.spark;

import ai.mpnas.cli.ExitCodes;
import ai.mpnas.cli.ProtocolSetup;
import ai.mpnas.cli.sweep.ChildJvmRunner;
import ai.mpnas.cli.sweep.PointClaim;
import ai.mpnas.cli.sweep.PointJob;
import ai.mpnas.cli.sweep.ProtocolPlan;
import ai.mpnas.cli.sweep.ProtocolPricing;
import ai.mpnas.cli.sweep.ProtocolTable;
import ai.mpnas.report.ProtocolReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The Spark driver of the protocol sweep. It takes the options of {@code mpnas sweep} ({@code
 * --protocol} implied; {@code --spark MASTER} or {@code spark-submit --master}), prices the points
 * that are not finished yet, runs one Spark task per point ({@link PointTask}: the point's ordinary
 * {@code mpnas} command lines in child JVMs, on the classpath named by {@value
 * ChildJvmRunner#CLASSPATH_VARIABLE}), and writes {@code table.json}, {@code table.md} and the plot
 * with the local sweep's own code, so the table is the same wherever its points ran.
 *
 * <p>Spark settings it chooses (see {@link SparkSettings}): {@code spark.task.cpus} from {@code
 * --threads}; {@code spark.task.maxFailures} 4 unless given; {@code local[N]} becomes {@code
 * local[N,maxFailures]}, since local mode would otherwise never retry a task.
 */
public final class SparkSweep {

    private SparkSweep() {}

    /**
     * Runs the sweep and exits with its exit code.
     *
     * @param args the options of {@code mpnas sweep}
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        String classpath = System.getenv(ChildJvmRunner.CLASSPATH_VARIABLE);
        int code;
        if (classpath == null || classpath.isBlank()) {
            err.println("mpnas sweep: " + ChildJvmRunner.CLASSPATH_VARIABLE + " is not set: the"
                    + " classpath of the mpnas command line, the same on every worker (./mpnas"
                    + " sweep --spark sets it; README, Sweeps on Apache Spark)");
            code = ExitCodes.BAD_INPUT;
        } else {
            code = run(List.of(args), classpath, out, err);
        }
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs the sweep on Spark.
     *
     * @param args the options of {@code mpnas sweep}
     * @param mpnasClasspath the classpath of the points' child JVMs ({@code mpnas} itself)
     * @param out where progress and the table are printed
     * @param err where a failure is reported, in one line
     * @return the exit code: 0, 1 if a point failed on every try, 2 for bad input
     */
    public static int run(
            List<String> args, String mpnasClasspath, PrintWriter out, PrintWriter err) {
        try {
            return run(ProtocolSetup.parse(args), mpnasClasspath, out);
        } catch (IllegalArgumentException e) {
            err.println("mpnas sweep: " + firstLine(e.getMessage()));
            return ExitCodes.BAD_INPUT;
        } catch (Exception e) {
            String message = Optional.ofNullable(e.getMessage()).orElse(e.toString());
            err.println("mpnas sweep: " + firstLine(message));
            return ExitCodes.FAILURE;
        }
    }

    private static int run(ProtocolSetup setup, String mpnasClasspath, PrintWriter out)
            throws Exception {
        Path dir = setup.out().toAbsolutePath(); // the executors' working directories differ
        ProtocolPlan plan = setup.plan();
        SparkConf conf = SparkSettings.conf(setup, dir);
        ChildJvmRunner runner = SparkSettings.childJvm(mpnasClasspath, SparkSettings.threads(conf));
        ProtocolPricing pricing = setup.pricing();
        List<PointJob> jobs = plan.points().stream()
                .filter(p -> !PointJob.isFinished(dir, p))
                .map(p -> PointJob.of(p, plan.recipe(), pricing, dir))
                .toList();
        Files.createDirectories(dir);
        out.println("sweep: " + (plan.points().size() - jobs.size()) + " of "
                + plan.points().size() + " points finished earlier; " + jobs.size() + " to run on "
                + conf.get("spark.master") + ", " + SparkSettings.threads(conf) + " core(s) each");
        try {
            if (!jobs.isEmpty()) {
                try (JavaSparkContext spark = new JavaSparkContext(conf)) {
                    List<String> results = spark.parallelize(jobs, jobs.size())
                            .map(new PointTask(runner, PointClaim.Policy.DEFAULT))
                            .collect();
                    results.forEach(r -> out.println("sweep: " + r));
                }
            }
        } finally {
            // the finished points' table even when a point failed on every try
            ProtocolTable.write(plan, pricing.uniformEnergyNj(8), dir);
        }
        out.print(Files.readString(dir.resolve("table.md")));
        out.println("table: " + dir.resolve(ProtocolReport.TABLE));
        return ExitCodes.OK;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
