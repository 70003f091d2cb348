package ai.mpnas.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the budget enters the search objective ({@code --penalty}). */
public enum CostPenalty {
    /**
     * The paper's lambda * max(E[J] / c - 1, 0) on the exact expected cost: zero inside the
     * budget, so only a policy over it is pushed, and always towards cheaper architectures.
     */
    HINGE,
    /**
     * TuNAS's two-sided per-sample lambda * |J / c - 1|, added to each sampled architecture's
     * REINFORCE reward: it pulls every sample towards the budget from both sides, so the policy
     * is not rewarded for falling far below it (the hinge's collapse onto skipped blocks).
     */
    ABSOLUTE;

    /**
     * Returns the name used on the command line and in {@code settings.json}.
     *
     * @return {@code hinge} or {@code absolute}
     */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a name written by {@link #jsonName()}.
     *
     * @param name the name
     * @return the penalty
     * @throws IllegalArgumentException naming the allowed values
     */
    public static CostPenalty fromJsonName(String name) {
        for (CostPenalty p : values()) {
            if (p.jsonName().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "penalty = " + name + ": allowed "
                        + Arrays.stream(values()).map(CostPenalty::jsonName)
                                .collect(Collectors.joining("|")));
    }

    /**
     * Returns the per-sample penalty of a cost.
     *
     * @param cost the sampled architecture's cost J
     * @param budget the budget c
     * @param lambda the penalty weight
     * @return lambda * |J / c - 1| for {@link #ABSOLUTE}, lambda * max(J / c - 1, 0) for
     *     {@link #HINGE}
     */
    public double of(double cost, double budget, double lambda) {
        double excess = cost / budget - 1;
        return lambda * (this == ABSOLUTE ? Math.abs(excess) : Math.max(excess, 0));
    }
}
