package ai.mpnas.plugin.space;

import java.util.List;

/**
 * The values each decision of a searchable block may take.
 *
 * @param s the block on/off decision: 1 runs the block, 0 skips it (identity; offered only on
 *     blocks that keep their shape)
 * @param m the expansion ratios
 * @param k the depthwise kernel sizes
 * @param wbits the weight bit widths
 * @param abits the activation bit widths
 */
public record ChoiceSets(
        List<Integer> s,
        List<Integer> m,
        List<Integer> k,
        List<Integer> wbits,
        List<Integer> abits) {

    /**
     * Copies the lists so that a choice set is immutable.
     *
     * @param s the block on/off decisions
     * @param m the expansion ratios
     * @param k the depthwise kernel sizes
     * @param wbits the weight bit widths
     * @param abits the activation bit widths
     */
    public ChoiceSets {
        s = List.copyOf(s);
        m = List.copyOf(m);
        k = List.copyOf(k);
        wbits = List.copyOf(wbits);
        abits = List.copyOf(abits);
    }

    /**
     * Returns the size of the factorised decision space of one block: the product of the sizes of
     * the five sets (288 for the paper's space).
     *
     * @return the number of factorised choices per block
     */
    public long factorisedSize() {
        return (long) s.size() * m.size() * k.size() * wbits.size() * abits.size();
    }

    /**
     * Returns the largest expansion ratio.
     *
     * @return the largest m
     */
    public int maxM() {
        return m.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /**
     * Returns the largest depthwise kernel size.
     *
     * @return the largest k
     */
    public int maxK() {
        return k.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }
}
