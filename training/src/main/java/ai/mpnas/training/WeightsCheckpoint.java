package ai.mpnas.training;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.mpnas.plugin.engine.NativeCopy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The network part of a checkpoint: a block's parameters ({@code parameters.ndlist}) and the
 * optimizer's momentum ({@code sgd.state}), written into and read from a checkpoint directory.
 *
 * <p>Both are keyed by the parameter's path in the block tree, which is the same in every process
 * that builds the same network; DJL's parameter ids are random per process.
 *
 * <p>A checkpoint is read <em>before</em> the trainer is created: the trainer's parameter server
 * (MXNet's KVStore) takes its own copy of every weight when it is initialised and applies each
 * update to that copy, so values written into the parameters afterwards are used for one forward
 * pass and then overwritten by the first update (mpnas 0.1 resumed this way and silently trained
 * from the initial weights again).
 */
public final class WeightsCheckpoint {

    private static final String PARAMETERS = "parameters.ndlist";
    private static final String SGD = "sgd.state";
    /** What checkpoints of mpnas 0.1 held; their weights were never restored, see the class doc. */
    private static final String OLD_WEIGHTS = "weights.params";

    private WeightsCheckpoint() {}

    /**
     * Writes the parameters and optimizer state into a (partial) checkpoint directory.
     *
     * @param dir the directory
     * @param block the network
     * @param sgd its optimizer
     * @throws IOException if writing fails
     */
    public static void write(Path dir, Block block, MomentumSgd sgd) throws IOException {
        NDList values = new NDList();
        try {
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray copy = p.getValue().getArray().duplicate();
                copy.setName(p.getKey());
                values.add(copy);
            }
            try (OutputStream out = Files.newOutputStream(dir.resolve(PARAMETERS))) {
                values.encode(out);
            }
        } finally {
            values.close();
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve(SGD))) {
            sgd.saveState(out, pathsById(block));
        }
    }

    /**
     * Initialises a model's block for the given input and restores what {@link #write} wrote into
     * it; call it before the model's trainer is created (see the class documentation).
     *
     * @param dir the checkpoint directory
     * @param model the model, whose block has the structure that wrote the checkpoint
     * @param sgd the optimizer the trainer will use
     * @param input the input shape the trainer will be initialised with
     * @throws IOException if a file is missing or does not fit the network
     */
    public static void readBeforeTraining(Path dir, Model model, MomentumSgd sgd, Shape input)
            throws IOException {
        Block block = model.getBlock();
        block.initialize(model.getNDManager(), model.getDataType(), input);
        read(dir, block, sgd, model.getNDManager());
    }

    private static void read(Path dir, Block block, MomentumSgd sgd, NDManager manager)
            throws IOException {
        Path file = dir.resolve(PARAMETERS);
        if (!Files.exists(file) && Files.exists(dir.resolve(OLD_WEIGHTS))) {
            throw new IOException(
                    dir
                            + ": a checkpoint of mpnas 0.1, whose resume did not restore weights;"
                            + " it cannot be resumed exactly: start the run again");
        }
        Map<String, Parameter> byPath = new LinkedHashMap<>();
        block.getParameters().forEach(p -> byPath.put(p.getKey(), p.getValue()));
        try (NDManager scratch = manager.newSubManager();
                InputStream in = Files.newInputStream(file)) {
            NDList values = NDList.decode(scratch, new ByteArrayInputStream(in.readAllBytes()));
            if (values.size() != byPath.size()) {
                throw new IOException(
                        file + ": holds " + values.size() + " parameters, the network has "
                                + byPath.size());
            }
            for (NDArray saved : values) {
                Parameter target = byPath.get(saved.getName());
                if (target == null) {
                    throw new IOException(
                            file + ": parameter " + saved.getName() + " is not in the network");
                }
                if (!saved.getShape().equals(target.getArray().getShape())) {
                    throw new IOException(
                            file + ": parameter " + saved.getName() + " has shape "
                                    + saved.getShape() + ", the network's is "
                                    + target.getArray().getShape());
                }
                NativeCopy.copy(saved, target.getArray());
            }
        }
        try (InputStream in = Files.newInputStream(dir.resolve(SGD))) {
            sgd.loadState(in, manager, pathsById(block));
        }
    }

    /** Each parameter's id in this process mapped to its path in the block tree. */
    private static Map<String, String> pathsById(Block block) {
        Map<String, String> paths = new LinkedHashMap<>();
        block.getParameters().forEach(p -> paths.put(p.getValue().getId(), p.getKey()));
        return paths;
    }
}
