package ai.mpnas.search.cost;

import ai.mpnas.bitfusion.CostCalculator;
import ai.mpnas.bitfusion.Layer;
import ai.mpnas.bitfusion.LayerCost;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.LayerGeometry;
import ai.mpnas.plugin.space.SearchSpace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The Bit Fusion cost of every choice of every searchable block of a search space, and of the
 * fixed layers. A block's layers depend only on its own choice (blocks meet at 8-bit bottlenecks),
 * so the cost of a network is the fixed cost plus one lookup per block, and the expected cost under
 * a factorised policy is exact. Built once, costing all distinct layers in parallel.
 */
public final class CostTable {

    private final SearchSpace space;
    private final int batch;
    private final double[] fixed;
    private final List<Map<BlockChoice, double[]>> blocks;

    private CostTable(
            SearchSpace space, int batch, double[] fixed, List<Map<BlockChoice, double[]>> blocks) {
        this.space = space;
        this.batch = batch;
        this.fixed = fixed;
        this.blocks = blocks;
    }

    /**
     * Prices every block choice of a search space.
     *
     * @param space the search space
     * @param calculator the Bit Fusion calculator (its model, configuration and depthwise mode)
     * @param batch the batch size to price
     * @return the table
     */
    public static CostTable build(SearchSpace space, CostCalculator calculator, int batch) {
        Architecture reference = space.reference(8);
        List<Layer> layers = new ArrayList<>();
        List<int[]> owners = new ArrayList<>();
        for (LayerGeometry g : reference.layers()) {
            if (!g.name().startsWith("block")) {
                layers.add(BitFusionLayers.of(g, batch));
                owners.add(new int[] {-1, -1});
            }
        }
        List<List<BlockChoice>> candidates = new ArrayList<>();
        for (int b = 0; b < space.numBlocks(); b++) {
            List<BlockChoice> list = space.candidates(b);
            candidates.add(list);
            String prefix = "block" + b + ".";
            for (int c = 0; c < list.size(); c++) {
                List<BlockChoice> choices = new ArrayList<>(reference.blocks());
                choices.set(b, list.get(c));
                for (LayerGeometry g : new Architecture(space, choices).layers()) {
                    if (g.name().startsWith(prefix)) {
                        layers.add(BitFusionLayers.of(g, batch));
                        owners.add(new int[] {b, c});
                    }
                }
            }
        }
        List<LayerCost> costs = calculator.costAll(layers);
        double[] fixed = new double[CostMetric.values().length];
        List<Map<BlockChoice, double[]>> blocks = new ArrayList<>();
        for (List<BlockChoice> list : candidates) {
            Map<BlockChoice, double[]> map = new HashMap<>();
            for (BlockChoice c : list) {
                map.put(c, new double[CostMetric.values().length]);
            }
            blocks.add(map);
        }
        for (int i = 0; i < layers.size(); i++) {
            int[] owner = owners.get(i);
            double[] target =
                    owner[0] < 0
                            ? fixed
                            : blocks.get(owner[0]).get(candidates.get(owner[0]).get(owner[1]));
            for (CostMetric m : CostMetric.values()) {
                target[m.ordinal()] += m.of(costs.get(i));
            }
        }
        return new CostTable(space, batch, fixed, blocks);
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
     * Returns the batch size the table was priced at.
     *
     * @return the batch size
     */
    public int getBatch() {
        return batch;
    }

    /**
     * Returns the cost of the layers that are not searched (stem, head, classifier).
     *
     * @param metric energy or latency
     * @return the fixed cost
     */
    public double fixed(CostMetric metric) {
        return fixed[metric.ordinal()];
    }

    /**
     * Returns the cost of one block choice (0 for a skipped block).
     *
     * @param block the block index
     * @param choice the choice
     * @param metric energy or latency
     * @return the cost
     * @throws IllegalArgumentException if the block does not offer the choice
     */
    public double cost(int block, BlockChoice choice, CostMetric metric) {
        double[] c = blocks.get(block).get(choice);
        if (c == null) {
            throw new IllegalArgumentException(
                    "block " + block + " does not offer the choice " + choice.code());
        }
        return c[metric.ordinal()];
    }

    /**
     * Returns the cost of an architecture: the fixed cost plus one lookup per block.
     *
     * @param architecture an architecture of this search space
     * @param metric energy or latency
     * @return the cost
     */
    public double total(Architecture architecture, CostMetric metric) {
        double sum = fixed(metric);
        for (int b = 0; b < architecture.blocks().size(); b++) {
            sum += cost(b, architecture.blocks().get(b), metric);
        }
        return sum;
    }

    /**
     * Returns the cheapest architecture of the space under a metric.
     *
     * @param metric energy or latency
     * @return the architecture with the cheapest choice at every block
     */
    public Architecture cheapest(CostMetric metric) {
        return extreme(metric, true, (b, c) -> true);
    }

    /**
     * Returns the cheapest architecture among the block choices a constrained search allows.
     *
     * @param metric energy or latency
     * @param allowed whether a choice at a block index is allowed
     * @return the architecture with the cheapest allowed choice at every block
     */
    public Architecture cheapest(CostMetric metric, BiPredicate<Integer, BlockChoice> allowed) {
        return extreme(metric, true, allowed);
    }

    /**
     * Returns the most expensive architecture of the space under a metric.
     *
     * @param metric energy or latency
     * @return the architecture with the most expensive choice at every block
     */
    public Architecture mostExpensive(CostMetric metric) {
        return extreme(metric, false, (b, c) -> true);
    }

    /**
     * Returns the most expensive architecture among the block choices a constrained search
     * allows.
     *
     * @param metric energy or latency
     * @param allowed whether a choice at a block index is allowed
     * @return the architecture with the most expensive allowed choice at every block
     */
    public Architecture mostExpensive(
            CostMetric metric, BiPredicate<Integer, BlockChoice> allowed) {
        return extreme(metric, false, allowed);
    }

    private Architecture extreme(
            CostMetric metric, boolean min, BiPredicate<Integer, BlockChoice> allowed) {
        List<BlockChoice> choices = new ArrayList<>();
        for (int b = 0; b < blocks.size(); b++) {
            BlockChoice best = null;
            for (BlockChoice c : space.candidates(b)) {
                if (!allowed.test(b, c)) {
                    continue;
                }
                double v = cost(b, c, metric);
                if (best == null
                        || (min
                                ? v < cost(b, best, metric)
                                : v > cost(b, best, metric))) {
                    best = c;
                }
            }
            choices.add(best);
        }
        return new Architecture(space, choices);
    }
}
