package ai.mpnas.search.policy;

import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a constrained search may not change, for the baselines the joint search is compared with:
 * bits-only (what HAQ does: the architecture fixed, only the bit widths searched) and arch-only
 * (every bit width fixed, only skip, m and k searched).
 *
 * <p>The policy offers a fixed decision a single value ({@link ArchitecturePolicy}), as it already
 * does for the skip decision of a block that changes shape: its probability is then exactly 1 and
 * its gradient 0, so sampling, the warm-up's paths, E[J], both gradient estimators, the argmax,
 * the derivation's candidates, its dropping of dominated bits and its repair never leave the
 * constrained space, without a mask to keep consistent in each of them.
 *
 * @param architecture the name of the fixed architecture ({@code reference}), or null when s, m
 *     and k are searched
 * @param bits the weight and activation bits of every block, or 0 when the bits are searched
 */
public record SearchConstraint(String architecture, int bits) {

    /** The JSON field of a bits-only search: the name of the fixed architecture. */
    public static final String FIX_ARCHITECTURE = "fix_architecture";

    /** The JSON field of an arch-only search: the fixed weight and activation bits. */
    public static final String FIX_BITS = "fix_bits";

    /** The architectures a search may be fixed to. */
    public static final List<String> ARCHITECTURES = List.of("reference");

    private static final SearchConstraint NONE = new SearchConstraint(null, 0);

    /** Checks the constraint. */
    public SearchConstraint {
        if (architecture != null && !ARCHITECTURES.contains(architecture)) {
            throw new IllegalArgumentException(
                    FIX_ARCHITECTURE + " '" + architecture + "': allowed: "
                            + String.join("|", ARCHITECTURES));
        }
        if (bits < 0) {
            throw new IllegalArgumentException(
                    "fix_bits " + bits + ": allowed: a bit width of the space, or none");
        }
        if (architecture != null && bits != 0) {
            // both fixed is one network: the uniform baseline, which needs no search
            throw new IllegalArgumentException(
                    "fix_architecture and fix_bits together leave nothing to search; allowed: one"
                            + " of them (the reference at uniform bits is `mpnas train --baseline"
                            + " uniform --bits " + bits + "`)");
        }
    }

    /**
     * Returns the unconstrained search (the joint search of architecture and bits).
     *
     * @return no constraint
     */
    public static SearchConstraint none() {
        return NONE;
    }

    /**
     * Returns the bits-only constraint: s, m and k fixed to a named architecture.
     *
     * @param name the architecture, {@code reference} (no skip, the largest m, the smallest k)
     * @return the constraint
     */
    public static SearchConstraint fixArchitecture(String name) {
        return new SearchConstraint(name, 0);
    }

    /**
     * Returns the arch-only constraint: every weight and activation bit width fixed.
     *
     * @param bits the bit width, one the space offers for weights and activations
     * @return the constraint
     */
    public static SearchConstraint fixBits(int bits) {
        if (bits <= 0) {
            throw new IllegalArgumentException(
                    "fix_bits " + bits + ": allowed: a bit width of the space");
        }
        return new SearchConstraint(null, bits);
    }

    /**
     * Returns whether nothing is fixed.
     *
     * @return true for the joint search
     */
    public boolean isNone() {
        return architecture == null && bits == 0;
    }

    /**
     * Returns the name of the contender this constraint makes of the search.
     *
     * @return {@code joint}, {@code bits-only} or {@code arch-only}
     */
    public String contender() {
        return architecture != null ? "bits-only" : bits != 0 ? "arch-only" : "joint";
    }

    /**
     * Describes what is fixed, for messages.
     *
     * @return e.g. {@code arch-only (every bit width fixed at 4)}
     */
    public String describe() {
        if (architecture != null) {
            return "bits-only (the architecture fixed to the " + architecture + ")";
        }
        return bits != 0 ? "arch-only (every bit width fixed at " + bits + ")" : "joint";
    }

    /**
     * Writes the fixed parts, {@value #FIX_ARCHITECTURE} and {@value #FIX_BITS}, into a JSON
     * object; nothing for the joint search, so that its files stay as they were before the
     * baselines.
     *
     * @param json the object to write into
     */
    public void writeTo(ObjectNode json) {
        if (architecture != null) {
            json.put(FIX_ARCHITECTURE, architecture);
        }
        if (bits != 0) {
            json.put(FIX_BITS, bits);
        }
    }

    /**
     * Checks that the space offers what this constraint fixes.
     *
     * @param space the search space
     * @throws IllegalArgumentException naming the field and the allowed values
     */
    public void validate(SearchSpace space) {
        List<Integer> both = new ArrayList<>(space.choices().wbits());
        both.retainAll(space.choices().abits());
        if (bits != 0 && !both.contains(bits)) {
            throw new IllegalArgumentException(
                    "fix_bits " + bits + ": allowed: "
                            + both.stream().map(String::valueOf).collect(Collectors.joining("|"))
                            + " (the bit widths the space offers for weights and activations)");
        }
    }

    /**
     * Returns the values of a decision this constraint leaves to the search at a block.
     *
     * @param space the search space
     * @param block the block index
     * @param decision the decision
     * @param values the values the space offers there, in logit order
     * @return the values allowed, in the same order
     */
    public List<Integer> allowed(SearchSpace space, int block, Decision decision, List<Integer> values) {
        Integer fixed = fixedValue(space, block, decision);
        return fixed == null ? values : values.stream().filter(fixed::equals).toList();
    }

    /**
     * Returns whether a block choice lies in the constrained space.
     *
     * @param space the search space
     * @param block the block index
     * @param choice the choice
     * @return true if every decision the choice uses takes an allowed value
     */
    public boolean allows(SearchSpace space, int block, BlockChoice choice) {
        for (Decision d : ArchitecturePolicy.activeDecisions(choice)) {
            Integer fixed = fixedValue(space, block, d);
            if (fixed != null && fixed != d.valueOf(choice)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the choices of a block in the constrained space.
     *
     * @param space the search space
     * @param block the block index
     * @return the allowed choices, in the order of {@link SearchSpace#candidates(int)}
     */
    public List<BlockChoice> candidates(SearchSpace space, int block) {
        return space.candidates(block).stream().filter(c -> allows(space, block, c)).toList();
    }

    /** The value this constraint fixes a decision to at a block, or null if it is searched. */
    private Integer fixedValue(SearchSpace space, int block, Decision decision) {
        return switch (decision) {
            case SKIP, EXPAND, KERNEL ->
                    architecture == null
                            ? null
                            // the reference's operators do not depend on its bits
                            : decision.valueOf(
                                    space.reference(space.choices().wbits().get(0))
                                            .blocks().get(block));
            case WBITS, ABITS -> bits == 0 ? null : bits;
        };
    }
}
