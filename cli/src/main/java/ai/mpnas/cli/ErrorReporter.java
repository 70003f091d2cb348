package ai.mpnas.cli;

import ai.mpnas.bitfusion.LayerCostException;
import ai.mpnas.formats.JsonErrors;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Turns exceptions into one-line messages and exit codes: users read a sentence that names the
 * input, not a stack trace ({@code MPNAS_DEBUG=1} shows the trace).
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    /** {@inheritDoc} */
    @Override
    public int handleExecutionException(
            Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        Throwable cause = ex instanceof UncheckedIOException ? ex.getCause() : ex;
        if (System.getenv("MPNAS_DEBUG") != null) {
            ex.printStackTrace(cmd.getErr());
        }
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        if (cause instanceof NoSuchFileException) {
            message = "no such file: " + message;
        }
        if (cause instanceof JsonProcessingException json) {
            // JSON a command read without naming the file (Jackson no longer keeps it): at least
            // drop the "[Source: REDACTED ...]" part; readers of user files name it themselves
            message = JsonErrors.problem(json);
        }
        cmd.getErr().println("mpnas " + cmd.getCommandName() + ": " + firstLine(message));
        return isBadInput(cause) ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
    }

    private static boolean isBadInput(Throwable t) {
        return t instanceof IllegalArgumentException
                || t instanceof LayerCostException
                || t instanceof NoSuchFileException
                || t instanceof JsonProcessingException
                || t instanceof CommandLine.ParameterException;
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
