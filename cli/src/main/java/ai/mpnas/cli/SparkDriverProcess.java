package ai.mpnas.cli;

import ai.mpnas.cli.sweep.ChildJvmRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mpnas sweep --spark MASTER}: starts the Spark driver of the {@code spark} module in a JVM
 * of its own, on that module's classpath, so that Spark (its Jackson, Scala and logging) never
 * joins the {@code mpnas} classpath. The driver gets the same sweep options and JVM options,
 * and, in {@value ChildJvmRunner#CLASSPATH_VARIABLE}, this JVM's classpath for the points' child
 * JVMs.
 */
final class SparkDriverProcess {

    /** The driver's main class (module {@code spark}; not on this classpath). */
    static final String DRIVER = "ai.mpnas.spark.SparkSweep";

    /** The system property with the spark module's classpath (the launcher sets it). */
    static final String CLASSPATH_PROPERTY = "mpnas.spark.classpath";

    private SparkDriverProcess() {}

    /**
     * Runs the driver and waits for it; its standard output is copied to {@code out}.
     *
     * @param setup the sweep
     * @param out where the driver's output goes
     * @param err where a missing classpath is reported
     * @return the driver's exit code
     * @throws IOException if the driver cannot be started
     * @throws InterruptedException if interrupted while waiting (the driver is stopped)
     */
    static int run(ProtocolSetup setup, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        String classpath = System.getProperty(CLASSPATH_PROPERTY);
        if (classpath == null || classpath.isBlank()) {
            err.println("mpnas sweep: --spark " + setup.sparkMaster().orElse("")
                    + ": the spark module's classpath is unknown (system property "
                    + CLASSPATH_PROPERTY + "); run through ./mpnas, which builds it, or"
                    + " spark-submit " + DRIVER + " (README, Sweeps on Apache Spark)");
            return ExitCodes.BAD_INPUT;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the same heap and properties, less the Spark classpath (long, and no use to the driver)
        ChildJvmRunner.thisJvmOptions().stream()
                .filter(o -> !o.startsWith("-D" + CLASSPATH_PROPERTY + "="))
                .forEach(command::add);
        command.add("-cp");
        command.add(classpath);
        command.add(DRIVER);
        command.addAll(setup.arguments());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        builder.environment()
                .put(ChildJvmRunner.CLASSPATH_VARIABLE, System.getProperty("java.class.path"));
        Process driver = builder.start();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.println(line);
            }
            return driver.waitFor();
        } finally {
            driver.destroy(); // only if interrupted: the driver stops its Spark context and tasks
        }
    }
}
