package ai.mpnas.plugin.supernet;

import ai.djl.ndarray.NDArray;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.ChoiceSets;

/**
 * The sampled op of one searchable block for one step, and the straight-through weight its branch
 * is multiplied by ({@link SearchableBlock} says where).
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
     * Returns a sample whose gate is the product of per-decision gates (e.g. one straight-through
     * weight each for s, m, k, b1 and b2 of a factorised policy); no gates: no gate.
     *
     * @param choice the choice
     * @param gates scalar gates, multiplied together
     * @return the sample
     */
    public static BlockSample of(BlockChoice choice, NDArray... gates) {
        NDArray product = null;
        for (NDArray gate : gates) {
            product = product == null ? gate : product.mul(gate);
        }
        return new BlockSample(choice, product);
    }

    /**
     * Returns a sample from per-decision indices into a search space's choice sets, the form a
     * factorised policy samples in. With s = 0 (skip) the other indices are ignored.
     *
     * @param choices the choice sets
     * @param s the index into {@link ChoiceSets#s()}
     * @param m the index into {@link ChoiceSets#m()}
     * @param k the index into {@link ChoiceSets#k()}
     * @param wbits the index into {@link ChoiceSets#wbits()}
     * @param abits the index into {@link ChoiceSets#abits()}
     * @param gates scalar gates, multiplied together (see {@link #of(BlockChoice, NDArray...)})
     * @return the sample
     */
    public static BlockSample fromIndices(
            ChoiceSets choices, int s, int m, int k, int wbits, int abits, NDArray... gates) {
        BlockChoice choice =
                choices.s().get(s) == 0
                        ? BlockChoice.skipBlock()
                        : BlockChoice.of(
                                choices.m().get(m),
                                choices.k().get(k),
                                choices.wbits().get(wbits),
                                choices.abits().get(abits));
        return of(choice, gates);
    }
}
