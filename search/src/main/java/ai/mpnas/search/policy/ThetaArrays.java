package ai.mpnas.search.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.mpnas.plugin.engine.Scalars;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.supernet.BlockSample;
import java.util.ArrayList;
import java.util.List;

/**
 * The policy's logits as engine arrays that record gradients, for one architecture step: builds the
 * straight-through Gumbel-softmax gates of a sample (value exactly 1, gradient of the relaxed
 * sample) and reads back the pathwise gradient of the loss with respect to the logits.
 */
public final class ThetaArrays implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[][] theta;

    private ThetaArrays(NDManager manager, NDArray[][] theta) {
        this.manager = manager;
        this.theta = theta;
    }

    /**
     * Copies the policy's logits into new arrays that require gradients.
     *
     * @param policy the policy
     * @param parent the manager the arrays' manager is attached to
     * @return the arrays; close them after the step
     */
    public static ThetaArrays of(ArchitecturePolicy policy, NDManager parent) {
        NDManager manager = parent.newSubManager();
        Decision[] decisions = Decision.values();
        NDArray[][] theta = new NDArray[policy.numBlocks()][decisions.length];
        for (int b = 0; b < policy.numBlocks(); b++) {
            for (Decision d : decisions) {
                NDArray t = manager.create(toFloats(policy.logits(b, d)));
                t.setRequiresGradient(true);
                theta[b][d.ordinal()] = t;
            }
        }
        return new ThetaArrays(manager, theta);
    }

    /**
     * Builds the samples to set on the supernet, each with its gate: per active decision, {@code 1
     * + soft[i] - stopGradient(soft[i])} with {@code soft = softmax((theta + g) / tau)} at the
     * sampled index i, multiplied over the block's active decisions. Call inside the gradient
     * collector of the step.
     *
     * @param sample the policy sample
     * @return one block sample per searchable block
     */
    public List<BlockSample> gates(PolicySample sample) {
        List<BlockSample> samples = new ArrayList<>();
        for (int b = 0; b < theta.length; b++) {
            BlockChoice choice = sample.architecture().blocks().get(b);
            NDArray gate = null;
            for (Decision d : ArchitecturePolicy.activeDecisions(choice)) {
                NDArray t = theta[b][d.ordinal()];
                NDArray noise = manager.create(toFloats(sample.gumbelNoise().get(b, d)));
                NDArray soft =
                        Scalars.div(t.add(noise), (float) sample.temperature()).softmax(0);
                NDArray picked = soft.get(sample.indices()[b][d.ordinal()]);
                NDArray straightThrough = picked.sub(picked.stopGradient()).add(1f);
                gate = gate == null ? straightThrough : gate.mul(straightThrough);
            }
            samples.add(new BlockSample(choice, gate));
        }
        return samples;
    }

    /**
     * Returns the gradient of the last backward pass with respect to every logit.
     *
     * @return the gradient
     */
    public Logits gradients() {
        double[][][] grad = new double[theta.length][][];
        for (int b = 0; b < theta.length; b++) {
            grad[b] = new double[theta[b].length][];
            for (int d = 0; d < theta[b].length; d++) {
                float[] g = theta[b][d].getGradient().toFloatArray();
                grad[b][d] = new double[g.length];
                for (int j = 0; j < g.length; j++) {
                    grad[b][d][j] = g[j];
                }
            }
        }
        return Logits.wrap(grad);
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        manager.close();
    }

    private static float[] toFloats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }
}
