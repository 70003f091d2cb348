package ai.mpnas.search;

import ai.mpnas.plugin.space.Architecture;
import java.nio.file.Path;

/**
 * What a search found.
 *
 * @param runDirectory the run directory holding {@code architecture.json} and the rest
 * @param architecture the derived architecture
 * @param energyNj its Bit Fusion energy
 * @param latencyCycles its Bit Fusion latency
 * @param budget the resolved budget, in the unit of the constrained metric
 * @param referenceCost the cost of the uniform 8-bit reference network under that metric
 * @param repairs how many block changes the budget repair made
 */
public record SearchResult(
        Path runDirectory,
        Architecture architecture,
        double energyNj,
        double latencyCycles,
        double budget,
        double referenceCost,
        int repairs) {}
