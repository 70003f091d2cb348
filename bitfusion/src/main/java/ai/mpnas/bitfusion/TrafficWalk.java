package ai.mpnas.bitfusion;

import static ai.mpnas.bitfusion.Arith.mul;

import java.util.List;

/**
 * The promotion walk of both dense models ({@code docs/bitfusion.md}, section "Traffic"): from the
 * innermost loop outwards, a buffer whose data a loop indexes grows by that loop's count while its
 * check footprint still fits the buffer; once it does not, its traffic is multiplied by the count
 * of every loop outside, indexing or not.
 *
 * <p>The two models differ only in their tile footprints ({@link TileFootprints}), and there only in
 * the one the capacity check grows: the original checks the traffic footprint itself, the apq
 * model a padded one (section "The apq model").
 *
 * <p>A walk keeps its tile and its results until the next; use it for one call and one thread.
 */
final class TrafficWalk {

    /** Operand index of activations. */
    static final int ACT = 0;

    /** Operand index of weights. */
    static final int WGT = 1;

    /** Operand index of outputs. */
    static final int OUT = 2;

    private static final int OPERANDS = 3;

    /** Per operand, bit l set if the loop of ordinal l indexes that operand's data. */
    private static final int[] INDEXED_BY = indexedBy();

    /**
     * The footprints of one tile per operand (ACT, WGT, OUT), bits.
     *
     * @param traffic what one tile moves
     * @param check what the capacity check compares; the same array as traffic when they agree
     */
    record Footprints(long[] traffic, long[] check) {}

    /** A model's footprints of one tile of a call. */
    @FunctionalInterface
    interface TileFootprints {
        /**
         * Returns the footprints of a tile of b images, o x o outputs, ic input and oc output
         * channels.
         */
        Footprints of(DenseCall call, long b, long o, long ic, long oc);
    }

    private final DenseCall call;
    private final TileFootprints footprints;
    private final long[] capacity;
    private final long[] traffic = new long[OPERANDS];
    private final long[] max = new long[OPERANDS];
    private Footprints tile;

    /** A walk of one call's tiles, with a model's footprints, against an accelerator's buffers. */
    TrafficWalk(AcceleratorConfig config, DenseCall call, TileFootprints footprints) {
        this.call = call;
        this.footprints = footprints;
        capacity =
                new long[] {
                    config.actCapacityBits(), config.wgtCapacityBits(), config.outCapacityBits()
                };
    }

    private static int[] indexedBy() {
        int[] masks = new int[OPERANDS];
        for (Loop loop : Loop.values()) {
            int bit = 1 << loop.ordinal();
            masks[ACT] |= loop.indexesAct() ? bit : 0;
            masks[WGT] |= loop.indexesWgt() ? bit : 0;
            masks[OUT] |= loop.indexesOut() ? bit : 0;
        }
        return masks;
    }

    /** Sets the tile of a tiling; see {@link #setTile(long, long, long, long)}. */
    boolean setTile(Tiling tiling) {
        return setTile(tiling.batchTile(), tiling.outTile(), tiling.icTile(), tiling.ocTile());
    }

    /**
     * Sets the tile to walk: b images, o x o outputs, ic input and oc output channels.
     *
     * @return whether its check footprint fits every buffer; if not, it must not be walked
     */
    boolean setTile(long b, long o, long ic, long oc) {
        tile = footprints.of(call, b, o, ic, oc);
        long[] check = tile.check();
        return check[ACT] <= capacity[ACT]
                && check[WGT] <= capacity[WGT]
                && check[OUT] <= capacity[OUT];
    }

    /** Returns the current tile's traffic footprint of an operand, bits. */
    long tileTraffic(int operand) {
        return tile.traffic()[operand];
    }

    /** Walks the current tile's loops in a loop order; see {@link #walk(long[], int[])}. */
    void walk(Tiling tiling, LoopOrder order) {
        List<Loop> loops = order.outerToInner();
        int[] innerFirst = new int[loops.size()];
        long[] counts = new long[Loop.values().length];
        for (int i = 0; i < innerFirst.length; i++) {
            Loop loop = loops.get(loops.size() - 1 - i);
            innerFirst[i] = loop.ordinal();
            counts[loop.ordinal()] = tiling.count(loop);
        }
        walk(counts, innerFirst);
    }

    /**
     * Walks the loops of the current tile, which must fit ({@link #setTile}).
     *
     * @param counts tile counts per loop ordinal (B, OW, OH, IC, OC)
     * @param loopsInnerFirst loop ordinals, innermost first; loops of count 1 may be left out
     */
    void walk(long[] counts, int[] loopsInnerFirst) {
        // Operands do not interact, so each is walked on its own, in locals: the tiling search
        // runs this for every candidate tile and class of loop orders.
        for (int x = 0; x < OPERANDS; x++) {
            long volume = tile.traffic()[x];
            long checked = tile.check()[x];
            long filled = volume;
            boolean promoted = true;
            int indexedBy = INDEXED_BY[x];
            long fits = capacity[x];
            for (int l : loopsInnerFirst) {
                long n = counts[l];
                if (!promoted) {
                    volume = mul(volume, n);
                } else if ((indexedBy & (1 << l)) != 0) {
                    volume = mul(volume, n);
                    checked = mul(checked, n);
                    if (checked > fits) {
                        promoted = false;
                    } else {
                        filled = volume;
                    }
                }
            }
            traffic[x] = volume;
            max[x] = filled;
        }
    }

    /** Returns an operand's DRAM traffic over the whole call, bits. */
    long traffic(int operand) {
        return traffic[operand];
    }

    /** Returns an operand's traffic footprint when it was last promoted: its buffer's fill, bits. */
    long max(int operand) {
        return max[operand];
    }
}
