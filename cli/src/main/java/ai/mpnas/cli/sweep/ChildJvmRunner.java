package ai.mpnas.cli.sweep;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs each command in a child JVM, by default on this JVM's classpath with the same heap limit,
 * crash-report location and system properties: a native crash (MXNet) ends the child, not the
 * sweep. {@link #run} waits for its child and keeps no state, so several threads (Spark tasks in
 * one executor) may share a runner.
 *
 * <p>The runner is serializable and resolves {@code java} where it runs, so a Spark driver can
 * build it once (with the classpath of the {@code mpnas} command line, which must not be Spark's)
 * and ship it to every executor.
 */
public final class ChildJvmRunner implements PointRunner, Serializable {

    /**
     * The environment variable with the classpath of the {@code mpnas} command line, where a JVM
     * that runs points is not on it (a Spark driver: README, Sweeps on Apache Spark).
     */
    public static final String CLASSPATH_VARIABLE = "MPNAS_CLASSPATH";

    private static final long serialVersionUID = 1L;

    private final List<String> jvmOptions;
    private final String classpath;
    private final Map<String, String> environment;

    /** Creates a runner that starts children like this JVM was started. */
    public ChildJvmRunner() {
        this(builder());
    }

    private ChildJvmRunner(Builder b) {
        List<String> options = new ArrayList<>(b.jvmOptions);
        Map<String, String> env = new LinkedHashMap<>(b.environment);
        if (b.threads > 0) {
            options.removeIf(o -> o.startsWith("-XX:ActiveProcessorCount="));
            options.add("-XX:ActiveProcessorCount=" + b.threads);
            env.put("OMP_NUM_THREADS", Integer.toString(b.threads));
        }
        jvmOptions = List.copyOf(options);
        classpath = b.classpath;
        environment = Map.copyOf(env);
    }

    /**
     * Returns a builder whose defaults are this JVM's options and classpath.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the options of this JVM that its children inherit: heap, crash reports and system
     * properties ({@code -Doffline=true}); not agents or debuggers.
     *
     * @return the options, in the order given
     */
    public static List<String> thisJvmOptions() {
        List<String> options = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-Xmx") || arg.startsWith("-XX:ErrorFile") || arg.startsWith("-D")) {
                options.add(arg);
            }
        }
        return options;
    }

    /**
     * Returns the full command line of a child, {@code java} being the running JVM's.
     *
     * @param args the arguments after {@code mpnas}
     * @return the command line
     */
    public List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(FencedMain.class.getName());
        command.addAll(args);
        return command;
    }

    /**
     * Returns the environment variables a child gets on top of this process's.
     *
     * @return the variables
     */
    public Map<String, String> environment() {
        return environment;
    }

    /** {@inheritDoc} */
    @Override
    public Outcome run(List<String> args, Path log) throws IOException, InterruptedException {
        long start = Files.exists(log) ? Files.size(log) : 0;
        ProcessBuilder builder = new ProcessBuilder(command(args))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE); // held open: see FencedMain
        builder.environment().putAll(environment);
        Process child = builder.start();
        try {
            int code = child.waitFor();
            return new Outcome(code, readFrom(log, start));
        } finally {
            child.destroyForcibly(); // only if this thread was interrupted while it ran
            child.getOutputStream().close();
        }
    }

    private static String readFrom(Path log, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(offset, f.length() - 64 * 1024); // the end says why it failed
            byte[] bytes = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Builds a {@link ChildJvmRunner}. */
    public static final class Builder {
        private List<String> jvmOptions = thisJvmOptions();
        private String classpath = System.getProperty("java.class.path");
        private final Map<String, String> environment = new LinkedHashMap<>();
        private int threads;

        private Builder() {}

        /**
         * Sets the children's classpath; default this JVM's.
         *
         * @param classpath the classpath of the {@code mpnas} command line
         * @return this builder
         */
        public Builder optClasspath(String classpath) {
            this.classpath = classpath;
            return this;
        }

        /**
         * Sets the children's JVM options; default {@link #thisJvmOptions()}.
         *
         * @param options the options
         * @return this builder
         */
        public Builder optJvmOptions(List<String> options) {
            this.jvmOptions = new ArrayList<>(options);
            return this;
        }

        /**
         * Limits each child to {@code threads} cores: MXNet's OpenMP threads and the JVM's own
         * count of processors (its parallel streams and fork-join pool), so that several children
         * side by side (Spark tasks) do not oversubscribe the machine. Unset, a child uses what
         * its environment says (the launcher: every core).
         *
         * @param threads the cores of one child, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code threads < 1}
         */
        public Builder optThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads " + threads + ": allowed 1 or more");
            }
            this.threads = threads;
            return this;
        }

        /**
         * Adds an environment variable of every child.
         *
         * @param name the variable
         * @param value its value
         * @return this builder
         */
        public Builder optEnvironment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /**
         * Builds the runner.
         *
         * @return the runner
         * @throws IllegalStateException if the classpath is empty
         */
        public ChildJvmRunner build() {
            if (classpath == null || classpath.isBlank()) {
                throw new IllegalStateException("ChildJvmRunner needs the classpath of mpnas");
            }
            return new ChildJvmRunner(this);
        }
    }
}
