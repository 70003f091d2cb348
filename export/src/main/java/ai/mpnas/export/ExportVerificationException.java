package ai.mpnas.export;

/** Thrown when an exported model computes different numbers from the network it came from. */
public class ExportVerificationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The comparison that failed (not serialised). */
    private final transient VerificationReport report;

    /**
     * Creates the exception.
     *
     * @param report the comparison that failed
     */
    public ExportVerificationException(VerificationReport report) {
        super("ONNX export disagrees with the DJL forward: " + report.summary());
        this.report = report;
    }

    /**
     * Returns the comparison that failed.
     *
     * @return the report
     */
    public VerificationReport getReport() {
        return report;
    }
}
