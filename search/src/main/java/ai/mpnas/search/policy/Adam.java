package ai.mpnas.search.policy;

/**
 * Adam (Kingma and Ba) on the policy's logits. The state is plain data so that checkpoints can
 * save and restore it exactly; its moments are updated in place by every step.
 */
public final class Adam {

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final Logits centre;
    private State state;

    /**
     * Creates an Adam optimizer.
     *
     * @param learningRate the step size
     * @param beta1 the decay of the first moment
     * @param beta2 the decay of the second moment
     * @param epsilon the denominator guard
     * @param weightDecay L2 decay added to the gradient
     */
    public Adam(
            double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        this(learningRate, beta1, beta2, epsilon, weightDecay, null);
    }

    /**
     * Creates an Adam optimizer whose L2 decay pulls the logits toward a prior instead of zero,
     * {@code weightDecay * (theta - centre)}, so that a non-uniform starting policy is not
     * decayed back to the uniform one.
     *
     * @param learningRate the step size
     * @param beta1 the decay of the first moment
     * @param beta2 the decay of the second moment
     * @param epsilon the denominator guard
     * @param weightDecay L2 decay added to the gradient
     * @param centre the logits the decay pulls toward (kept, not copied); null for zero
     */
    public Adam(
            double learningRate,
            double beta1,
            double beta2,
            double epsilon,
            double weightDecay,
            Logits centre) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.centre = centre;
    }

    /**
     * Applies one step to the policy's logits (descending the gradient).
     *
     * @param policy the policy to update
     * @param gradient the gradient of the objective
     */
    public void step(ArchitecturePolicy policy, Logits gradient) {
        Logits theta = policy.allLogits();
        if (state == null) {
            state = new State(0, theta.zerosLike(), theta.zerosLike());
        }
        int t = state.step() + 1;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int b = 0; b < theta.numBlocks(); b++) {
            for (int d = 0; d < Decision.values().length; d++) {
                double[] th = theta.row(b, d);
                double[] grad = gradient.row(b, d);
                double[] first = state.m().row(b, d);
                double[] second = state.v().row(b, d);
                double[] prior = centre == null ? null : centre.row(b, d);
                for (int j = 0; j < th.length; j++) {
                    double g = grad[j] + weightDecay * (th[j] - (prior == null ? 0 : prior[j]));
                    double m = beta1 * first[j] + (1 - beta1) * g;
                    double v = beta2 * second[j] + (1 - beta2) * g * g;
                    first[j] = m;
                    second[j] = v;
                    th[j] -= learningRate * (m / c1) / (Math.sqrt(v / c2) + epsilon);
                }
            }
        }
        state = new State(t, state.m(), state.v());
        policy.setAllLogits(theta);
    }

    /**
     * Returns the optimizer state (for checkpoints), live: the next step updates its moments;
     * null before the first step.
     *
     * @return the state
     */
    public State getState() {
        return state;
    }

    /**
     * Restores a state saved with {@link #getState()}.
     *
     * @param restored the state, or null for a fresh optimizer; its moments are kept, not copied
     */
    public void setState(State restored) {
        this.state = restored;
    }

    /**
     * The moments of Adam and its step count.
     *
     * @param step the number of steps taken
     * @param m the first moments, shaped like the logits
     * @param v the second moments, shaped like the logits
     */
    public record State(int step, Logits m, Logits v) {}
}
