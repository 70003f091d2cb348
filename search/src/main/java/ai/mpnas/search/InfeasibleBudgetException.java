package ai.mpnas.search;

import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.policy.SearchConstraint;

/**
 * Thrown when even the cheapest architecture a search may reach exceeds its budget: the budget
 * cannot be met at all, so the search fails before it reads any data. A protocol sweep catches it
 * to record the point as infeasible (e.g. bits-only below the reference's cheapest bit widths);
 * everything else treats it as the bad input it is.
 */
public final class InfeasibleBudgetException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient CostMetric metric;
    private final transient SearchConstraint constraint;
    private final double budget;
    private final double cheapest;

    /**
     * Creates the exception.
     *
     * @param message the one-line message, naming the budget and the cheapest cost
     * @param metric the constrained metric
     * @param constraint what the search may not change
     * @param budget the budget, in the metric's unit
     * @param cheapest the cost of the cheapest architecture the search may reach
     */
    public InfeasibleBudgetException(
            String message,
            CostMetric metric,
            SearchConstraint constraint,
            double budget,
            double cheapest) {
        super(message);
        this.metric = metric;
        this.constraint = constraint;
        this.budget = budget;
        this.cheapest = cheapest;
    }

    /**
     * Returns the constrained metric.
     *
     * @return energy or latency
     */
    public CostMetric getMetric() {
        return metric;
    }

    /**
     * Returns the constraint of the search that cannot meet the budget.
     *
     * @return the constraint ({@link SearchConstraint#none()} for the joint search)
     */
    public SearchConstraint getConstraint() {
        return constraint;
    }

    /**
     * Returns the budget that cannot be met.
     *
     * @return the budget in nJ or cycles
     */
    public double getBudget() {
        return budget;
    }

    /**
     * Returns the cost of the cheapest architecture the search may reach.
     *
     * @return the cost in nJ or cycles, above the budget
     */
    public double getCheapest() {
        return cheapest;
    }
}
