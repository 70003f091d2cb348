package ai.mpnas.bitfusion;

import java.util.Locale;

/** Which dense cost model prices a convolution. */
public enum CostModelKind {
    /**
     * The faithful port of the original simulator (hsharma35/bitfusion; {@code docs/bitfusion.md}).
     */
    ORIGINAL,
    /**
     * The modified dense model behind APQ's published Bit Fusion lookup table ({@code
     * docs/bitfusion.md}, section "The apq model").
     */
    APQ;

    /**
     * Returns the lower-case name used in files and on the command line.
     *
     * @return {@code original} or {@code apq}
     */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a lower- or upper-case name.
     *
     * @param name {@code original} or {@code apq}
     * @return the kind
     * @throws IllegalArgumentException for any other name
     */
    public static CostModelKind fromJsonName(String name) {
        for (CostModelKind kind : values()) {
            if (kind.jsonName().equalsIgnoreCase(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "unknown cost model '" + name + "'; allowed: original|apq");
    }
}
