package ai.mpnas.cli;

import ai.mpnas.bitfusion.AcceleratorConfig;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one rule for a bit width given on the command line: one of the widths Bit Fusion runs at
 * full speed, multiples of its BitBrick width up to its Fusion Unit width ({2, 4, 6, 8} on the
 * paper's accelerator), which are also the widths the search space offers. Every bits option
 * checks through here so that each says the same thing.
 */
public final class BitWidths {

    /** The allowed widths, from the accelerator every command prices on by default. */
    public static final List<Integer> ALLOWED = AcceleratorConfig.bitFusion45nm().supportedWidths();

    private BitWidths() {}

    /**
     * Checks a width given on the command line.
     *
     * @param option the option, e.g. {@code --bits}
     * @param bits the width given
     * @return the width
     * @throws IllegalArgumentException naming the option, the value and the allowed widths
     */
    public static int check(String option, int bits) {
        if (!ALLOWED.contains(bits)) {
            throw new IllegalArgumentException(option + " " + bits + ": allowed " + allowed()
                    + " (the widths of the search space and of Bit Fusion)");
        }
        return bits;
    }

    /**
     * Returns the allowed widths in words.
     *
     * @return e.g. {@code 2, 4, 6, 8}
     */
    public static String allowed() {
        return ALLOWED.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
