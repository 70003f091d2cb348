package ai.mpnas.plugin.space;

import ai.mpnas.formats.JsonErrors;
import ai.mpnas.formats.RunArchitecture;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Strict JSON reading and writing of search spaces and architectures, with path-naming errors. */
final class SpecJson {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The keys of an architecture, then those of the sections a run's architecture file adds about
     * it ({@link RunArchitecture#RESULT_KEYS}): they describe the architecture but do not define
     * it, so they are read past.
     */
    private static final Set<String> ARCHITECTURE_KEYS =
            Stream.concat(
                            Stream.of("format", "search_space", "code", "blocks", "layers"),
                            RunArchitecture.RESULT_KEYS.stream())
                    .collect(Collectors.toUnmodifiableSet());

    private SpecJson() {}

    static JsonNode parse(String json, String source) {
        if (json.isBlank()) {
            // Jackson reads nothing as a "missing" node, which would read as a missing field
            throw SpecException.ofDocument(source, "empty");
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw SpecException.ofDocument(source, JsonErrors.problem(e));
        }
    }

    static String pretty(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static SearchSpace readSearchSpace(JsonNode root, String source, String prefix) {
        object(root, source, prefix.isEmpty() ? "$" : trim(prefix));
        keys(
                root,
                source,
                prefix,
                Set.of(
                        "format",
                        "id",
                        "description",
                        "input",
                        "classes",
                        "stem",
                        "stages",
                        "head",
                        "classifier",
                        "choices"));
        String format = text(root, source, prefix + "format");
        if (!SearchSpace.FORMAT.equals(format)) {
            throw new SpecException(
                    source, prefix + "format", "got '" + format + "'", SearchSpace.FORMAT);
        }
        JsonNode input = child(root, source, prefix, "input");
        keys(input, source, prefix + "input.", Set.of("channels", "height", "width"));
        JsonNode stem = child(root, source, prefix, "stem");
        keys(
                stem,
                source,
                prefix + "stem.",
                Set.of("channels", "kernel", "stride", "wbits", "abits"));
        JsonNode head = child(root, source, prefix, "head");
        keys(head, source, prefix + "head.", Set.of("channels", "wbits", "abits"));
        JsonNode fc = child(root, source, prefix, "classifier");
        keys(fc, source, prefix + "classifier.", Set.of("wbits", "abits"));
        JsonNode choices = child(root, source, prefix, "choices");
        keys(choices, source, prefix + "choices.", Set.of("s", "m", "k", "wbits", "abits"));
        JsonNode stagesNode = root.get("stages");
        if (stagesNode == null || !stagesNode.isArray()) {
            throw new SpecException(
                    source,
                    prefix + "stages",
                    "missing or not an array",
                    "an array of {channels, stride, blocks}");
        }
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < stagesNode.size(); i++) {
            JsonNode s = stagesNode.get(i);
            String p = prefix + "stages[" + i + "]";
            object(s, source, p);
            keys(s, source, p + ".", Set.of("channels", "stride", "blocks"));
            stages.add(
                    new Stage(
                            integer(s, source, p + ".channels"),
                            integer(s, source, p + ".stride"),
                            integer(s, source, p + ".blocks")));
        }
        String id = text(root, source, prefix + "id");
        JsonNode desc = root.get("description");
        SearchSpace space =
                new SearchSpace(
                        id,
                        desc == null ? "" : desc.asText(),
                        new InputShape(
                                integer(input, source, prefix + "input.channels"),
                                integer(input, source, prefix + "input.height"),
                                integer(input, source, prefix + "input.width")),
                        integer(root, source, prefix + "classes"),
                        new StemSpec(
                                integer(stem, source, prefix + "stem.channels"),
                                integer(stem, source, prefix + "stem.kernel"),
                                integer(stem, source, prefix + "stem.stride"),
                                integer(stem, source, prefix + "stem.wbits"),
                                integer(stem, source, prefix + "stem.abits")),
                        stages,
                        new HeadSpec(
                                integer(head, source, prefix + "head.channels"),
                                integer(head, source, prefix + "head.wbits"),
                                integer(head, source, prefix + "head.abits")),
                        new ClassifierSpec(
                                integer(fc, source, prefix + "classifier.wbits"),
                                integer(fc, source, prefix + "classifier.abits")),
                        new ChoiceSets(
                                ints(choices, source, prefix + "choices.s"),
                                ints(choices, source, prefix + "choices.m"),
                                ints(choices, source, prefix + "choices.k"),
                                ints(choices, source, prefix + "choices.wbits"),
                                ints(choices, source, prefix + "choices.abits")));
        try {
            space.validate(source);
        } catch (SpecException e) {
            if (prefix.isEmpty()) {
                throw e;
            }
            throw e.withPathPrefix(prefix);
        }
        return space;
    }

    static Architecture readArchitecture(JsonNode root, String source) {
        object(root, source, "$");
        keys(root, source, "", ARCHITECTURE_KEYS);
        String format = text(root, source, "format");
        if (!Architecture.FORMAT.equals(format)) {
            throw new SpecException(source, "format", "got '" + format + "'", Architecture.FORMAT);
        }
        JsonNode spaceNode = child(root, source, "", "search_space");
        SearchSpace space = readSearchSpace(spaceNode, source, "search_space.");
        JsonNode blocksNode = root.get("blocks");
        if (blocksNode == null || !blocksNode.isArray()) {
            throw new SpecException(
                    source,
                    "blocks",
                    "missing or not an array",
                    "an array of {\"skip\": true} or {\"m\", \"k\", \"wbits\", \"abits\"}");
        }
        List<BlockChoice> blocks = new ArrayList<>();
        for (int i = 0; i < blocksNode.size(); i++) {
            JsonNode b = blocksNode.get(i);
            String p = "blocks[" + i + "]";
            object(b, source, p);
            keys(b, source, p + ".", Set.of("skip", "m", "k", "wbits", "abits"));
            JsonNode skip = b.get("skip");
            if (skip != null && !skip.isBoolean()) {
                throw new SpecException(source, p + ".skip", "got " + skip, "true, false");
            }
            if (skip != null && skip.booleanValue()) {
                if (b.size() != 1) {
                    throw new SpecException(
                            source,
                            p,
                            "a skipped block has other fields",
                            "{\"skip\": true} alone");
                }
                blocks.add(BlockChoice.skipBlock());
            } else {
                blocks.add(
                        BlockChoice.of(
                                integer(b, source, p + ".m"),
                                integer(b, source, p + ".k"),
                                integer(b, source, p + ".wbits"),
                                integer(b, source, p + ".abits")));
            }
        }
        Architecture architecture = new Architecture(space, blocks);
        architecture.validate(source);
        checkCode(root, source, architecture.code());
        return architecture;
    }

    /**
     * The code is derived from the blocks, but reports, logs and the demo print it as the
     * architecture's name: a code that says something else would name a network that is not the
     * one trained, so it must agree with the blocks (or be left out).
     */
    private static void checkCode(JsonNode root, String source, String derived) {
        JsonNode code = root.get("code");
        if (code == null) {
            return;
        }
        if (!code.isTextual() || !code.asText().equals(derived)) {
            throw new SpecException(
                    source,
                    "code",
                    "got " + code + " but the blocks give \"" + derived + "\"",
                    "\"" + derived + "\" (the code of the blocks), or no code field");
        }
    }

    static ObjectNode write(SearchSpace space) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", SearchSpace.FORMAT);
        root.put("id", space.id());
        root.put("description", space.description());
        ObjectNode input = root.putObject("input");
        input.put("channels", space.input().channels());
        input.put("height", space.input().height());
        input.put("width", space.input().width());
        root.put("classes", space.classes());
        ObjectNode stem = root.putObject("stem");
        stem.put("channels", space.stem().channels());
        stem.put("kernel", space.stem().kernel());
        stem.put("stride", space.stem().stride());
        stem.put("wbits", space.stem().wbits());
        stem.put("abits", space.stem().abits());
        ArrayNode stages = root.putArray("stages");
        for (Stage s : space.stages()) {
            ObjectNode n = stages.addObject();
            n.put("channels", s.channels());
            n.put("stride", s.stride());
            n.put("blocks", s.blocks());
        }
        ObjectNode head = root.putObject("head");
        head.put("channels", space.head().channels());
        head.put("wbits", space.head().wbits());
        head.put("abits", space.head().abits());
        ObjectNode fc = root.putObject("classifier");
        fc.put("wbits", space.classifier().wbits());
        fc.put("abits", space.classifier().abits());
        ObjectNode choices = root.putObject("choices");
        putInts(choices.putArray("s"), space.choices().s());
        putInts(choices.putArray("m"), space.choices().m());
        putInts(choices.putArray("k"), space.choices().k());
        putInts(choices.putArray("wbits"), space.choices().wbits());
        putInts(choices.putArray("abits"), space.choices().abits());
        return root;
    }

    static ObjectNode write(Architecture architecture) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", Architecture.FORMAT);
        root.set("search_space", write(architecture.space()));
        root.put("code", architecture.code());
        ArrayNode blocks = root.putArray("blocks");
        for (BlockChoice b : architecture.blocks()) {
            ObjectNode n = blocks.addObject();
            if (b.skip()) {
                n.put("skip", true);
            } else {
                n.put("m", b.m());
                n.put("k", b.k());
                n.put("wbits", b.wbits());
                n.put("abits", b.abits());
            }
        }
        ArrayNode layers = root.putArray("layers");
        for (LayerGeometry l : architecture.layers()) {
            layers.add(write(l));
        }
        return root;
    }

