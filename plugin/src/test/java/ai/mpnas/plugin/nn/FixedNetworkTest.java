package ai.mpnas.plugin.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.InputShape;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.plugin.space.Stage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

class FixedNetworkTest {

    /**
     * MobileNetV2 parameter count written out from the stage table: conv weights, BatchNorm (gamma,
     * beta, running mean and variance per channel), classifier weight and bias.
     */
    static long expectedParameters(SearchSpace space, List<BlockChoice> choices) {
        long count = 0;
        int c = space.stem().channels();
        count +=
                (long) space.input().channels() * c * space.stem().kernel() * space.stem().kernel();
        count += 4L * c;
        int index = 0;
        for (Stage stage : space.stages()) {
            for (int b = 0; b < stage.blocks(); b++) {
                BlockChoice choice = choices.get(index++);
                int out = stage.channels();
                if (!choice.skip()) {
                    long hidden = (long) c * choice.m();
                    if (choice.m() > 1) {
                        count += c * hidden + 4 * hidden;
                    }
                    count += hidden * choice.k() * choice.k() + 4 * hidden;
                    count += hidden * out + 4L * out;
                }
                c = out;
            }
        }
        int head = space.head().channels();
        count += (long) c * head + 4L * head;
        count += (long) head * space.classes() + space.classes();
        return count;
    }

    static long countParameters(ai.djl.nn.Block block) {
        long n = 0;
        for (Parameter p : block.getParameters().values()) {
            n += p.getArray().getShape().size();
        }
        return n;
    }

    @ParameterizedTest
    @ValueSource(strings = {"imagenet", "cifar", "fashion-mnist"})
    void shapesAndParameterCounts(String preset) {
        SearchSpace space = SearchSpace.preset(preset);
        Random random = new Random(preset.hashCode());
        List<BlockChoice> mixed = new ArrayList<>();
        for (int i = 0; i < space.numBlocks(); i++) {
            List<BlockChoice> candidates = space.candidates(i);
            mixed.add(candidates.get(random.nextInt(candidates.size())));
        }
        for (Architecture architecture :
                List.of(space.reference(8), new Architecture(space, mixed))) {
            FixedNetwork net = FixedNetwork.builder().setArchitecture(architecture).build();
            InputShape in = space.input();
            Shape inputShape = new Shape(2, in.channels(), in.height(), in.width());
            try (NDManager manager = NDManager.newBaseManager()) {
                net.initialize(manager, DataType.FLOAT32, inputShape);
                assertEquals(
                        expectedParameters(space, architecture.blocks()),
                        countParameters(net),
                        architecture.code());
                NDArray x = manager.randomUniform(0f, 1f, inputShape);
                NDArray y =
                        net.forward(new ParameterStore(manager, false), new NDList(x), false)
                                .singletonOrThrow();
                assertEquals(new Shape(2, space.classes()), y.getShape());
                assertEquals(y.getShape(), net.getOutputShapes(new Shape[] {inputShape})[0]);
            }
        }
    }
}
