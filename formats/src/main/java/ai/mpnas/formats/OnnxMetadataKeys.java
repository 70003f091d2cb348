package ai.mpnas.formats;

import java.util.List;

/**
 * The keys of the exported model's {@code metadata_props}: the provenance that travels with the
 * model. Names are stable; every value is a string, JSON where noted. The exporter writes them;
 * the zoo's model card and {@code mpnas predict} read them.
 */
public final class OnnxMetadataKeys {

    /** The architecture JSON ({@code mpnas/architecture@1}, with its code and layer geometry). */
    public static final String ARCHITECTURE = "mpnas.architecture";

    /**
     * JSON array, one object per convolution or fully connected layer in network order: {@code
     * name} (e.g. {@code block3.expand}), {@code layer_type} ({@code conv}, {@code dwconv}, {@code
     * fc}), {@code h}, {@code w}, {@code cin}, {@code cout}, {@code k}, {@code stride}, {@code
     * padding}, {@code groups}, {@code wbits}, {@code abits} (input activation bits), {@code
     * onnx_node}, {@code weight_type} ({@code int8}, {@code int4} or {@code float}), {@code
     * weight_bytes}, and {@code weight_scale} ({@code min}, {@code max}, {@code mean} of the
     * per-channel quantizer scales before BatchNorm folding).
     */
    public static final String LAYERS = "mpnas.layers";

    /**
     * JSON: {@code energy_nJ}, {@code latency_cycles}, {@code latency_ms}, {@code depthwise},
     * {@code batch}; absent when the cost is unknown.
     */
    public static final String COST = "mpnas.cost";

    /** JSON: {@code top1} (null when unknown) and {@code dataset}. */
    public static final String ACCURACY = "mpnas.accuracy";

    /**
     * JSON: how pixels become the model input: {@code input = pixel * scale} per channel, then
     * {@code (input - mean[c]) / std[c]}; {@code mean} and {@code std} are 0 and 1 because the
     * training normalisation is inside the graph ({@code in_graph} holds it), plus {@code layout}
     * ({@code NCHW}), {@code channels}, {@code height}, {@code width}.
     */
    public static final String PREPROCESS = "mpnas.preprocess";

    /** The search space JSON ({@code mpnas/search-space@1}). */
    public static final String SEARCH_SPACE = "mpnas.search_space";

    /** JSON: the Bit Fusion configuration the cost was computed with (model, depthwise, ...). */
    public static final String BITFUSION = "mpnas.bitfusion";

    /** The class names in output order, JSON array. */
    public static final String CLASSES = "mpnas.classes";

    /** {@code quantized} (integer weights, quantized activations) or {@code float}. */
    public static final String PRECISION = "mpnas.precision";

    /** The mpnas version that wrote the model. */
    public static final String VERSION = "mpnas.version";

    /** Every key, in the order they are written. */
    public static final List<String> ALL =
            List.of(
                    ARCHITECTURE,
                    LAYERS,
                    COST,
                    ACCURACY,
                    PREPROCESS,
                    SEARCH_SPACE,
                    BITFUSION,
                    CLASSES,
                    PRECISION,
                    VERSION);

    private OnnxMetadataKeys() {}
}
