package ai.mpnas.bitfusion;

import ai.mpnas.formats.AtomicFiles;
import ai.mpnas.formats.JsonErrors;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes layers files: a JSON array of layer objects with the reference field names
 * {@code layer_type, H, W, Cin, Cout, K, stride, padding, groups, wbits, abits}, an optional
 * {@code batch} (default: the reader's, 1 unless given) and an optional {@code im2col} (default
 * false). Objects copied whole from reference cases, and the {@code layers} of an {@code
 * architecture.json} (which name each layer and leave the batch to the pricing), are accepted: their
 * descriptive keys ({@link #IGNORED_FIELDS}) are ignored; any other key is an error.
 */
public final class LayersJson {

    /** The layer fields, in file order. */
    public static final List<String> FIELDS =
            List.of(
                    "layer_type",
                    "H",
                    "W",
                    "Cin",
                    "Cout",
                    "K",
                    "stride",
                    "padding",
                    "groups",
                    "batch",
                    "wbits",
                    "abits",
                    "im2col");

    /** Descriptive keys of reference cases that are tolerated and ignored. */
    public static final Set<String> IGNORED_FIELDS =
            Set.of(
                    "id",
                    "name",
                    "group",
                    "desc",
                    "O",
                    "input_extent_used_by_sim",
                    "macs",
                    "sim_call",
                    "result",
                    "alternatives",
                    "per_channel_result",
                    "depthwise_model");

    /** The operand widths a layers file may declare. */
    public static final int MIN_BITS = 1;

    /** The operand widths a layers file may declare. */
    public static final int MAX_BITS = 8;

    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(SerializationFeature.INDENT_OUTPUT);

    private LayersJson() {}

    /**
     * Reads a layers file; layers without a {@code batch} get batch 1.
     *
     * @param file the file
     * @return the layers
     * @throws IOException if the file cannot be read
     * @throws LayerFormatException if the content is not a valid layers array
     */
    public static List<Layer> read(Path file) throws IOException {
        return read(file, 1);
    }

    /**
     * Reads a layers file.
     *
     * @param file the file
     * @param defaultBatch the batch of layers that do not give one
     * @return the layers
     * @throws IOException if the file cannot be read
     * @throws LayerFormatException if the content is not a valid layers array
     */
    public static List<Layer> read(Path file, int defaultBatch) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), defaultBatch);
    }

    /**
     * Parses a layers document; layers without a {@code batch} get batch 1.
     *
     * @param json the JSON text
     * @param source the name to use in error messages
     * @return the layers
     * @throws LayerFormatException if the content is not a valid layers array
     */
    public static List<Layer> parse(String json, String source) {
        return parse(json, source, 1);
    }

    /**
     * Parses a layers document.
     *
     * @param json the JSON text
     * @param source the name to use in error messages
     * @param defaultBatch the batch of layers that do not give one
     * @return the layers
     * @throws LayerFormatException if the content is not a valid layers array
     */
    public static List<Layer> parse(String json, String source, int defaultBatch) {
        if (json.isBlank()) {
            // Jackson reads nothing as a "missing" node, which would read as a missing field
            throw new LayerFormatException(source, -1, "", "empty");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new LayerFormatException(source, -1, "", JsonErrors.problem(e));
        }
        return fromJson(root, source, defaultBatch);
    }

    /**
     * Converts a parsed layers document; layers without a {@code batch} get batch 1.
     *
     * @param root a JSON array of layer objects
     * @param source the name to use in error messages
     * @return the layers
     * @throws LayerFormatException naming the layer index and field of the first problem
     */
    public static List<Layer> fromJson(JsonNode root, String source) {
        return fromJson(root, source, 1);
    }

    /**
     * Converts a parsed layers document.
     *
     * @param root a JSON array of layer objects
     * @param source the name to use in error messages
     * @param defaultBatch the batch of layers that do not give one
     * @return the layers
     * @throws LayerFormatException naming the layer index and field of the first problem
     */
    public static List<Layer> fromJson(JsonNode root, String source, int defaultBatch) {
        if (root == null || root.isMissingNode()) {
            throw new LayerFormatException(source, -1, "", "empty");
        }
        if (!root.isArray()) {
            throw new LayerFormatException(
                    source,
                    -1,
                    "",
                    "expected a JSON array of layer objects, found "
                            + (root == null
                                    ? "nothing"
                                    : root.getNodeType()
                                            .name()
                                            .toLowerCase(java.util.Locale.ROOT)));
        }
        if (root.isEmpty()) {
            // no layers prices to zero, which reads as a result rather than a mistake
            throw new LayerFormatException(source, -1, "layers", "empty; at least one layer");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            layers.add(layer(root.get(i), source, i, defaultBatch));
        }
        return layers;
    }

    private static Layer layer(JsonNode node, String source, int index, int defaultBatch) {
        if (!node.isObject()) {
            throw new LayerFormatException(
                    source,
                    index,
                    "",
                    "expected a layer object, found "
                            + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        checkFieldNames(node, source, index);
        LayerType type = layerType(node, source, index);
        int h = integer(node, "H", source, index);
        int w = integer(node, "W", source, index);
        int cin = integer(node, "Cin", source, index);
        int cout = integer(node, "Cout", source, index);
        int k = integer(node, "K", source, index);
        int stride = integer(node, "stride", source, index);
        int padding = integer(node, "padding", source, index);
        int groups = integer(node, "groups", source, index);
        int batch = node.has("batch") ? integer(node, "batch", source, index) : defaultBatch;
        int wbits = integer(node, "wbits", source, index);
        int abits = integer(node, "abits", source, index);
        boolean im2col = false;
        JsonNode im2colNode = node.get("im2col");
        if (im2colNode != null) {
            if (!im2colNode.isBoolean()) {
                throw new LayerFormatException(
                        source,
                        index,
                        "im2col",
                        "expected a boolean, found " + im2colNode + "; allowed: true|false");
            }
            im2col = im2colNode.booleanValue();
        }
        Layer.Problem problem =
                Layer.check(
                        type, h, w, cin, cout, k, stride, padding, groups, batch, wbits, abits,
                        MIN_BITS, MAX_BITS);
        if (problem != null) {
            throw new LayerFormatException(source, index, problem.field(), problem.message());
        }
        return new Layer(
                type, h, w, cin, cout, k, stride, padding, groups, batch, wbits, abits, im2col);
    }

    private static void checkFieldNames(JsonNode node, String source, int index) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name) && !IGNORED_FIELDS.contains(name)) {
                throw new LayerFormatException(
                        source,
                        index,
                        name,
                        "unknown field; allowed: "
                                + String.join(", ", FIELDS)
                                + " (and the descriptive keys "
                                + String.join(", ", IGNORED_FIELDS.stream().sorted().toList())
                                + ")");
            }
        }
    }

    private static LayerType layerType(JsonNode node, String source, int index) {
        JsonNode typeNode = node.get("layer_type");
        if (typeNode == null) {
            throw new LayerFormatException(
                    source, index, "layer_type", "missing; allowed: " + LayerType.allowedNames());
        }
        if (!typeNode.isTextual()) {
            throw new LayerFormatException(
                    source,
                    index,
                    "layer_type",
                    "expected a string, found "
                            + typeNode
                            + "; allowed: "
                            + LayerType.allowedNames());
        }
        try {
            return LayerType.fromJsonName(typeNode.asText());
        } catch (IllegalArgumentException e) {
            throw new LayerFormatException(
                    source,
                    index,
                    "layer_type",
                    "'"
                            + typeNode.asText()
                            + "' is not a layer type; allowed: "
                            + LayerType.allowedNames());
        }
    }

    private static int integer(JsonNode node, String field, String source, int index) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new LayerFormatException(source, index, field, "missing; allowed: an integer");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new LayerFormatException(
                    source,
                    index,
                    field,
                    "expected an integer, found " + value + "; allowed: an integer");
        }
        return value.intValue();
    }

    /**
     * Returns a layer as a JSON object with the reference field names.
     *
     * @param layer the layer
     * @return the object
     */
    public static ObjectNode toJson(Layer layer) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("layer_type", layer.type().jsonName());
        node.put("H", layer.h());
        node.put("W", layer.w());
        node.put("Cin", layer.cin());
        node.put("Cout", layer.cout());
        node.put("K", layer.k());
        node.put("stride", layer.stride());
        node.put("padding", layer.padding());
        node.put("groups", layer.groups());
        node.put("batch", layer.batch());
        node.put("wbits", layer.wbits());
        node.put("abits", layer.abits());
        node.put("im2col", layer.im2col());
        return node;
    }

    /**
     * Returns layers as a JSON array.
     *
     * @param layers the layers
     * @return the array
     */
    public static ArrayNode toJson(List<Layer> layers) {
        ArrayNode array = MAPPER.createArrayNode();
        layers.forEach(l -> array.add(toJson(l)));
        return array;
    }

    /**
     * Writes a layers file atomically.
     *
     * @param file the file
     * @param layers the layers
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, List<Layer> layers) throws IOException {
        AtomicFiles.write(file, MAPPER.writeValueAsBytes(toJson(layers)));
    }
}
