package ai.mpnas.cli;

import picocli.CommandLine;

/** Entry point of the {@code mpnas} command line (run through the {@code ./mpnas} launcher). */
public final class Main {

    private Main() {}

    /**
     * Runs the command line and exits with its exit code.
     *
     * @param args the command-line arguments
     */
    public static void main(String[] args) {
        CommandLine cmd = newCommandLine();
        int code = cmd.execute(args);
        // picocli's writers flush on println only; a table printed with print must not be lost
        cmd.getOut().flush();
        cmd.getErr().flush();
        System.exit(code);
    }

    /**
     * Builds the configured {@link CommandLine}: subcommands, exit codes and error reporting.
     *
     * @return the command line, ready to execute
     */
    public static CommandLine newCommandLine() {
        // with two engines on the classpath DJL's default would depend on the jars' order: MXNet,
        // which the stack pins, unless the user chose (ai.djl.default_engine, DJL_DEFAULT_ENGINE)
        if (System.getProperty("ai.djl.default_engine") == null
                && System.getenv("DJL_DEFAULT_ENGINE") == null) {
            System.setProperty("ai.djl.default_engine", EngineOptions.DEFAULT_ENGINE);
        }
        CommandLine cmd = new CommandLine(new MpnasCommand());
        cmd.setExecutionExceptionHandler(new ErrorReporter());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        return cmd;
    }
}
