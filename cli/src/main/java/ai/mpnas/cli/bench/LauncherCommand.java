package ai.mpnas.cli.bench;

import ai.mpnas.cli.Main;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The java command line the {@code ./mpnas} launcher runs for some mpnas arguments, asked from the
 * launcher itself: with {@code MPNAS_PRINT_JAVA_COMMAND=1} it prints that command (each argument
 * ended by a NUL) instead of running it. A benchmark that starts its JVMs with it starts them as
 * users' JVMs start: the same flags, the same classpath snapshot.
 */
final class LauncherCommand {

    /** The launcher's switch that prints the command instead of running it. */
    static final String PRINT = "MPNAS_PRINT_JAVA_COMMAND";

    /** The launcher's switch that leaves out its start-up flags when {@code 0}. */
    static final String FAST_START = "MPNAS_FAST_START";

    private static final String MAIN = Main.class.getName();

    private final List<String> command;
    private final int mainIndex;

    private LauncherCommand(List<String> command, int mainIndex) {
        this.command = List.copyOf(command);
        this.mainIndex = mainIndex;
    }

    /**
     * Asks a launcher for its command line. The launcher runs with this JVM's environment, changed
     * by {@code env} (a null value removes a variable); what it prints on stderr (a build, say)
     * goes to this JVM's stderr.
     *
     * @param launcher the {@code mpnas} script
     * @param env variables to set or, mapped to null, to remove
     * @param args the mpnas arguments
     * @return the command
     * @throws IOException if the launcher cannot be run
     * @throws InterruptedException if interrupted while it runs
     * @throws IllegalStateException if it fails or prints no java command of mpnas
     */
    static LauncherCommand ask(Path launcher, Map<String, String> env, List<String> args)
            throws IOException, InterruptedException {
        List<String> call = new ArrayList<>();
        call.add(launcher.toString());
        call.addAll(args);
        ProcessBuilder builder =
                new ProcessBuilder(call).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put(PRINT, "1");
        env.forEach(
                (name, value) -> {
                    if (value == null) {
                        builder.environment().remove(name);
                    } else {
                        builder.environment().put(name, value);
                    }
                });
        Process process = builder.start();
        byte[] printed;
        try (InputStream out = process.getInputStream()) {
            printed = out.readAllBytes();
        }
        int code = process.waitFor();
        if (code != 0) {
            throw new IllegalStateException(launcher + " exited with " + code);
        }
        return parse(new String(printed, StandardCharsets.UTF_8), launcher);
    }

    /**
     * Reads a printed command: arguments each ended by a NUL, the mpnas main class among them.
     *
     * @param printed what the launcher printed
     * @param launcher the launcher, for the error message
     * @return the command
     * @throws IllegalStateException if it is not a java command of mpnas
     */
    static LauncherCommand parse(String printed, Path launcher) {
        List<String> command = Arrays.asList(printed.split("\0"));
        int main = command.indexOf(MAIN);
        if (!printed.endsWith("\0") || main < 1) {
            throw new IllegalStateException(
                    launcher + " printed no java command of " + MAIN + " (with " + PRINT
                            + "=1): '" + printed.replace('\0', ' ').strip() + "'");
        }
        return new LauncherCommand(command, main);
    }

    /**
     * Returns the whole command.
     *
     * @return java, its options, the main class and the mpnas arguments
     */
    List<String> command() {
        return command;
    }

    /**
     * Returns the same JVM with other mpnas arguments.
     *
     * @param args the mpnas arguments
     * @return the command
     */
    List<String> withArguments(List<String> args) {
        List<String> other = new ArrayList<>(command.subList(0, mainIndex + 1));
        other.addAll(args);
        return other;
    }

    /**
     * Returns the JVM's options, without the classpath.
     *
     * @return the arguments between java and the main class, but {@code -cp} and its value
     */
    List<String> jvmOptions() {
        List<String> options = new ArrayList<>();
        for (int i = 1; i < mainIndex; i++) {
            String option = command.get(i);
            if (option.equals("-cp") || option.equals("-classpath")) {
                i++;
            } else {
                options.add(option);
            }
        }
        return options;
    }
}
