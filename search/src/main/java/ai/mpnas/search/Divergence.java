package ai.mpnas.search;

import ai.mpnas.training.CheckpointStore;
import ai.mpnas.training.SearchDivergedException;
import java.io.IOException;
import java.nio.file.Path;

/** Stops a search whose loss is no longer finite, naming the last good checkpoint. */
final class Divergence {

    private Divergence() {}

    /**
     * Fails unless a loss is finite.
     *
     * @param loss the loss
     * @param which training or validation, for the message
     * @param step the 0-based step
     * @param store the checkpoints, to name the last good one
     * @throws SearchDivergedException if the loss is NaN or infinite
     */
    static void check(float loss, String which, long step, CheckpointStore store)
            throws IOException {
        if (!Float.isFinite(loss)) {
            String last =
                    store.latest().map(Path::toString).orElse("none (no checkpoint was written)");
            throw new SearchDivergedException(
                    which
                            + " loss became "
                            + loss
                            + " at step "
                            + (step + 1)
                            + "; the last good checkpoint is "
                            + last
                            + " (lower the learning rate and resume)");
        }
    }
}
