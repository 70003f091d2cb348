package ai.mpnas.plugin.supernet;

import ai.djl.ndarray.NDArray;
import ai.mpnas.plugin.space.BlockChoice;

/**
 * The sampled op of one searchable block for one step, and the straight-through weight its output
 * is multiplied by.
 *
 * <p>The gate carries the gradient to the architecture logits: with the straight-through
 * Gumbel-softmax trick it is 1 in value (e.g. {@code hard - stopGradient(soft) + soft} taken at the
 * sampled index, or the product of such scalars over the block's decisions) and its gradient is the
 * pathwise derivative of the loss with respect to the op's weight. A null gate runs the op without
 * any weight (no gradient to theta).
 *
 * @param choice the sampled choice
 * @param gate a scalar (any shape with one element) or null
 */
public record BlockSample(BlockChoice choice, NDArray gate) {

    /**
     * Returns a sample without gate.
     *
     * @param choice the choice
     * @return the sample
     */
    public static BlockSample of(BlockChoice choice) {
        return new BlockSample(choice, null);
    }
}
