package ai.mpnas.search.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The network part of a checkpoint: a block's parameters ({@code weights.params}) and the
 * optimizer's momentum ({@code sgd.state}), written into and read from a checkpoint directory.
 */
public final class WeightsCheckpoint {

    private static final String WEIGHTS = "weights.params";
    private static final String SGD = "sgd.state";

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
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(WEIGHTS)))) {
            block.saveParameters(out);
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve(SGD))) {
            sgd.saveState(out);
        }
    }

    /**
     * Restores what {@link #write} wrote.
     *
     * @param dir the checkpoint directory
     * @param block the network, initialised with the same structure
     * @param sgd its optimizer
     * @param manager the manager that owns the restored arrays
     * @throws IOException if a file is missing or does not fit the network
     */
    public static void read(Path dir, Block block, MomentumSgd sgd, NDManager manager)
            throws IOException {
        Path weights = dir.resolve(WEIGHTS);
        try (DataInputStream in = new DataInputStream(Files.newInputStream(weights))) {
            block.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException(weights + ": " + e.getMessage(), e);
        }
        try (InputStream in = Files.newInputStream(dir.resolve(SGD))) {
            sgd.loadState(in, manager);
        }
    }
}
