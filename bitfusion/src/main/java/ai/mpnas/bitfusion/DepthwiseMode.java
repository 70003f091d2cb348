package ai.mpnas.bitfusion;

import java.util.Locale;

/**
 * How a depthwise convolution is mapped onto the dense array. The original simulator has no
 * depthwise support at all ({@code docs/bitfusion.md}, section "Depthwise mappings"), so every
 * mode is a decomposition into dense calls.
 */
public enum DepthwiseMode {
    /**
     * C independent single-channel convolutions (IC = OC = 1), statistics multiplied by C: the
     * reference's model A (model C when the layer sets im2col).
     */
    DECOMPOSED,
    /** The dense C x C convolution as it is (C times the real MACs): the reference's model B. */
    DENSE,
    /**
     * ceil(C / G) dense G x G convolutions with G = min(8 * pf(a, w), M): APQ's mapping,
     * capped at the array's M columns.
     */
    GROUPED;

    /**
     * Returns the lower-case name used in files and on the command line.
     *
     * @return {@code decomposed}, {@code dense} or {@code grouped}
     */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a name, ignoring case.
     *
     * @param name {@code decomposed}, {@code dense} or {@code grouped}
     * @return the mode
     * @throws IllegalArgumentException for any other name
     */
    public static DepthwiseMode fromJsonName(String name) {
        for (DepthwiseMode mode : values()) {
            if (mode.jsonName().equalsIgnoreCase(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(
                "unknown depthwise mode '" + name + "'; allowed: decomposed|dense|grouped");
    }
}
