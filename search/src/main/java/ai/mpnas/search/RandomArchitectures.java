package ai.mpnas.search;

import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.cost.CostTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Samples architectures uniformly from a search space within an energy band, by rejection: each
 * block takes one of its distinct choices with equal probability (skip is one choice, not half of
 * them as under the search's uniform policy), so every architecture of the space is equally likely
 * and the accepted ones are uniform over the architectures inside the band. Pricing is one table
 * lookup per block, so a million samples take well under a second.
 */
public final class RandomArchitectures {

    /** The default bound on the samples drawn before giving up. */
    public static final int DEFAULT_MAX_SAMPLES = 2_000_000;

    /** The lower edge of the band as a fraction of the budget: candidates use most of it. */
    public static final double BAND_LOW = 0.9;

    private final CostTable table;
    private final double fixed;
    private final List<List<BlockChoice>> choices;
    private final double[][] blockEnergy;

    /**
     * Prepares sampling over a priced space.
     *
     * @param table the cost table of the space (the search's pricing)
     */
    public RandomArchitectures(CostTable table) {
        this.table = table;
        SearchSpace space = table.getSearchSpace();
        fixed = table.fixed(CostMetric.ENERGY);
        choices = new ArrayList<>();
        blockEnergy = new double[space.numBlocks()][];
        for (int b = 0; b < space.numBlocks(); b++) {
            List<BlockChoice> list = space.candidates(b);
            choices.add(list);
            blockEnergy[b] = new double[list.size()];
            for (int c = 0; c < list.size(); c++) {
                blockEnergy[b][c] = table.cost(b, list.get(c), CostMetric.ENERGY);
            }
        }
    }

    /**
     * Resolves a budget c as the search does (relative to the uniform 8-bit reference network
     * priced by the same table, {@code uN} the reference's own energy at N bits, or absolute) into
     * the band [0.9c, c].
     *
     * @param budget the energy budget
     * @param frequencyHz the accelerator clock (what {@link Budget#resolve} needs for ms)
     * @return the band in nJ
     * @throws IllegalArgumentException if the budget is not an energy budget
     */
    public Band band(Budget budget, long frequencyHz) {
        SearchSpace space = table.getSearchSpace();
        double c =
                budget.resolve(
                        CostMetric.ENERGY, bits -> energy(space.reference(bits)), frequencyHz);
        return new Band(budget, BAND_LOW * c, c, energy(space.reference(8)));
    }

    /**
     * Returns the energy of an architecture of the space, from the table.
     *
     * @param architecture the architecture
     * @return its energy in nJ
     */
    public double energy(Architecture architecture) {
        return table.total(architecture, CostMetric.ENERGY);
    }

    /**
     * Draws distinct architectures inside a band; the same seed gives the same list.
     *
     * @param band the energy band
     * @param count how many architectures
     * @param seed the seed of the draws
     * @param maxSamples how many samples to draw at most before failing
     * @return the architectures, in the order drawn
     * @throws IllegalArgumentException naming the band and the space's cheapest and most expensive
     *     energies if fewer than {@code count} distinct architectures landed in the band
     */
    public List<Architecture> sample(Band band, int count, long seed, int maxSamples) {
        if (count < 1) {
            throw new IllegalArgumentException("candidates " + count + ": allowed >= 1");
        }
        Random rng = new Random(seed);
        Set<List<BlockChoice>> found = new LinkedHashSet<>();
        int[] pick = new int[choices.size()];
        for (int n = 0; n < maxSamples && found.size() < count; n++) {
            double e = fixed;
            for (int b = 0; b < pick.length; b++) {
                pick[b] = rng.nextInt(blockEnergy[b].length);
                e += blockEnergy[b][pick[b]];
            }
            if (band.contains(e)) {
                List<BlockChoice> arch = new ArrayList<>(pick.length);
                for (int b = 0; b < pick.length; b++) {
                    arch.add(choices.get(b).get(pick[b]));
                }
                found.add(arch);
            }
        }
        if (found.size() < count) {
            throw new IllegalArgumentException(unmet(band, count, found.size(), maxSamples));
        }
        SearchSpace space = table.getSearchSpace();
        return found.stream().map(blocks -> new Architecture(space, blocks)).toList();
    }

    private String unmet(Band band, int count, int found, int maxSamples) {
        return String.format(
                Locale.ROOT,
                "random baseline: %d of %d distinct architectures landed in the energy band"
                        + " [%.6g, %.6g] nJ (0.9c..c, budget %s) in %d uniform samples; the space"
                        + " costs %.6g nJ at its cheapest and %.6g nJ at its most expensive",
                found,
                count,
                band.low(),
                band.high(),
                band.budget(),
                maxSamples,
                energy(table.cheapest(CostMetric.ENERGY)),
                energy(table.mostExpensive(CostMetric.ENERGY)));
    }

    /**
     * An energy band [low, high] in nJ.
     *
     * @param budget the budget it was resolved from
     * @param low the lower edge, 0.9c
     * @param high the budget c
     * @param referenceNj the energy of the uniform 8-bit reference network
     */
    public record Band(Budget budget, double low, double high, double referenceNj) {

        /**
         * Returns whether an energy lies in the band, edges included.
         *
         * @param energyNj the energy
         * @return true if low &lt;= energy &lt;= high
         */
        public boolean contains(double energyNj) {
            return energyNj >= low && energyNj <= high;
        }
    }
}
