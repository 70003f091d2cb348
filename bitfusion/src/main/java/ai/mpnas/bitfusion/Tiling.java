package ai.mpnas.bitfusion;

/**
 * A tiling of the five loops: tile size and tile count of batch, output (square: OW = OH), input
 * channels and output channels. Every tile is charged as a full tile ({@code docs/bitfusion.md},
 * section "Tiling search").
 *
 * @param batchTile b
 * @param batchCount ceil(B / b)
 * @param outTile ow = oh
 * @param outCount ceil(O / ow), for OW and for OH
 * @param icTile ic
 * @param icCount ceil(IC / ic)
 * @param ocTile oc
 * @param ocCount ceil(OC / oc)
 */
public record Tiling(
        int batchTile,
        int batchCount,
        int outTile,
        int outCount,
        int icTile,
        int icCount,
        int ocTile,
        int ocCount) {

    /**
     * Returns the tile size of a loop.
     *
     * @param loop the loop
     * @return its tile size
     */
    public int size(Loop loop) {
        return switch (loop) {
            case B -> batchTile;
            case OW, OH -> outTile;
            case IC -> icTile;
            case OC -> ocTile;
        };
    }

    /**
     * Returns the tile count of a loop.
     *
     * @param loop the loop
     * @return its count
     */
    public int count(Loop loop) {
        return switch (loop) {
            case B -> batchCount;
            case OW, OH -> outCount;
            case IC -> icCount;
            case OC -> ocCount;
        };
    }

    /**
     * Returns T, the number of tiles.
     *
     * @return num_b * num_ow * num_oh * num_ic * num_oc
     */
    public long tiles() {
        return (long) batchCount * outCount * outCount * icCount * ocCount;
    }
}
