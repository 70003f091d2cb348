package ai.mpnas.bitfusion;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The kinds of layer the Bit Fusion cost model prices, with their JSON names. */
public enum LayerType {
    /** A dense 2-D convolution (groups = 1). */
    CONV("conv"),
    /** A depthwise 2-D convolution (groups = Cin = Cout). */
    DWCONV("dwconv"),
    /** A fully connected layer (H = W = K = 1). */
    FC("fc");

    private final String jsonName;

    LayerType(String jsonName) {
        this.jsonName = jsonName;
    }

    /**
     * Returns the name used in JSON files.
     *
     * @return {@code conv}, {@code dwconv} or {@code fc}
     */
    public String jsonName() {
        return jsonName;
    }

    /**
     * Returns the type with the given JSON name.
     *
     * @param name the JSON name
     * @return the type
     * @throws IllegalArgumentException if the name is not one of {@link #allowedNames()}
     */
    public static LayerType fromJsonName(String name) {
        for (LayerType type : values()) {
            if (type.jsonName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException(
                "unknown layer type '" + name + "'; allowed: " + allowedNames());
    }

    /**
     * Returns the allowed JSON names, for error messages.
     *
     * @return the names separated by {@code |}
     */
    public static String allowedNames() {
        return Arrays.stream(values()).map(LayerType::jsonName).collect(Collectors.joining("|"));
    }
}
