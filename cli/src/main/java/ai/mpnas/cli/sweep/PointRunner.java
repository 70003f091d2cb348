package ai.mpnas.cli.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Runs one ordinary {@code mpnas} command line of a point to completion. */
@FunctionalInterface
public interface PointRunner {

    /**
     * Runs {@code mpnas <args>} and waits for it.
     *
     * @param args the arguments after {@code mpnas}
     * @param log the file its output is appended to
     * @return its exit code and what it printed
     * @throws IOException if it cannot be started
     * @throws InterruptedException if interrupted while waiting
     */
    Outcome run(List<String> args, Path log) throws IOException, InterruptedException;

    /**
     * How a command ended.
     *
     * @param exitCode the exit code (0: success)
     * @param output what it printed (stdout and stderr), for error messages
     */
    record Outcome(int exitCode, String output) {}
}
