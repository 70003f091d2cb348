package ai.mpnas.plugin.space;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The choice for one searchable block: either skip (identity) or an inverted-residual block with
 * expansion ratio {@code m}, depthwise kernel {@code k}, weight bits and activation bits. For a
 * skip, the other fields are 0.
 *
 * @param skip true for the identity (s = 0)
 * @param m the expansion ratio
 * @param k the depthwise kernel size
 * @param wbits the weight bits of the block's three convolutions
 * @param abits the bits of the block's ReLU6 activations
 */
public record BlockChoice(boolean skip, int m, int k, int wbits, int abits) {

    private static final Pattern CODE = Pattern.compile("e(\\d+)k(\\d+)w(\\d+)a(\\d+)");
    private static final BlockChoice SKIP = new BlockChoice(true, 0, 0, 0, 0);

    /**
     * Returns the skip (identity) choice.
     *
     * @return the skip choice
     */
    public static BlockChoice skipBlock() {
        return SKIP;
    }

    /**
     * Returns an inverted-residual choice.
     *
     * @param m the expansion ratio
     * @param k the depthwise kernel size
     * @param wbits the weight bits
     * @param abits the activation bits
     * @return the choice
     */
    public static BlockChoice of(int m, int k, int wbits, int abits) {
        return new BlockChoice(false, m, k, wbits, abits);
    }

    /**
     * Parses a compact code as written by {@link #code()}.
     *
     * @param code {@code skip} or e.g. {@code e6k5w4a8}
     * @return the choice
     * @throws IllegalArgumentException if the code is malformed
     */
    public static BlockChoice parse(String code) {
        if ("skip".equals(code)) {
            return SKIP;
        }
        Matcher matcher = CODE.matcher(code);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "block code '" + code + "': allowed: 'skip' or e<m>k<k>w<wbits>a<abits>");
        }
        return of(
                Integer.parseInt(matcher.group(1)),
                Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3)),
                Integer.parseInt(matcher.group(4)));
    }

    /**
     * Returns the compact readable code: {@code skip} or {@code e<m>k<k>w<wbits>a<abits>}.
     *
     * @return the code
     */
    public String code() {
        return skip ? "skip" : "e" + m + "k" + k + "w" + wbits + "a" + abits;
    }

    /**
     * Returns the key of the weights this choice uses: bit widths never get separate weights, so
     * choices that differ only in bits share the key.
     *
     * @return {@code skip} or {@code m<m>k<k>}
     */
    public String weightKey() {
        return skip ? "skip" : "m" + m + "k" + k;
    }
}
