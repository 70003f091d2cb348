package ai.mpnas.plugin.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

class SearchSpaceTest {

    @TempDir Path dir;

    @Test
    void imagenetPresetIsThePapersTable() {
        SearchSpace space = SearchSpace.preset("imagenet");
        assertEquals(new InputShape(3, 224, 224), space.input());
        assertEquals(new StemSpec(32, 3, 2, 8, 8), space.stem());
        assertEquals(
                List.of(
                        new Stage(16, 2, 1),
                        new Stage(24, 1, 2),
                        new Stage(32, 2, 4),
                        new Stage(64, 2, 4),
                        new Stage(128, 1, 4),
                        new Stage(160, 2, 5),
                        new Stage(256, 1, 2)),
                space.stages());
        assertEquals(new HeadSpec(1280, 8, 8), space.head());
        assertEquals(new ClassifierSpec(8, 8), space.classifier());
        assertEquals(22, space.numBlocks());
        assertEquals(288, space.choices().factorisedSize());
        // 224 -> stem s2 112 -> 56 -> 56 -> 28 -> 14 -> 14 -> 7 -> 7
        List<BlockSlot> slots = space.blocks();
        assertEquals(new BlockSlot(0, 0, 32, 16, 2, 112, 112, 56, 56), slots.get(0));
        assertEquals(new BlockSlot(1, 1, 16, 24, 1, 56, 56, 56, 56), slots.get(1));
        assertEquals(new BlockSlot(2, 1, 24, 24, 1, 56, 56, 56, 56), slots.get(2));
        assertEquals(new BlockSlot(21, 6, 256, 256, 1, 7, 7, 7, 7), slots.get(21));
        // skip exists only where a block keeps its shape: the first block of every stage changes it
        // (channels change at every stage), the others keep it.
        for (BlockSlot slot : slots) {
            boolean firstOfStage =
                    slot.index() == 0 || slots.get(slot.index() - 1).stage() != slot.stage();
            assertEquals(!firstOfStage, space.canSkip(slot.index()), "block " + slot.index());
            assertEquals(
                    firstOfStage ? 144 : 145,
                    space.candidates(slot.index()).size(),
                    "block " + slot.index());
        }
    }

    @Test
    void referenceLayersHaveHandComputedGeometry() {
        SearchSpace space = SearchSpace.preset("imagenet");
        Architecture reference = space.reference(8);
        List<LayerGeometry> layers = reference.layers();
        // stem + 22 blocks x (expand, depthwise, project) + head + fc
        assertEquals(1 + 22 * 3 + 2, layers.size());
        assertEquals(
                new LayerGeometry(
                        "stem.conv", LayerType.CONV, 224, 224, 3, 32, 3, 2, 1, 1, 8, 8, true),
                layers.get(0));
        assertEquals(
                new LayerGeometry(
                        "block0.expand",
                        LayerType.CONV,
                        112,
                        112,
                        32,
                        192,
                        1,
                        1,
                        0,
                        1,
                        8,
                        8,
                        false),
                layers.get(1));
        assertEquals(
                new LayerGeometry(
                        "block0.depthwise",
                        LayerType.DWCONV,
                        112,
                        112,
                        192,
                        192,
                        3,
                        2,
                        1,
                        192,
                        8,
                        8,
                        false),
                layers.get(2));
        assertEquals(
                new LayerGeometry(
                        "block0.project", LayerType.CONV, 56, 56, 192, 16, 1, 1, 0, 1, 8, 8, false),
                layers.get(3));
        assertEquals(
                new LayerGeometry(
                        "head.conv", LayerType.CONV, 7, 7, 256, 1280, 1, 1, 0, 1, 8, 8, false),
                layers.get(layers.size() - 2));
        assertEquals(
                new LayerGeometry(
                        "classifier.fc", LayerType.FC, 1, 1, 1280, 1000, 1, 1, 0, 1, 8, 8, false),
                layers.get(layers.size() - 1));
        assertEquals(56, layers.get(2).outHeight());
    }

    @Test
    void blockCodesAndLayerBits() {
        SearchSpace space = SearchSpace.preset("fashion-mnist");
        // block 0 keeps its shape (16 -> 16, stride 1) so it may be skipped
        String code = "skip-e1k5w2a4-e3k7w6a2-e6k3w4a8-e1k3w8a6-e3k5w2a2";
        Architecture a = Architecture.fromCode(space, code);
        assertEquals(code, a.code());
        assertEquals(BlockChoice.of(6, 3, 4, 8), a.blocks().get(3));
        List<LayerGeometry> layers = a.layers();
        List<String> names = layers.stream().map(LayerGeometry::name).toList();
        assertEquals(
                List.of(
                        "stem.conv",
                        "block1.depthwise",
                        "block1.project",
                        "block2.expand",
                        "block2.depthwise",
                        "block2.project",
                        "block3.expand",
                        "block3.depthwise",
                        "block3.project",
                        "block4.depthwise",
                        "block4.project",
                        "block5.expand",
                        "block5.depthwise",
                        "block5.project",
                        "head.conv",
                        "classifier.fc"),
                names);
        // m = 1: depthwise reads the 8-bit bottleneck; project reads the block's activations
        assertEquals(8, layers.get(1).abits());
        assertEquals(2, layers.get(1).wbits());
        assertEquals(4, layers.get(2).abits());
        // m > 1: expand reads the bottleneck, depthwise and project the block's activations
        assertEquals(8, layers.get(3).abits());
        assertEquals(2, layers.get(4).abits());
        assertEquals(2, layers.get(5).abits());
        assertEquals(6, layers.get(5).wbits());
    }

    @ParameterizedTest
    @ValueSource(strings = {"imagenet", "cifar", "fashion-mnist"})
    void presetsRoundTripThroughJson(String name) throws IOException {
        SearchSpace space = SearchSpace.preset(name);
        assertEquals(space, SearchSpace.fromJson(space.toJson(), "test"));
        Path file = dir.resolve(name + ".json");
        space.save(file);
        assertEquals(space, SearchSpace.load(file));
        assertFalse(space.description().isBlank());

        Random random = new Random(name.hashCode());
        List<BlockChoice> blocks = new ArrayList<>();
        for (int i = 0; i < space.numBlocks(); i++) {
            List<BlockChoice> candidates = space.candidates(i);
            blocks.add(candidates.get(random.nextInt(candidates.size())));
        }
        Architecture architecture = new Architecture(space, blocks);
        architecture.validate("test");
        Path archFile = dir.resolve(name + "-arch.json");
        architecture.save(archFile);
        Architecture read = Architecture.load(archFile);
        assertEquals(architecture, read);
        assertEquals(architecture.layers(), read.layers());
        assertTrue(
                Files.readString(archFile).contains("\"code\" : \"" + architecture.code() + "\""));
        assertEquals(architecture, Architecture.fromCode(space, architecture.code()));
    }

    @Test
    void cifarWithHundredClasses() {
        SearchSpace cifar100 = SearchSpace.preset("cifar").withClasses(100);
        assertEquals(100, cifar100.classes());
        assertEquals(
                100,
                cifar100.reference(8)
                        .layers()
                        .get(cifar100.reference(8).layers().size() - 1)
                        .cout());
    }
}