    /**
     * Writes one layer with the field names of the Bit Fusion layer files.
     *
     * @param l the layer
     * @return the JSON object
     */
    static ObjectNode write(LayerGeometry l) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", l.name());
        n.put("layer_type", l.layerType().jsonName());
        n.put("H", l.h());
        n.put("W", l.w());
        n.put("Cin", l.cin());
        n.put("Cout", l.cout());
        n.put("K", l.k());
        n.put("stride", l.stride());
        n.put("padding", l.padding());
        n.put("groups", l.groups());
        n.put("wbits", l.wbits());
        n.put("abits", l.abits());
        n.put("im2col", l.im2col());
        return n;
    }

    private static void putInts(ArrayNode array, List<Integer> values) {
        values.forEach(array::add);
    }

    private static String trim(String prefix) {
        return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    private static void object(JsonNode node, String source, String path) {
        if (node == null || !node.isObject()) {
            throw new SpecException(source, path, "missing or not an object", "a JSON object");
        }
    }

    private static JsonNode child(JsonNode parent, String source, String prefix, String name) {
        JsonNode node = parent.get(name);
        object(node, source, prefix + name);
        return node;
    }

    private static void keys(JsonNode node, String source, String prefix, Set<String> allowed) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new SpecException(
                        source,
                        prefix + name,
                        "unknown field",
                        String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static String text(JsonNode parent, String source, String path) {
        JsonNode node = parent.get(leaf(path));
        if (node == null || !node.isTextual()) {
            throw new SpecException(source, path, "missing or not a string", "a string");
        }
        return node.asText();
    }

    private static int integer(JsonNode parent, String source, String path) {
        JsonNode node = parent.get(leaf(path));
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new SpecException(
                    source, path, node == null ? "missing" : "got " + node, "an integer");
        }
        return node.intValue();
    }

    private static List<Integer> ints(JsonNode parent, String source, String path) {
        JsonNode node = parent.get(leaf(path));
        if (node == null || !node.isArray()) {
            throw new SpecException(
                    source, path, node == null ? "missing" : "got " + node, "an array of integers");
        }
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new SpecException(source, path + "[" + i + "]", "got " + v, "an integer");
            }
            values.add(v.intValue());
        }
        return values;
    }

    private static String leaf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
