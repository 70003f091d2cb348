package ai.mpnas.bitfusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading and writing layers files, including every rejected input. */
class LayersJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void readsReferenceCaseObjectsWhole() {
        ArrayNode array = MAPPER.createArrayNode();
        List<Layer> expected = new ArrayList<>();
        for (JsonNode c : Reference.cases()) {
            if (c.get("wbits").asInt() <= 8 && c.get("abits").asInt() <= 8) {
                array.add(c);
                expected.add(Reference.layer(c));
            }
        }
        JsonNode net = Reference.root().get("networks").get("mobilenetv2_w8a8_b1").get("per_layer");
        net.forEach(
                l -> {
                    array.add(l);
                    expected.add(Reference.layer(l));
                });
        assertEquals(150 + 53, expected.size());
        assertEquals(expected, LayersJson.fromJson(array, "cases.json"));
    }

    @Test
    void roundTripsThroughAFile() throws IOException {
        List<Layer> layers = MobileNetV2Layers.layers(4, 8, 2);
        Path file = dir.resolve("sub/layers.json");
        LayersJson.write(file, layers);
        assertEquals(layers, LayersJson.read(file));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void im2colDefaultsToFalse() {
        ObjectNode node = valid();
        node.remove("im2col");
        assertFalse(LayersJson.fromJson(array(node), "x.json").get(0).im2col());
    }

    @Test
    void batchDefaultsToTheReadersBatch() {
        // The layers of an architecture.json name each layer and leave the batch to the pricing.
        ObjectNode node = valid();
        node.remove("batch");
        node.put("name", "block0.expand");
        assertEquals(1, LayersJson.fromJson(array(node), "x.json").get(1).batch());
        assertEquals(16, LayersJson.fromJson(array(node), "x.json", 16).get(1).batch());
        ObjectNode given = valid();
        given.put("batch", 4);
        assertEquals(4, LayersJson.fromJson(array(given), "x.json", 16).get(1).batch());
    }

    private static ObjectNode valid() {
        return LayersJson.toJson(
                Layer.builder()
                        .setType(LayerType.CONV)
                        .setInputSize(14)
                        .setChannels(384, 64)
                        .setKernel(3)
                        .optPadding(1)
                        .setBits(8, 8)
                        .build());
    }

    private static ObjectNode validDw() {
        return LayersJson.toJson(
                Layer.builder()
                        .setType(LayerType.DWCONV)
                        .setInputSize(14)
                        .setChannels(96)
                        .setKernel(3)
                        .optPadding(1)
                        .setBits(4, 4)
                        .build());
    }

    private static ArrayNode array(ObjectNode bad) {
        ArrayNode array = MAPPER.createArrayNode();
        array.add(valid());
        array.add(bad);
        return array;
    }

    private static void assertRejected(ObjectNode bad, String field, String... fragments) {
        LayerFormatException e =
                assertThrows(
                        LayerFormatException.class,
                        () -> LayersJson.fromJson(array(bad), "layers.json"));
        String message = e.getMessage();
        assertTrue(message.startsWith("layers.json: layers[1]." + field + ": "), message);
        assertFalse(message.contains("\n"), message);
        assertEquals(1, e.layerIndex());
        assertEquals("layers.json", e.source());
        assertEquals("layers[1]." + field, e.field());
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), message + " lacks " + fragment);
        }
    }

    @Test
    void rejectsUnknownField() {
        ObjectNode bad = valid();
        bad.put("dilation", 2);
        assertRejected(bad, "dilation", "unknown field", "allowed: layer_type, H, W");
    }

    @Test
    void rejectsMissingFields() {
        for (String field :
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
                        "wbits",
                        "abits")) {
            ObjectNode bad = valid();
            bad.remove(field);
            assertRejected(bad, field, "missing", "allowed:");
        }
    }

    @Test
    void rejectsWrongTypes() {
        ObjectNode text = valid();
        text.put("H", "14");
        assertRejected(text, "H", "expected an integer", "\"14\"");
        ObjectNode fraction = valid();
        fraction.put("K", 3.5);
        assertRejected(fraction, "K", "expected an integer");
        ObjectNode flag = valid();
        flag.put("im2col", "yes");
        assertRejected(flag, "im2col", "expected a boolean", "true|false");
        ObjectNode type = valid();
        type.put("layer_type", 3);
        assertRejected(type, "layer_type", "expected a string", "conv|dwconv|fc");
        ObjectNode unknownType = valid();
        unknownType.put("layer_type", "deconv");
        assertRejected(unknownType, "layer_type", "'deconv'", "conv|dwconv|fc");
    }

    @Test
    void rejectsZeroAndNegativeSizes() {
        for (String field : List.of("H", "Cin", "Cout", "K", "batch", "groups")) {
            ObjectNode zero = valid();
            zero.put(field, 0);
            if (field.equals("H")) {
                zero.put("W", 0);
            }
            assertRejected(zero, field, "0 is not allowed", ">= 1");
        }
        ObjectNode negative = valid();
        negative.put("Cout", -5);
        assertRejected(negative, "Cout", "-5", ">= 1");
        ObjectNode padding = valid();
        padding.put("padding", -1);
        assertRejected(padding, "padding", ">= 0");
        ObjectNode stride = valid();
        stride.put("stride", 0);
        assertRejected(stride, "stride", "0 is not allowed");
    }

    @Test
    void rejectsBitsOutside1To8() {
        for (int bits : new int[] {0, 9, 16}) {
            ObjectNode w = valid();
            w.put("wbits", bits);
            assertRejected(w, "wbits", "1..8");
            ObjectNode a = valid();
            a.put("abits", bits);
            assertRejected(a, "abits", "1..8");
        }
    }

    @Test
    void rejectsBadGeometry() {
        ObjectNode rectangle = valid();
        rectangle.put("W", 15);
        assertRejected(rectangle, "W", "differs from H", "W = H");
        ObjectNode kernel = valid();
        kernel.put("K", 17);
        assertRejected(kernel, "K", "larger than the padded input", "16");
        ObjectNode groups = validDw();
        groups.put("groups", 48);
        assertRejected(groups, "groups", "differs from Cin", "groups = Cin");
        ObjectNode channels = validDw();
        channels.put("Cout", 192);
        assertRejected(channels, "Cout", "differs from Cin", "Cout = Cin");
        ObjectNode grouped = valid();
        grouped.put("groups", 2);
        assertRejected(grouped, "groups", "dwconv");
        ObjectNode fc = valid();
        fc.put("layer_type", "fc");
        assertRejected(fc, "H", "fc", "allowed: 1");
    }

    @Test
    void rejectsBadDocuments() {
        LayerFormatException notArray =
                assertThrows(
                        LayerFormatException.class,
                        () -> LayersJson.parse("{\"layers\": []}", "f.json"));
        assertEquals(
                "f.json: expected a JSON array of layer objects, found object",
                notArray.getMessage());
        LayerFormatException notJson =
                assertThrows(LayerFormatException.class, () -> LayersJson.parse("[{", "f.json"));
        assertTrue(notJson.getMessage().startsWith("f.json: line 1, column "), notJson.getMessage());
        assertFalse(notJson.getMessage().contains("Source"), notJson.getMessage());
        assertEquals(-1, notJson.getMessage().indexOf('\n'), notJson.getMessage());
        assertEquals(
                "f.json: empty",
                assertThrows(LayerFormatException.class, () -> LayersJson.parse(" \n", "f.json"))
                        .getMessage());
        assertEquals(
                "f.json: layers: empty; at least one layer",
                assertThrows(LayerFormatException.class, () -> LayersJson.parse("[]", "f.json"))
                        .getMessage());
        LayerFormatException notObject =
                assertThrows(LayerFormatException.class, () -> LayersJson.parse("[1]", "f.json"));
        assertEquals(
                "f.json: layers[0]: expected a layer object, found number", notObject.getMessage());
    }
}
