package ai.mpnas.cli;

/** The exit codes of {@code mpnas}, documented in the README. */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;

    /** A failure while running (I/O, engine, interrupted work). */
    public static final int FAILURE = 1;

    /** Bad input: a wrong option, or a file whose content is invalid. */
    public static final int BAD_INPUT = 2;

    /** A query found nothing that satisfies it (e.g. no model within an energy budget). */
    public static final int NOT_FOUND = 3;

    private ExitCodes() {}
}
