package ai.mpnas.search.policy;

import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.ChoiceSets;
import java.util.List;

/** One factorised decision of a searchable block: the policy has a categorical per decision. */
public enum Decision {
    /** Run the block (1) or skip it (0, identity). */
    SKIP("s"),
    /** The expansion ratio m. */
    EXPAND("m"),
    /** The depthwise kernel size k. */
    KERNEL("k"),
    /** The weight bits b1. */
    WBITS("wbits"),
    /** The activation bits b2. */
    ABITS("abits");

    private final String key;

    Decision(String key) {
        this.key = key;
    }

    /**
     * Returns the name of the decision in {@code policy.json}.
     *
     * @return {@code s}, {@code m}, {@code k}, {@code wbits} or {@code abits}
     */
    public String key() {
        return key;
    }

    /**
     * Returns the values this decision may take in a choice set.
     *
     * @param sets the choice sets of a search space
     * @return the values, in the order of the policy's logits
     */
    public List<Integer> values(ChoiceSets sets) {
        return switch (this) {
            case SKIP -> sets.s();
            case EXPAND -> sets.m();
            case KERNEL -> sets.k();
            case WBITS -> sets.wbits();
            case ABITS -> sets.abits();
        };
    }

    /**
     * Returns the value a choice takes for this decision.
     *
     * @param choice a block choice
     * @return the value (0 or 1 for {@link #SKIP})
     */
    public int valueOf(BlockChoice choice) {
        return switch (this) {
            case SKIP -> choice.skip() ? 0 : 1;
            case EXPAND -> choice.m();
            case KERNEL -> choice.k();
            case WBITS -> choice.wbits();
            case ABITS -> choice.abits();
        };
    }
}
