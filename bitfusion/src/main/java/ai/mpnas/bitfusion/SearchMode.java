package ai.mpnas.bitfusion;

/** How the tiling search visits candidates. Both modes choose exactly the same mapping. */
public enum SearchMode {
    /**
     * The fast search: each candidate tile is priced once per class of equivalent loop orders, and
     * candidates whose proven cycle lower bound exceeds the best found are skipped.
     */
    PRUNED,
    /**
     * The reference search: every one of the 120 loop orders and every candidate tile is priced
     * step by step, exactly as the simulator loops. For verification and benchmark baselines.
     */
    EXHAUSTIVE
}
