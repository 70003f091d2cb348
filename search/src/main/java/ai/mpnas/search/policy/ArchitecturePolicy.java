package ai.mpnas.search.policy;

import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleBiFunction;

/**
 * The policy pi_theta over the architectures of a {@link SearchSpace}: independent categorical
 * distributions, one per searchable block and {@link Decision}, each parameterised by logits.
 *
 * <p>The probability of a block choice is the product of the probabilities of its decisions; a
 * skipped block has only its skip decision active. At blocks that cannot be skipped (the shape
 * changes) the skip decision has the single value 1. The logits are plain doubles: the search
 * copies them into the engine for the pathwise gradient ({@link ThetaArrays}) and adds the
 * score-function gradient of the cost computed here.
 *
 * <p>A {@link SearchConstraint} leaves a fixed decision a single value in the same way, so that
 * nothing computed from the policy leaves the constrained space.
 */
public final class ArchitecturePolicy {

    private static final Decision[] DECISIONS = Decision.values();

    private final SearchSpace space;
    private final SearchConstraint constraint;
    private final List<List<List<Integer>>> values;
    private final List<List<BlockChoice>> candidates;
    private final Logits logits;

    private ArchitecturePolicy(SearchSpace space, SearchConstraint constraint) {
        constraint.validate(space);
        this.space = space;
        this.constraint = constraint;
        values = new ArrayList<>();
        candidates = new ArrayList<>();
        double[][][] zeros = new double[space.numBlocks()][DECISIONS.length][];
        for (int b = 0; b < space.numBlocks(); b++) {
            List<List<Integer>> blockValues = new ArrayList<>();
            for (Decision d : DECISIONS) {
                List<Integer> v = d.values(space.choices());
                if (d == Decision.SKIP && !space.canSkip(b)) {
                    v = List.of(1);
                }
                v = constraint.allowed(space, b, d, v);
                blockValues.add(List.copyOf(v));
                zeros[b][d.ordinal()] = new double[v.size()];
            }
            values.add(blockValues);
            candidates.add(constraint.candidates(space, b));
        }
        logits = Logits.wrap(zeros);
    }

    /**
     * Returns the uniform policy (all logits zero) over a search space.
     *
     * @param space the search space
     * @return the uniform policy
     */
    public static ArchitecturePolicy uniform(SearchSpace space) {
        return uniform(space, SearchConstraint.none());
    }

    /**
     * Returns the uniform policy over what a constraint leaves to the search (the warm-up's).
     *
     * @param space the search space
     * @param constraint what the search may not change
     * @return the uniform policy
     */
    public static ArchitecturePolicy uniform(SearchSpace space, SearchConstraint constraint) {
        return new ArchitecturePolicy(space, constraint);
    }

    /**
     * Returns the policy that is uniform over m, k and the bit widths and skips every block that
     * may be skipped with probability {@code skip}. 0.5 is the uniform policy over the codes
     * (s, m, k, b1, b2); 0.1 puts skipping on the footing of one of a block's nine m x k
     * operators, as when skip is one candidate operator among the others (FBNet).
     *
     * @param space the search space
     * @param skip the probability of skipping, in (0, 1)
     * @return the policy
     */
    public static ArchitecturePolicy withSkipProbability(SearchSpace space, double skip) {
        return withSkipProbability(space, skip, SearchConstraint.none());
    }

    /**
     * Returns {@link #withSkipProbability(SearchSpace, double)} within a constraint.
     *
     * @param space the search space
     * @param skip the probability of skipping, in (0, 1)
     * @param constraint what the search may not change
     * @return the policy
     */
    public static ArchitecturePolicy withSkipProbability(
            SearchSpace space, double skip, SearchConstraint constraint) {
        if (!(skip > 0 && skip < 1)) {
            throw new IllegalArgumentException(
                    "skip probability " + skip + ": allowed values are in (0, 1)");
        }
        ArchitecturePolicy policy = new ArchitecturePolicy(space, constraint);
        for (int b = 0; b < policy.numBlocks(); b++) {
            List<Integer> v = policy.values(b, Decision.SKIP);
            if (v.size() == 2) {
                // running keeps logit 0, so 0.5 gives exactly the uniform policy's logits
                double[] logits = new double[2];
                logits[v.indexOf(0)] = Math.log(skip) - Math.log1p(-skip);
                policy.setLogits(b, Decision.SKIP, logits);
            }
        }
        return policy;
    }

