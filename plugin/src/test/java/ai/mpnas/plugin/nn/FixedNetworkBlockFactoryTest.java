package ai.mpnas.plugin.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.plugin.space.SpecException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model directory as {@code mpnas train} leaves it loads through plain DJL {@code Criteria} with
 * {@link FixedNetworkBlockFactory}, and computes what the saved network computed.
 */
class FixedNetworkBlockFactoryTest {

    private static final String CODE = "skip-e6k3w8a8-e3k5w4a6-e6k3w6a4-e1k7w2a8-e6k5w4a4";
    private static final Shape SHAPE = new Shape(3, 1, 28, 28);

    @TempDir Path dir;

    @Test
    void criteriaLoadsTheSavedNetworkOncePerModel() throws Exception {
        Architecture architecture =
                Architecture.fromCode(SearchSpace.preset("fashion-mnist"), CODE);
        Path modelDir = dir.resolve("model");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomUniform(-1f, 1f, SHAPE);
            float[] expected;
            try (Model model = Model.newInstance("trained")) {
                model.setBlock(FixedNetwork.builder().setArchitecture(architecture).build());
                model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, SHAPE);
                expected = forward(model, x);
                model.save(modelDir, FixedNetwork.MODEL_NAME);
            }
            Files.writeString(
                    modelDir.resolve(FixedNetwork.ARCHITECTURE_FILE), architecture.toJson());

            Criteria<NDList, NDList> criteria = criteria(modelDir);
            try (ZooModel<NDList, NDList> first = criteria.loadModel();
                    ZooModel<NDList, NDList> second = criteria.loadModel();
                    Predictor<NDList, NDList> predictor = first.newPredictor()) {
                FixedNetwork block = (FixedNetwork) first.getBlock();
                assertEquals(CODE, block.getArchitecture().code());
                assertTrue(block.isQuantized(), "trained networks are quantization-aware");
                assertNotSame(block, second.getBlock(), "each model gets a block of its own");
                float[] loaded = predictor.predict(new NDList(x)).singletonOrThrow().toFloatArray();
                assertArrayEquals(expected, loaded, 0f);
                assertArrayEquals(expected, forward(second, x), 0f);
            }
        }
    }

    @Test
    void aDirectoryWithoutTheArchitectureSaysWhatItNeeds() throws IOException {
        Path modelDir = Files.createDirectories(dir.resolve("model"));
        NoSuchFileException missing =
                assertThrows(
                        NoSuchFileException.class, () -> criteria(modelDir).loadModel());
        assertEquals(
                modelDir.resolve("architecture.json")
                        + ": missing; allowed: the model/ directory of a run after 'mpnas train'",
                missing.getMessage());

        Files.writeString(modelDir.resolve("architecture.json"), "{\"format\": 3}");
        Model model = Model.newInstance("probe");
        SpecException invalid =
                assertThrows(
                        SpecException.class,
                        () -> new FixedNetworkBlockFactory().newBlock(model, modelDir, Map.of()));
        assertTrue(
                invalid.getMessage().contains(modelDir.resolve("architecture.json").toString()),
                invalid.getMessage());
        // DJL's loader drops the model it made when the block factory fails: the factory closes it
        assertFalse(model.getNDManager().isOpen());
    }

    private static Criteria<NDList, NDList> criteria(Path modelDir) {
        return Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(modelDir)
                .optModelName(FixedNetwork.MODEL_NAME)
                .optArgument(FixedNetworkBlockFactory.ARGUMENT, new FixedNetworkBlockFactory())
                .build();
    }

    private static float[] forward(Model model, NDArray x) {
        return model.getBlock()
                .forward(new ParameterStore(x.getManager(), false), new NDList(x), false)
                .singletonOrThrow()
                .toFloatArray();
    }
}
