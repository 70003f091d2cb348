package ai.mpnas.export;

import ai.djl.Model;
import ai.mpnas.plugin.nn.FixedNetwork;
import ai.mpnas.plugin.space.Architecture;
import java.nio.file.Path;

/**
 * A trained run loaded from its directory: the architecture, the DJL model holding the trained
 * {@link FixedNetwork}, the provenance, and where the dataset is (when the run recorded it).
 * Closing it closes the model.
 *
 * @param directory the run directory
 * @param architecture the architecture
 * @param model the DJL model whose block is the network
 * @param provenance the provenance for the export
 * @param datasetDir the dataset directory from metrics.json, or null
 */
public record TrainedRun(
        Path directory,
        Architecture architecture,
        Model model,
        Provenance provenance,
        Path datasetDir)
        implements AutoCloseable {

    /**
     * Returns the trained network.
     *
     * @return the network
     */
    public FixedNetwork network() {
        return (FixedNetwork) model.getBlock();
    }

    /** Closes the model. */
    @Override
    public void close() {
        model.close();
    }
}
