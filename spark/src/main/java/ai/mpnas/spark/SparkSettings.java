package ai.mpnas.spark;

import ai.mpnas.cli.ProtocolSetup;
import ai.mpnas.cli.sweep.ChildJvmRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;

/** The Spark settings of a sweep, and the child JVMs its tasks start. */
final class SparkSettings {

    /** Tries of a task unless {@code spark.task.maxFailures} says otherwise (Spark's default). */
    static final int DEFAULT_MAX_FAILURES = 4;

    /**
     * The driver's environment variables the points' JVMs get on every worker: jemalloc (without
     * it MXNet is several times slower) and MXNet's and DJL's settings, as {@code ./mpnas} sets
     * them.
     */
    static final List<String> FORWARDED =
            List.of("LD_PRELOAD", "MALLOC_CONF", "MXNET_USE_OPERATOR_TUNING", "DJL_OFFLINE");

    /** {@code local}, {@code local[N]}, {@code local[*]}, with or without {@code ,F}. */
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\d+|\\*)(?:,(\\d+))?])?");

    private SparkSettings() {}

    /**
     * Returns the Spark configuration of a sweep: what {@code spark-submit} set (system properties
     * {@code spark.*}), the master of {@code --spark}, {@code spark.task.cpus} from {@code
     * --threads}, retries, and Spark's log level WARN unless given.
     *
     * @param setup the sweep
     * @param dir the sweep directory
     * @return the configuration
     * @throws IllegalArgumentException if no master is given, or a local master has fewer cores
     *     than a point's threads
     */
    static SparkConf conf(ProtocolSetup setup, Path dir) {
        SparkConf conf = new SparkConf().setAppName("mpnas sweep " + dir);
        setup.sparkMaster().ifPresent(conf::setMaster);
        if (!conf.contains("spark.master")) {
            throw new IllegalArgumentException("no Spark master: give --spark MASTER (local[2],"
                    + " spark://HOST:7077, yarn) or spark-submit --master MASTER");
        }
        conf.setIfMissing("spark.task.maxFailures", Integer.toString(DEFAULT_MAX_FAILURES));
        conf.setIfMissing("spark.log.level", "WARN"); // Spark's INFO lines would bury the sweep's
        int threads = setup.threads().orElse(conf.getInt("spark.task.cpus", 1));
        conf.set("spark.task.cpus", Integer.toString(threads));
        conf.setMaster(withRetries(conf.get("spark.master"), conf.getInt("spark.task.maxFailures",
                DEFAULT_MAX_FAILURES), threads));
        return conf;
    }

    /**
     * Returns the cores of one point.
     *
     * @param conf the sweep's configuration
     * @return {@code spark.task.cpus}
     */
    static int threads(SparkConf conf) {
        return conf.getInt("spark.task.cpus", 1);
    }

    /**
     * Makes a local master retry failed tasks as a cluster does ({@code local[N]} never retries);
     * other masters are returned as given.
     *
     * @param master the master
     * @param maxFailures the tries of a task
     * @param threads the cores of one task
     * @return {@code local[N,maxFailures]} for {@code local[N]}, else {@code master}
     * @throws IllegalArgumentException if a local master has fewer cores than {@code threads}
     */
    static String withRetries(String master, int maxFailures, int threads) {
        Matcher local = LOCAL.matcher(master.trim());
        if (!local.matches()) {
            return master;
        }
        String cores = local.group(1) == null ? "1" : local.group(1);
        int count = cores.equals("*")
                ? Runtime.getRuntime().availableProcessors()
                : Integer.parseInt(cores);
        if (count < threads) {
            throw new IllegalArgumentException("--threads " + threads + ": more than the " + count
                    + " core(s) of --spark " + master + "; allowed at most " + count);
        }
        String failures = local.group(2) != null ? local.group(2) : Integer.toString(maxFailures);
        return "local[" + cores + "," + failures + "]";
    }

    /**
     * Returns the runner of the points' commands: child JVMs on the {@code mpnas} classpath (never
     * Spark's), limited to {@code threads} cores, with the driver's JVM options and {@link
     * #FORWARDED} environment.
     *
     * @param mpnasClasspath the classpath of the {@code mpnas} command line on every worker
     * @param threads the cores of one point
     * @return the runner
     */
    static ChildJvmRunner childJvm(String mpnasClasspath, int threads) {
        ChildJvmRunner.Builder runner = ChildJvmRunner.builder()
                .optClasspath(mpnasClasspath)
                .optThreads(threads);
        for (String name : FORWARDED) {
            String value = System.getenv(name);
            if (value != null) {
                runner.optEnvironment(name, value);
            }
        }
        return runner.build();
    }
}
