package ai.mpnas.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.mpnas.plugin.engine.EngineQuirks;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * SGD with momentum and weight decay whose state can be saved and restored, so that a resumed run
 * continues exactly where it stopped. DJL's own {@code Sgd} keeps its momentum private; this one
 * runs the same fused engine update and exposes the state. The learning rate is set by the caller
 * for each step ({@link #setLearningRate}), from a schedule of the global step, which is what a
 * checkpoint stores.
 */
public class MomentumSgd extends Optimizer {

    private final float momentum;
    private final Map<String, NDArray> velocity = new TreeMap<>();
    private float learningRate;

    protected MomentumSgd(Builder builder) {
        super(builder);
        momentum = builder.momentum;
        learningRate = builder.learningRate;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sets the learning rate of the next updates.
     *
     * @param learningRate the learning rate
     */
    public void setLearningRate(float learningRate) {
        this.learningRate = learningRate;
    }

    /**
     * Returns the current learning rate.
     *
     * @return the learning rate
     */
    public float getLearningRate() {
        return learningRate;
    }

    /** {@inheritDoc} */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        if (momentum == 0f) {
            weight.getNDArrayInternal()
                    .sgdUpdate(
                            new NDList(weight, grad),
                            new NDList(weight),
                            learningRate,
                            getWeightDecay(),
                            rescaleGrad,
                            clipGrad,
                            0f,
                            true);
            return;
        }
        NDArray state =
                velocity.computeIfAbsent(
                        parameterId,
                        k -> {
                            NDArray zeros = weight.zerosLike();
                            zeros.detach();
                            return zeros;
                        });
        // the engines name the updated arrays differently: MXNet's fused operator lists the
        // weight and the momentum it writes, DJL's PyTorch update the weight alone (it updates the
        // momentum in place and zeroes the gradient)
        boolean writesMomentum = EngineQuirks.sgdUpdateWritesMomentum(weight.getManager());
        weight.getNDArrayInternal()
                .sgdUpdate(
                        new NDList(weight, grad, state),
                        writesMomentum ? new NDList(weight, state) : new NDList(weight),
                        learningRate,
                        getWeightDecay(),
                        rescaleGrad,
                        clipGrad,
                        momentum,
                        true);
    }

    /**
     * Writes the momentum state, one array per parameter, named by the parameter's stable path
     * (DJL's parameter ids are random per process, so a resumed run could not match them).
     *
     * @param out the stream
     * @param pathsById each parameter id of this process mapped to its path in the block tree
     * @throws IOException if writing fails, or a parameter with momentum has no path
     */
    public void saveState(OutputStream out, Map<String, String> pathsById) throws IOException {
        NDList list = new NDList();
        try {
            for (Map.Entry<String, NDArray> e : velocity.entrySet()) {
                String path = pathsById.get(e.getKey());
                if (path == null) {
                    throw new IOException("optimizer state: parameter " + e.getKey() + " has no path");
                }
                NDArray copy = e.getValue().duplicate();
                copy.setName(path);
                list.add(copy);
            }
            // a count first: DJL cannot decode an empty list (no momentum, or no step yet)
            DataOutputStream data = new DataOutputStream(out);
            data.writeInt(list.size());
            if (!list.isEmpty()) {
                list.encode(data);
            }
            data.flush();
        } finally {
            list.close();
        }
    }

    /**
     * Replaces the momentum state with one written by {@link #saveState}.
     *
     * @param in the stream
     * @param manager the manager that will own the state arrays
     * @param pathsById each parameter id of this process mapped to its path in the block tree
     * @throws IOException if reading fails or the state names a parameter the network lacks
     */
    public void loadState(InputStream in, NDManager manager, Map<String, String> pathsById)
            throws IOException {
        Map<String, String> idsByPath = new TreeMap<>();
        pathsById.forEach((id, path) -> idsByPath.put(path, id));
        DataInputStream data = new DataInputStream(in);
        int count = data.readInt();
        NDList list =
                count == 0
                        ? new NDList()
                        : NDList.decode(manager, new ByteArrayInputStream(data.readAllBytes()));
        if (list.size() != count) {
            list.close();
            throw new IOException("optimizer state: holds " + list.size() + " arrays, expected "
                    + count);
        }
        velocity.values().forEach(NDArray::close);
        velocity.clear();
        for (NDArray a : list) {
            String id = a.getName() == null ? null : idsByPath.get(a.getName());
            if (id == null) {
                list.close();
                velocity.clear();
                throw new IOException(
                        "optimizer state: momentum of " + a.getName() + ", not a parameter of the"
                                + " network");
            }
            velocity.put(id, a);
        }
    }

    /** The builder of a {@link MomentumSgd}. */
    public static final class Builder extends OptimizerBuilder<Builder> {

        private float momentum = 0.9f;
        private float learningRate = 0.1f;

        Builder() {}

        /**
         * Sets the momentum; default 0.9.
         *
         * @param momentum the momentum in [0, 1)
         * @return this builder
         */
        public Builder optMomentum(float momentum) {
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("momentum " + momentum + ": allowed [0, 1)");
            }
            this.momentum = momentum;
            return this;
        }

        /**
         * Sets the initial learning rate; default 0.1.
         *
         * @param learningRate the learning rate
         * @return this builder
         */
        public Builder optLearningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         */
        public MomentumSgd build() {
            return new MomentumSgd(this);
        }
    }
}
