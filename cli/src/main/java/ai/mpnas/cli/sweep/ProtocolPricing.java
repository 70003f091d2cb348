package ai.mpnas.cli.sweep;

import ai.mpnas.search.cost.Budget;
import java.util.Optional;

/** What the sweep asks the Bit Fusion pricing: uniform networks' energies and feasibility. */
public interface ProtocolPricing {

    /**
     * Returns the energy of the search space's reference network at uniform bits.
     *
     * @param bits the bits (8: the reference every relative budget scales)
     * @return the energy in nJ
     */
    double uniformEnergyNj(int bits);

    /**
     * Resolves a budget relative to the 8-bit reference ({@code u4}: the 4-bit network's share).
     *
     * @param budget the budget
     * @return the budget divided by the 8-bit reference's energy
     */
    double relative(Budget budget);

    /**
     * Says why a contender cannot meet a budget at all, where the sweep must ask before running it:
     * the random contender samples the whole space, so it is infeasible where the unconstrained
     * search is. (The searching contenders' own {@code search} command prices first and fails
     * naming the impossible budget, which the sweep records as infeasible.)
     *
     * @param contender the contender
     * @param budget the budget
     * @return the reason, or empty if it can run
     */
    Optional<String> infeasible(Contender contender, Budget budget);
}
