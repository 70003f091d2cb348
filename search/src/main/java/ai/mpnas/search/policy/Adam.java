package ai.mpnas.search.policy;

/**
 * Adam (Kingma and Ba) on the policy's logits. The state is plain data so that checkpoints can
 * save and restore it exactly.
 */
public final class Adam {

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final double[][][] centre;
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
     * @param centre the logits the decay pulls toward, indexed [block][decision][value]; null
     *     for zero
     */
    public Adam(
            double learningRate,
            double beta1,
            double beta2,
            double epsilon,
            double weightDecay,
            double[][][] centre) {
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
     * @param gradient the gradient of the objective, indexed [block][decision][value]
     */
    public void step(ArchitecturePolicy policy, double[][][] gradient) {
        double[][][] theta = policy.allLogits();
        if (state == null) {
            state = new State(0, policy.zerosLike(), policy.zerosLike());
        }
        int t = state.step() + 1;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int b = 0; b < theta.length; b++) {
            for (int d = 0; d < theta[b].length; d++) {
                for (int j = 0; j < theta[b][d].length; j++) {
                    double prior = centre == null ? 0 : centre[b][d][j];
                    double g = gradient[b][d][j] + weightDecay * (theta[b][d][j] - prior);
                    double m = beta1 * state.m()[b][d][j] + (1 - beta1) * g;
                    double v = beta2 * state.v()[b][d][j] + (1 - beta2) * g * g;
                    state.m()[b][d][j] = m;
                    state.v()[b][d][j] = v;
                    theta[b][d][j] -= learningRate * (m / c1) / (Math.sqrt(v / c2) + epsilon);
                }
            }
        }
        state = new State(t, state.m(), state.v());
        policy.setAllLogits(theta);
    }

    /**
     * Returns the optimizer state (for checkpoints); null before the first step.
     *
     * @return the state
     */
    public State getState() {
        return state;
    }

    /**
     * Restores a state saved with {@link #getState()}.
     *
     * @param restored the state, or null for a fresh optimizer
     */
    public void setState(State restored) {
        this.state = restored;
    }

    /**
     * The moments of Adam and its step count.
     *
     * @param step the number of steps taken
     * @param m the first moments, indexed like the logits
     * @param v the second moments, indexed like the logits
     */
    public record State(int step, double[][][] m, double[][][] v) {}
}
