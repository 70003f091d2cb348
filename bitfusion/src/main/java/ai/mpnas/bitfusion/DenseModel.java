package ai.mpnas.bitfusion;

/**
 * A dense cost function: the cost of one dense call under a given tiling and loop order, plus a
 * fast incremental evaluator of the same function for the tiling search.
 */
interface DenseModel {

    /** Returns the accelerator this model prices on. */
    AcceleratorConfig config();

    /**
     * Returns the cost of a call under a tiling and loop order, computed step by step as the
     * model's definition reads, or null if a tile does not fit its buffer.
     */
    TileCost evaluate(DenseCall call, Tiling tiling, LoopOrder order);

    /** Returns the cost of a call repeated n times (depthwise decompositions). */
    TileCost repeat(TileCost cost, long n);

    /** Returns a new evaluator for one call; not thread-safe. */
    FastEvaluator fastEvaluator(DenseCall call);

    /**
     * Evaluates candidates of one call cheaply: {@link #setTile} prepares everything that does not
     * depend on the loop order, then {@link #cycles} and {@link #energy} price one order class.
     * Must agree exactly (cycles and energy bits) with {@link DenseModel#evaluate}.
     */
    abstract class FastEvaluator {
        /**
         * Prepares a candidate tile; returns false if it does not fit. Counts are per loop ordinal
         * (B, OW, OH, IC, OC).
         */
        abstract boolean setTile(int b, int o, int ic, int oc, long[] counts);

        /** A proven lower bound on the total cycles of the current tile under any order. */
        abstract long cyclesLowerBound();

        /**
         * Total cycles of the current tile for an order given by its active loops, innermost first.
         */
        abstract long cycles(int[] activeInnerFirst);

        /** Total energy of the order last passed to {@link #cycles}. */
        abstract double energy();
    }
}
