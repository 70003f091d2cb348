package ai.mpnas.search.cost;

import ai.mpnas.bitfusion.BitModes;
import ai.mpnas.bitfusion.CostCalculator;
import ai.mpnas.bitfusion.CostModel;
import ai.mpnas.bitfusion.CostModelKind;
import ai.mpnas.bitfusion.DepthwiseMode;
import ai.mpnas.plugin.space.SearchSpace;

/**
 * The searches' former default pricing (apq, grouped depthwise, declared bits, the paper's
 * accelerator) for tests whose numbers were measured under it.
 */
public final class ApqTables {

    private ApqTables() {}

    /**
     * Returns the default calculator.
     *
     * @return apq with grouped depthwise convolutions at the declared bits
     */
    public static CostCalculator calculator() {
        return CostCalculator.builder()
                .setModel(
                        CostModel.builder()
                                .setKind(CostModelKind.APQ)
                                .optDepthwiseMode(DepthwiseMode.GROUPED)
                                .optBitModes(BitModes.EXACT)
                                .build())
                .build();
    }

    /**
     * Builds the cost table of a space at batch 1 with the default calculator.
     *
     * @param space the search space
     * @return the table
     */
    public static CostTable table(SearchSpace space) {
        return CostTable.build(space, calculator(), 1);
    }
}
