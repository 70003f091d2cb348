package ai.mpnas.bitfusion;

import java.util.EnumSet;
import java.util.List;

/**
 * A loop order of the tiling search, outer to inner.
 *
 * @param outerToInner the five loops, outermost first
 */
public record LoopOrder(List<Loop> outerToInner) {

    /**
     * Validates that the order is a permutation of the five loops.
     *
     * @throws IllegalArgumentException otherwise
     */
    public LoopOrder {
        outerToInner = List.copyOf(outerToInner);
        if (outerToInner.size() != Loop.values().length
                || EnumSet.copyOf(outerToInner).size() != Loop.values().length) {
            throw new IllegalArgumentException(
                    "loop order must be a permutation of B, OW, OH, IC, OC: " + outerToInner);
        }
    }
}
