package ai.mpnas.plugin.nn;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * DJL's hook for models saved as parameters only: given as the {@value #ARGUMENT} argument of a
 * {@code Criteria} (or in the model directory's {@code serving.properties}), it builds the {@link
 * FixedNetwork} a trained model directory holds, and DJL then loads the parameters into it.
 *
 * <pre>
 * Criteria.builder()
 *         .setTypes(NDList.class, NDList.class)
 *         .optModelPath(Path.of("runs/demo/model"))
 *         .optModelName(FixedNetwork.MODEL_NAME)
 *         .optArgument("blockFactory", new FixedNetworkBlockFactory())
 *         .build();
 * </pre>
 *
 * <p>Each model loaded gets a block of its own, so one {@code Criteria} loads any number of
 * models.
 */
public final class FixedNetworkBlockFactory implements BlockFactory {

    /** The {@code Criteria} argument DJL reads the block factory from. */
    public static final String ARGUMENT = "blockFactory";

    private static final long serialVersionUID = 1L;

    /**
     * Builds the network of the model directory; on failure closes the model DJL created for it,
     * which DJL's loader does not (it would otherwise be reported as never closed).
     *
     * @param model the model DJL is loading
     * @param modelPath the model directory
     * @param arguments the criteria arguments (unused: the directory says everything)
     * @return the uninitialised network
     * @throws IOException if {@code architecture.json} is missing or unreadable
     */
    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments)
            throws IOException {
        try {
            return FixedNetwork.fromModelDirectory(modelPath);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
