package ai.mpnas.bitfusion;

import java.util.Locale;

/**
 * Which precision mode a layer runs in. Bit Fusion composes its 2-bit bricks at run time, so data
 * of b bits can always run in a mode of more bits; the modes it offers are the multiples of the
 * brick width up to pmax ({@link AcceleratorConfig#supportedWidths()}, {2, 4, 6, 8} on the paper's
 * accelerator). See {@code docs/bitfusion.md}, section "Precision modes".
 */
public enum BitModes {
    /**
     * The cheapest mode that holds the operands: a layer with w weight bits and a activation bits
     * is priced, as a whole, in a supported mode (w', a') with w' &gt;= w and a' &gt;= a: the one
     * of least energy among those that cost no more energy and no more cycles than the modes the
     * same layer takes with wider operands. Fewer bits then never cost more, in either.
     */
    CHEAPEST,
    /** The layer is priced at the bits it declares, as the original simulator does. */
    EXACT;

    /**
     * Returns the lower-case name used in files and on the command line.
     *
     * @return {@code cheapest} or {@code exact}
     */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a name, ignoring case.
     *
     * @param name {@code cheapest} or {@code exact}
     * @return the modes
     * @throws IllegalArgumentException for any other name
     */
    public static BitModes fromJsonName(String name) {
        for (BitModes modes : values()) {
            if (modes.jsonName().equalsIgnoreCase(name)) {
                return modes;
            }
        }
        throw new IllegalArgumentException(
                "unknown bit modes '" + name + "'; allowed: cheapest|exact");
    }
}
