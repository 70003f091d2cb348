package ai.mpnas.bitfusion;

/**
 * The statistics of one dense call under one (tiling, order): what the simulator's {@code
 * get_stats_fast} returns, plus the energy used as the search's tie-breaker.
 */
record TileCost(
        long totalCycles,
        long computeCycles,
        long stallCycles,
        AccessBits bits,
        EnergyBreakdown energy,
        Dataflow dataflow) {}
