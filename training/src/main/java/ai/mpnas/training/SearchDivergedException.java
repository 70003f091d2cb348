package ai.mpnas.training;

/**
 * The search or a training from scratch stopped because a loss became NaN or infinite; the last
 * good checkpoint is kept.
 */
public class SearchDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what diverged, at which step, and where the last good checkpoint is
     */
    public SearchDivergedException(String message) {
        super(message);
    }
}