    /**
     * Returns the search space.
     *
     * @return the search space
     */
    public SearchSpace getSearchSpace() {
        return space;
    }

    /**
     * Returns what the search may not change.
     *
     * @return the constraint ({@link SearchConstraint#none()} for the joint search)
     */
    public SearchConstraint getConstraint() {
        return constraint;
    }

    /**
     * Returns the choices of a block that the constraint allows (all others have probability 0).
     *
     * @param block the block index
     * @return the choices
     */
    public List<BlockChoice> candidates(int block) {
        return candidates.get(block);
    }

    /**
     * Returns the number of searchable blocks.
     *
     * @return the number of blocks
     */
    public int numBlocks() {
        return logits.numBlocks();
    }

    /**
     * Returns the values a decision may take at a block, in logit order.
     *
     * @param block the block index
     * @param decision the decision
     * @return the values
     */
    public List<Integer> values(int block, Decision decision) {
        return values.get(block).get(decision.ordinal());
    }

    /**
     * Returns a copy of the logits of a decision at a block.
     *
     * @param block the block index
     * @param decision the decision
     * @return the logits
     */
    public double[] logits(int block, Decision decision) {
        return logits.get(block, decision);
    }

    /**
     * Replaces the logits of a decision at a block.
     *
     * @param block the block index
     * @param decision the decision
     * @param newLogits the logits, one per value
     * @throws IllegalArgumentException if the length or a value is wrong
     */
    public void setLogits(int block, Decision decision, double[] newLogits) {
        List<Integer> held = values(block, decision);
        if (newLogits.length != held.size()) {
            throw new IllegalArgumentException("block " + block + " decision '" + decision.key()
                    + "': " + newLogits.length + " logits for " + held.size() + " values "
                    + held);
        }
        for (double v : newLogits) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(
                        "block " + block + " decision '" + decision.key() + "': logit " + v);
            }
        }
        logits.set(block, decision, newLogits);
    }

    /**
     * Returns the probabilities of a decision at a block (softmax of its logits).
     *
     * @param block the block index
     * @param decision the decision
     * @return the probabilities, in value order
     */
    public double[] probabilities(int block, Decision decision) {
        return softmax(logits.row(block, decision.ordinal()), 1.0);
    }

    /**
     * Returns the probability of a block choice under the policy.
     *
     * @param block the block index
     * @param choice the choice
     * @return its probability (0 for a choice the block does not offer)
     */
    public double probability(int block, BlockChoice choice) {
        double p = 1;
        for (Decision d : activeDecisions(choice)) {
            int index = values(block, d).indexOf(d.valueOf(choice));
            if (index < 0) {
                return 0;
            }
            p *= probabilities(block, d)[index];
        }
        return p;
    }

    /**
     * Returns the log-probability of an architecture.
     *
     * @param architecture an architecture of this search space
     * @return log pi(architecture)
     */
    public double logProbability(Architecture architecture) {
        double sum = 0;
        for (int b = 0; b < numBlocks(); b++) {
            sum += Math.log(probability(b, architecture.blocks().get(b)));
        }
        return sum;
    }

    /**
     * Returns the most likely architecture: per block, the most likely value of each decision.
     * Under a factorised policy this is the most likely choice of each block, except that a block
     * is skipped only when skipping is more likely than running it.
     *
     * @return the most likely architecture
     */
    public Architecture mostLikely() {
        List<BlockChoice> choices = new ArrayList<>();
        for (int b = 0; b < numBlocks(); b++) {
            int[] index = new int[DECISIONS.length];
            for (Decision d : DECISIONS) {
                index[d.ordinal()] = Logits.argmax(logits.row(b, d.ordinal()));
            }
            // On a tie between skipping and running, run the block.
            int run = values(b, Decision.SKIP).indexOf(1);
            double[] skip = logits.row(b, Decision.SKIP.ordinal());
            if (run >= 0 && skip[run] == skip[index[Decision.SKIP.ordinal()]]) {
                index[Decision.SKIP.ordinal()] = run;
            }
            choices.add(choiceOf(b, index));
        }
        return new Architecture(space, choices);
    }

    /**
     * Draws one architecture with the Gumbel-max trick, keeping the Gumbel noise so that the
     * straight-through Gumbel-softmax gates of the same sample can be built ({@link ThetaArrays}).
     *
     * @param rng the random source
     * @param temperature the Gumbel-softmax temperature (used by the relaxed weights)
     * @return the sample
     */
    public PolicySample sample(Random rng, double temperature) {
        Logits noise = logits.zerosLike();
        List<BlockChoice> choices = new ArrayList<>();
        int[][] indices = new int[numBlocks()][DECISIONS.length];
        for (int b = 0; b < numBlocks(); b++) {
            for (Decision d : DECISIONS) {
                double[] theta = logits.row(b, d.ordinal());
                double[] g = noise.row(b, d.ordinal());
                double[] perturbed = new double[theta.length];
                for (int j = 0; j < theta.length; j++) {
                    g[j] = gumbel(rng);
                    perturbed[j] = theta[j] + g[j];
                }
                indices[b][d.ordinal()] = Logits.argmax(perturbed);
            }
            choices.add(choiceOf(b, indices[b]));
        }
        return new PolicySample(new Architecture(space, choices), indices, noise, temperature);
    }

    /**
     * Returns the gradient of log pi(architecture) with respect to every logit (the score
     * function of REINFORCE): one-hot minus the probabilities for each active decision, zero for
     * the decisions of a skipped block.
     *
     * @param architecture an architecture of this search space
     * @return the gradient
     */
    public Logits scoreFunction(Architecture architecture) {
        Logits grad = zerosLike();
        for (int b = 0; b < numBlocks(); b++) {
            addScore(grad, b, architecture.blocks().get(b), 1.0);
        }
        return grad;
    }

    /**
     * Returns the REINFORCE estimate of the gradient of E[v] from architectures sampled together,
     * (1/n) sum_i (v_i - b_i) d log pi(alpha_i). With one architecture b is the given baseline
     * (e.g. a moving average); with more, b_i is the mean value of the others (leave-one-out),
     * which keeps the estimate unbiased and cancels whatever the samples share: evaluated on the
     * same validation batch, the batch's own difficulty.
     *
     * @param architectures the sampled architectures
     * @param values their values (loss or cost)
     * @param baseline the baseline used when only one architecture was sampled
     * @return the gradient
     */
    public Logits reinforceGradient(
            List<Architecture> architectures, double[] values, double baseline) {
        int n = architectures.size();
        if (n == 0 || values.length != n) {
            throw new IllegalArgumentException(
                    n + " architectures and " + values.length + " values: need one value each");
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        Logits grad = zerosLike();
        for (int i = 0; i < n; i++) {
            double b = n == 1 ? baseline : (sum - values[i]) / (n - 1);
            double weight = (values[i] - b) / n;
            for (int block = 0; block < numBlocks(); block++) {
                addScore(grad, block, architectures.get(i).blocks().get(block), weight);
            }
        }
        return grad;
    }

    /**
     * Returns the exact expected cost E[J] under the policy of a cost that is additive over blocks.
     *
     * @param fixed the cost of the layers that are not searched
     * @param blockCost the cost of a block choice at a block index
     * @return E[J]
     */
    public double expectedCost(double fixed, ToDoubleBiFunction<Integer, BlockChoice> blockCost) {
        double sum = fixed;
        for (int b = 0; b < numBlocks(); b++) {
            for (BlockChoice c : candidates(b)) {
                double p = probability(b, c);
                if (p > 0) {
                    sum += p * blockCost.applyAsDouble(b, c);
                }
            }
        }
        return sum;
    }

    /**
     * Returns the exact gradient of E[J] with respect to every logit, for a cost that is additive
     * over blocks: the sum over each block's choices of P(c) J(c) d log P(c). It has no variance,
     * unlike the REINFORCE estimate of the same quantity.
     *
     * @param blockCost the cost of a block choice at a block index
     * @return the gradient
     */
    public Logits expectedCostGradient(ToDoubleBiFunction<Integer, BlockChoice> blockCost) {
        Logits grad = zerosLike();
        for (int b = 0; b < numBlocks(); b++) {
            for (BlockChoice c : candidates(b)) {
                double p = probability(b, c);
                if (p > 0) {
                    addScore(grad, b, c, p * blockCost.applyAsDouble(b, c));
                }
            }
        }
        return grad;
    }

    /**
     * Returns zeros shaped like the logits.
     *
     * @return the zeros
     */
    public Logits zerosLike() {
        return logits.zerosLike();
    }

    /**
     * Returns a copy of all logits.
     *
     * @return the logits
     */
    public Logits allLogits() {
        return logits.copy();
    }

    /**
     * Replaces all logits.
     *
     * @param all the logits
     * @throws IllegalArgumentException if a length or a value is wrong
     */
    public void setAllLogits(Logits all) {
        if (all.numBlocks() != numBlocks()) {
            throw new IllegalArgumentException(
                    all.numBlocks() + " blocks of logits for " + numBlocks());
        }
        for (int b = 0; b < numBlocks(); b++) {
            for (Decision d : DECISIONS) {
                setLogits(b, d, all.row(b, d.ordinal()));
            }
        }
    }

    /**
     * Returns the decisions that a choice uses: only {@link Decision#SKIP} for a skipped block.
     *
     * @param choice the choice
     * @return the active decisions
     */
    public static List<Decision> activeDecisions(BlockChoice choice) {
        return choice.skip() ? List.of(Decision.SKIP) : Arrays.asList(DECISIONS);
    }

    static double[] softmax(double[] x, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v / temperature);
        }
        double[] p = new double[x.length];
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            p[i] = Math.exp(x[i] / temperature - max);
            sum += p[i];
        }
        for (int i = 0; i < x.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private void addScore(Logits grad, int block, BlockChoice choice, double scale) {
        for (Decision d : activeDecisions(choice)) {
            int index = values(block, d).indexOf(d.valueOf(choice));
            double[] p = probabilities(block, d);
            double[] g = grad.row(block, d.ordinal());
            for (int j = 0; j < p.length; j++) {
                g[j] += scale * ((j == index ? 1 : 0) - p[j]);
            }
        }
    }

    private BlockChoice choiceOf(int block, int[] index) {
        if (values(block, Decision.SKIP).get(index[Decision.SKIP.ordinal()]) == 0) {
            return BlockChoice.skipBlock();
        }
        return BlockChoice.of(
                values(block, Decision.EXPAND).get(index[Decision.EXPAND.ordinal()]),
                values(block, Decision.KERNEL).get(index[Decision.KERNEL.ordinal()]),
                values(block, Decision.WBITS).get(index[Decision.WBITS.ordinal()]),
                values(block, Decision.ABITS).get(index[Decision.ABITS.ordinal()]));
    }

    private static double gumbel(Random rng) {
        double u;
        do {
            u = rng.nextDouble();
        } while (u == 0);
        return -Math.log(-Math.log(u));
    }
}
