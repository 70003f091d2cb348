package ai.mpnas.plugin.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Bad search-space and architecture JSON gives one-line errors naming file, path and allowed
 * values.
 */
class ValidationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir Path dir;

    private SpecException badSpace(Consumer<ObjectNode> edit) throws IOException {
        ObjectNode root = (ObjectNode) MAPPER.readTree(SearchSpace.preset("cifar").toJson());
        edit.accept(root);
        Path file = dir.resolve("space.json");
        Files.writeString(file, MAPPER.writeValueAsString(root));
        return assertThrows(SpecException.class, () -> SearchSpace.load(file));
    }

    private static void assertNames(SpecException e, String path, String allowed) {
        String message = e.getMessage();
        assertTrue(message.contains("space.json"), message);
        assertEquals(path, e.getPath(), message);
        assertTrue(message.contains(": " + path + ": "), message);
        assertTrue(message.contains("allowed: " + allowed), message);
        assertEquals(-1, message.indexOf('\n'), "one line");
    }

    @Test
    void unknownChoiceKey() throws IOException {
        SpecException e = badSpace(r -> ((ObjectNode) r.get("choices")).putArray("q").add(1));
        assertNames(e, "choices.q", "abits, k, m, s, wbits");
    }

    @Test
    void unknownKernelChoice() throws IOException {
        SpecException e = badSpace(r -> ((ArrayNode) r.get("choices").get("k")).add(4));
        assertNames(e, "choices.k[3]", "1, 3, 5, 7");
    }

    @Test
    void zeroBits() throws IOException {
        SpecException e = badSpace(r -> ((ArrayNode) r.get("choices").get("wbits")).set(0, 0));
        assertNames(e, "choices.wbits[0]", "integers 2..8");
    }

    @Test
    void sixteenBits() throws IOException {
        SpecException e = badSpace(r -> ((ObjectNode) r.get("stem")).put("abits", 16));
        assertNames(e, "stem.abits", "integers 2..8");
    }

    @Test
    void negativeChannels() throws IOException {
        SpecException e = badSpace(r -> ((ObjectNode) r.get("stages").get(2)).put("channels", -32));
        assertNames(e, "stages[2].channels", "a positive integer");
    }

    @Test
    void zeroStride() throws IOException {
        SpecException e = badSpace(r -> ((ObjectNode) r.get("stages").get(1)).put("stride", 0));
        assertNames(e, "stages[1].stride", "1, 2");
    }

    @Test
    void skipOnlySpaceCannotChangeShapes() throws IOException {
        SpecException e = badSpace(r -> ((ObjectNode) r.get("choices")).putArray("s").add(0));
        assertNames(e, "choices.s", "[1] or [0, 1]");
        assertTrue(e.getMessage().contains("cannot be skipped"), e.getMessage());
    }

    @Test
    void wrongFormat() throws IOException {
        SpecException e = badSpace(r -> r.put("format", "mpnas/search-space@2"));
        assertNames(e, "format", SearchSpace.FORMAT);
    }

    @Test
    void skipWhereTheBlockChangesShape() throws IOException {
        SearchSpace space = SearchSpace.preset("cifar");
        ObjectNode root = (ObjectNode) MAPPER.readTree(space.reference(8).toJson());
        // block 1 is the first of stage (24, stride 2): 16 -> 24 channels
        ArrayNode blocks = (ArrayNode) root.get("blocks");
        blocks.set(1, MAPPER.createObjectNode().put("skip", true));
        Path file = dir.resolve("arch.json");
        Files.writeString(file, MAPPER.writeValueAsString(root));
        SpecException e = assertThrows(SpecException.class, () -> Architecture.load(file));
        assertEquals("blocks[1].skip", e.getPath());
        assertTrue(e.getMessage().startsWith(file + ": blocks[1].skip: "), e.getMessage());
        assertTrue(e.getMessage().contains("16->24 channels, stride 2"), e.getMessage());
        assertTrue(e.getMessage().endsWith("allowed: false"), e.getMessage());
    }

    @Test
    void architectureChoiceOutsideTheSpace() throws IOException {
        ObjectNode root =
                (ObjectNode) MAPPER.readTree(SearchSpace.preset("cifar").reference(8).toJson());
        ((ObjectNode) root.get("blocks").get(3)).put("wbits", 3);
        Path file = dir.resolve("arch.json");
        Files.writeString(file, MAPPER.writeValueAsString(root));
        SpecException e = assertThrows(SpecException.class, () -> Architecture.load(file));
        assertEquals("blocks[3].wbits", e.getPath());
        assertTrue(e.getMessage().endsWith("allowed: [2, 4, 6, 8]"), e.getMessage());
    }

    @Test
    void nestedSearchSpaceErrorsArePrefixed() throws IOException {
        ObjectNode root =
                (ObjectNode) MAPPER.readTree(SearchSpace.preset("cifar").reference(8).toJson());
        ((ObjectNode) root.get("search_space").get("stages").get(0)).put("stride", 0);
        Path file = dir.resolve("arch.json");
        Files.writeString(file, MAPPER.writeValueAsString(root));
        SpecException e = assertThrows(SpecException.class, () -> Architecture.load(file));
        assertEquals("search_space.stages[0].stride", e.getPath());
    }

    @Test
    void notJson() throws IOException {
        Path file = dir.resolve("space.json");
        Files.writeString(file, "{ \"format\": ");
        SpecException e = assertThrows(SpecException.class, () -> SearchSpace.load(file));
        assertEquals("$", e.getPath());
    }

    @Test
    void codeThatDisagreesWithTheBlocksIsRejectedNamingBoth() throws IOException {
        Architecture reference = SearchSpace.preset("cifar").reference(8);
        ObjectNode root = (ObjectNode) MAPPER.readTree(reference.toJson());
        root.put("code", "e9k4w3a3-banana");
        Path file = dir.resolve("arch.json");
        Files.writeString(file, MAPPER.writeValueAsString(root));
        SpecException e = assertThrows(SpecException.class, () -> Architecture.load(file));
        assertEquals("code", e.getPath());
        assertEquals(
                file + ": code: got \"e9k4w3a3-banana\" but the blocks give \"" + reference.code()
                        + "\"; allowed: \"" + reference.code()
                        + "\" (the code of the blocks), or no code field",
                e.getMessage());

        root.remove("code");
        Files.writeString(file, MAPPER.writeValueAsString(root));
        assertEquals(reference, Architecture.load(file), "the code may be left out");
    }

    @Test
    void savedArchitectureHasTheUmaskDefaultMode() throws IOException {
        Path file = dir.resolve("runs/arch.json");
        SearchSpace.preset("cifar").reference(8).save(file);
        Path probe = Files.createFile(dir.resolve("runs/probe"));
        assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(file));
        assertEquals(
                Files.getPosixFilePermissions(Files.createDirectory(dir.resolve("probe-dir"))),
                Files.getPosixFilePermissions(file.getParent()));
    }
}
