package ai.mpnas.cli.sweep;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs each command in a child JVM on this JVM's classpath, with the same environment, heap limit,
 * crash-report location and system properties: a native crash (MXNet) ends the child, not the
 * sweep, and one child runs at a time.
 */
public final class ChildJvmRunner implements PointRunner {

    private final List<String> jvm;

    /** Creates a runner that starts children like this JVM was started. */
    public ChildJvmRunner() {
        jvm = new ArrayList<>();
        jvm.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // heap, crash reports and properties (-Doffline=true); not agents or debuggers
            if (arg.startsWith("-Xmx") || arg.startsWith("-XX:ErrorFile") || arg.startsWith("-D")) {
                jvm.add(arg);
            }
        }
        jvm.add("-cp");
        jvm.add(System.getProperty("java.class.path"));
        jvm.add(FencedMain.class.getName());
    }

    /** {@inheritDoc} */
    @Override
    public Outcome run(List<String> args, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(jvm);
        command.addAll(args);
        long start = Files.exists(log) ? Files.size(log) : 0;
        Process child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE) // held open: see FencedMain
                .start();
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
}
