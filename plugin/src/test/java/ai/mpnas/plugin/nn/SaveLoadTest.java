package ai.mpnas.plugin.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.plugin.supernet.SuperNet;
import ai.mpnas.plugin.supernet.WeightSharing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Parameters of the fixed network and the supernet survive {@code Model.save} and load. */
class SaveLoadTest {

    private static final String CODE = "skip-e6k3w8a8-e3k5w4a6-e6k3w6a4-e1k7w2a8-e6k5w4a4";

    @TempDir Path dir;

    /**
     * The parameter paths are those saved runs and checkpoints hold (the lists were written by
     * mpnas before the two networks shared their skeleton): checkpoints are keyed by them, and a
     * {@code .params} file holds the block tree they spell.
     */
    @ParameterizedTest
    @CsvSource({"fixed, ", "supernet-shared, SHARED", "supernet-separate, SEPARATE"})
    void parameterPathsAreThoseOfSavedRuns(String name, WeightSharing sharing)
            throws IOException {
        SearchSpace space = SearchSpace.preset("fashion-mnist");
        Block net =
                sharing == null
                        ? FixedNetwork.builder()
                                .setArchitecture(Architecture.fromCode(space, CODE))
                                .build()
                        : SuperNet.builder().setSearchSpace(space).optSharing(sharing).build();
        String file = "parameter-paths-" + name + ".txt";
        List<String> expected;
        try (InputStream in = SaveLoadTest.class.getResourceAsStream(file)) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertEquals(expected, net.getParameters().keys(), file);
    }

    @Test
    void fixedNetworkAndSupernetRoundTrip() throws IOException, MalformedModelException {
        SearchSpace space = SearchSpace.preset("fashion-mnist");
        Architecture architecture = Architecture.fromCode(space, CODE);
        Shape shape = new Shape(4, 1, 28, 28);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomUniform(0f, 1f, shape);
            for (boolean supernet : new boolean[] {false, true}) {
                float[] expected;
                try (Model model = Model.newInstance("net")) {
                    model.setBlock(build(space, architecture, supernet));
                    model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, shape);
                    expected = forward(model, x);
                    model.save(dir, "net" + supernet);
                }
                try (Model model = Model.newInstance("net")) {
                    model.setBlock(build(space, architecture, supernet));
                    model.load(dir, "net" + supernet);
                    assertArrayEquals(expected, forward(model, x), 0f, "supernet=" + supernet);
                }
            }
        }
    }

    private static Block build(SearchSpace space, Architecture architecture, boolean supernet) {
        if (!supernet) {
            return FixedNetwork.builder().setArchitecture(architecture).build();
        }
        SuperNet net = SuperNet.builder().setSearchSpace(space).build();
        net.setArchitecture(architecture);
        return net;
    }

    private static float[] forward(Model model, NDArray x) {
        return model.getBlock()
                .forward(new ParameterStore(x.getManager(), false), new NDList(x), false)
                .singletonOrThrow()
                .toFloatArray();
    }
}
