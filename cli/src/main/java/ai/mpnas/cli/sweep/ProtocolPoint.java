package ai.mpnas.cli.sweep;

import ai.mpnas.search.cost.Budget;
import java.io.Serializable;

/**
 * One point of the protocol: a contender at a budget and seed, or a uniform-precision network
 * (budget-free: it competes at its own energy, labelled {@code uN}). Serializable: a Spark task
 * carries it.
 *
 * @param contender the contender, or null for a uniform network
 * @param budget the budget as given, or {@code uN} for a uniform network
 * @param uniformBits the bits of a uniform network, or 0
 * @param seed the seed of every step
 */
public record ProtocolPoint(Contender contender, String budget, int uniformBits, long seed)
        implements Serializable {

    /**
     * Returns a uniform-precision point.
     *
     * @param bits the bits
     * @param seed the seed
     * @return the point
     */
    public static ProtocolPoint uniform(int bits, long seed) {
        return new ProtocolPoint(null, "u" + bits, bits, seed);
    }

    /**
     * Returns whether this is a uniform-precision network.
     *
     * @return true for uniform-N
     */
    public boolean isUniform() {
        return contender == null;
    }

    /**
     * Returns the contender's name in the table.
     *
     * @return e.g. {@code joint} or {@code uniform-4}
     */
    public String label() {
        return isUniform() ? "uniform-" + uniformBits : contender.label();
    }

    /**
     * Returns the parsed budget.
     *
     * @return the budget ({@code uN} for a uniform network)
     */
    public Budget parsedBudget() {
        return Budget.parse(budget);
    }

    /**
     * Returns the point's directory name under {@code DIR/points/}.
     *
     * @return e.g. {@code u4-joint-s1} or {@code uniform-4-s1}
     */
    public String id() {
        return isUniform() ? label() + "-s" + seed : budget + "-" + label() + "-s" + seed;
    }
}
