package ai.mpnas.plugin.space;

import java.util.Locale;

/** The kind of a layer in the layer geometry of an architecture. */
public enum LayerType {
    /** A dense convolution (groups = 1). */
    CONV,
    /** A depthwise convolution (groups = channels). */
    DWCONV,
    /** A fully connected layer. */
    FC;

    /**
     * Returns the name used in JSON: {@code conv}, {@code dwconv} or {@code fc}.
     *
     * @return the JSON name
     */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
