package ai.mpnas.search;

import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.cost.CostTable;
import ai.mpnas.search.policy.ArchitecturePolicy;
import ai.mpnas.search.policy.SearchConstraint;
import java.util.ArrayList;
import java.util.List;

/**
 * Derives the result of a search: the most likely architecture under the policy (or another
 * start, such as an architecture sampled from it), with dominated bit widths dropped
 * ({@link #dropDominatedBits}) and repaired if it breaks the budget. The repair changes one block at a time to a cheaper choice, each time the
 * change that gives up the least log-probability per unit of cost saved, until the network fits;
 * it always ends, because the cheapest architecture of the space fits (checked when the search
 * starts).
 *
 * <p>What a change gives up is counted over the decisions it changes. Skipping a block changes
 * one decision, s: it gives up {@code log P(run) - log P(skip)}. Counting instead the whole
 * probability of the running choice (s times m, k and both bit widths) would make skipping look
 * like a gain whenever the block's other decisions are uncertain, and the repair would skip blocks
 * that the policy wants to run.
 */
public final class Derivation {

    private Derivation() {}

    /**
     * Returns the most likely architecture, with dominated bit widths dropped, within the budget.
     *
     * @param policy the trained policy
     * @param table the cost table
     * @param metric the constrained metric
     * @param budget the budget in the metric's unit
     * @return the derived architecture and how many blocks the repair changed
     */
    public static Result derive(
            ArchitecturePolicy policy, CostTable table, CostMetric metric, double budget) {
        return derive(policy, table, metric, budget, policy.mostLikely());
    }

    /**
     * Returns an architecture, with dominated bit widths dropped, within the budget.
     *
     * @param policy the trained policy, whose probabilities rank the repair's changes
     * @param table the cost table
     * @param metric the constrained metric
     * @param budget the budget in the metric's unit
     * @param start the architecture to derive from, e.g. one sampled from the policy
     * @return the derived architecture and how many blocks the repair changed
     */
    public static Result derive(
            ArchitecturePolicy policy,
            CostTable table,
            CostMetric metric,
            double budget,
            Architecture start) {
        return repair(policy, table, metric, budget,
                dropDominatedBits(table, metric, start, policy.getConstraint()));
    }

    /**
     * Repairs an architecture to fit the budget (unchanged if it fits), changing blocks only to
     * choices that the policy's constraint allows.
     *
     * @param policy the trained policy, whose probabilities rank the changes
     * @param table the cost table
     * @param metric the constrained metric
     * @param budget the budget in the metric's unit
     * @param start the architecture to repair
     * @return the architecture within the budget and how many blocks the repair changed
     */
    public static Result repair(
            ArchitecturePolicy policy,
            CostTable table,
            CostMetric metric,
            double budget,
            Architecture start) {
        List<BlockChoice> choices = new ArrayList<>(start.blocks());
        int repaired = 0;
        double total = table.total(start, metric);
        while (total > budget) {
            int bestBlock = -1;
            BlockChoice bestChoice = null;
            double bestRatio = Double.POSITIVE_INFINITY;
            for (int b = 0; b < choices.size(); b++) {
                BlockChoice current = choices.get(b);
                double cost = table.cost(b, current, metric);
                for (BlockChoice c : policy.candidates(b)) {
                    double saved = cost - table.cost(b, c, metric);
                    if (saved <= 0) {
                        continue;
                    }
                    double ratio = logProbabilityGivenUp(policy, b, current, c) / saved;
                    if (ratio < bestRatio) {
                        bestRatio = ratio;
                        bestBlock = b;
                        bestChoice = c;
                    }
                }
            }
            if (bestBlock < 0) {
                throw new IllegalStateException(
                        "no cheaper choice left, yet " + total + " > budget " + budget);
            }
            choices.set(bestBlock, bestChoice);
            repaired++;
            total = table.total(new Architecture(table.getSearchSpace(), choices), metric);
        }
        return new Result(new Architecture(table.getSearchSpace(), choices), repaired, total);
    }

    /**
     * Replaces every running block whose bit widths are dominated: where the same operator (m, k)
     * at bit widths no lower in weights and activations costs no more, the block takes the
     * cheapest such choice (more bits on a tie). Quantization-aware training does not lose
     * accuracy from more bits, so this never costs accuracy and often saves cost: in the APQ
     * model 2-bit layers cost more than 4-bit ones (padding of the fused array), and a policy that
     * has not learned its bits (their loss gradient is weak) would otherwise keep them.
     *
     * @param table the cost table
     * @param metric the constrained metric
     * @param architecture the architecture
     * @return the architecture with no dominated bit widths
     */
    public static Architecture dropDominatedBits(
            CostTable table, CostMetric metric, Architecture architecture) {
        return dropDominatedBits(table, metric, architecture, SearchConstraint.none());
    }

    /**
     * Returns {@link #dropDominatedBits(CostTable, CostMetric, Architecture)} among the choices a
     * constraint allows (with the bits fixed, nothing changes).
     *
     * @param table the cost table
     * @param metric the constrained metric
     * @param architecture the architecture, within the constraint
     * @param constraint what the search may not change
     * @return the architecture with no dominated bit widths, within the constraint
     */
    public static Architecture dropDominatedBits(
            CostTable table, CostMetric metric, Architecture architecture,
            SearchConstraint constraint) {
        SearchSpace space = table.getSearchSpace();
        List<BlockChoice> choices = new ArrayList<>(architecture.blocks());
        for (int b = 0; b < choices.size(); b++) {
            BlockChoice current = choices.get(b);
            if (current.skip()) {
                continue;
            }
            BlockChoice best = current;
            double bestCost = table.cost(b, current, metric);
            for (BlockChoice c : constraint.candidates(space, b)) {
                if (c.skip() || c.m() != current.m() || c.k() != current.k()
                        || c.wbits() < current.wbits() || c.abits() < current.abits()) {
                    continue;
                }
                double cost = table.cost(b, c, metric);
                if (cost < bestCost
                        || cost == bestCost && c.wbits() + c.abits() > best.wbits() + best.abits()) {
                    best = c;
                    bestCost = cost;
                }
            }
            choices.set(b, best);
        }
        return new Architecture(space, choices);
    }

    /**
     * The log-probability a change of one block gives up, over the decisions it changes.
     *
     * @param policy the policy
     * @param block the block
     * @param from the block's current choice (running, since skipping costs nothing)
     * @param to the cheaper choice
     * @return {@code log P(from) - log P(to)} over the changed decisions
     */
    static double logProbabilityGivenUp(
            ArchitecturePolicy policy, int block, BlockChoice from, BlockChoice to) {
        if (to.skip() && !from.skip()) {
            double skip = policy.probability(block, to);
            return Math.log1p(-skip) - Math.log(skip);
        }
        return Math.log(policy.probability(block, from)) - Math.log(policy.probability(block, to));
    }

    /**
     * A derived architecture.
     *
     * @param architecture the architecture within the budget
     * @param repairs how many block changes the repair made (0: the most likely one fits)
     * @param cost its cost under the constrained metric
     */
    public record Result(Architecture architecture, int repairs, double cost) {}
}
