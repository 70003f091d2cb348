package ai.mpnas.bitfusion;

/**
 * How a layer was mapped: the dense call that was priced, how many times it repeats, and the
 * winning tiling, loop order and inner dataflow of that call.
 *
 * @param call the dense call (for depthwise layers, the per-channel or per-group call)
 * @param repeat how many times the call's cost is counted (1, C, or ceil(C/G))
 * @param tiling the winning tiling
 * @param order the winning loop order (the first order, in the simulator's iteration order, that
 *     reaches the optimum)
 * @param dataflow the inner SRAM dataflow of the winning tile
 */
public record Mapping(
        DenseCall call, long repeat, Tiling tiling, LoopOrder order, Dataflow dataflow) {}
