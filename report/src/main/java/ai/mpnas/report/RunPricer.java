package ai.mpnas.report;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Prices a run directory's network on Bit Fusion for its report, the way the run was priced (its
 * {@code architecture.json}'s {@code bitfusion} section). The CLI implements it with the search's
 * cost model; the report module itself runs none.
 */
@FunctionalInterface
public interface RunPricer {

    /**
     * Prices the found network, the 8-bit reference network and the uniform networks.
     *
     * @param run the run directory
     * @return the energies
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException if the run cannot be priced (e.g. an architecture file
     *     older than the search space it needs), with a message that says why
     */
    RunEnergies price(Path run) throws IOException;
}
