package ai.mpnas.search;

import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.cost.CostTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.BiPredicate;

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
        this(table, (block, choice) -> true);
    }

    /**
     * Prepares sampling over the part of a priced space a search may reach.
     *
     * @param table the cost table of the space (the search's pricing)
     * @param allowed which choices each block may take (a search's constraint)
     */
    public RandomArchitectures(CostTable table, BiPredicate<Integer, BlockChoice> allowed) {
        this.table = table;
        SearchSpace space = table.getSearchSpace();
        fixed = table.fixed(CostMetric.ENERGY);
        choices = new ArrayList<>();
        blockEnergy = new double[space.numBlocks()][];
        for (int b = 0; b < space.numBlocks(); b++) {
            int block = b;
            List<BlockChoice> list =
                    space.candidates(b).stream().filter(c -> allowed.test(block, c)).toList();
            if (list.isEmpty()) {
                throw new IllegalArgumentException("block " + b + " allows none of its choices");
            }
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
            if (band.contains(draw(rng, pick))) {
                found.add(blocks(pick));
            }
        }
        if (found.size() < count) {
            throw new IllegalArgumentException(unmet(band, count, found.size(), maxSamples));
        }
        SearchSpace space = table.getSearchSpace();
        return found.stream().map(blocks -> new Architecture(space, blocks)).toList();
    }

    /**
     * Draws one architecture in each of {@code strata} equal slices of an energy range (each
     * slice half-open but the last), uniformly among the architectures in its slice, so that
     * they spread over the range; the same seed gives the same list.
     *
     * @param low the lower end of the range in nJ
     * @param high the upper end in nJ
     * @param strata the number of slices, at least 1
     * @param seed the seed of the draws
     * @param maxSamples how many samples to draw at most before failing
     * @return one architecture per slice, cheapest slice first
     * @throws IllegalArgumentException naming the slices no sample landed in
     */
    public List<Architecture> sampleStrata(
            double low, double high, int strata, long seed, int maxSamples) {
        if (strata < 1 || !(low < high)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "strata %d of [%.6g, %.6g] nJ: allowed at least 1 of a non-empty range",
                    strata, low, high));
        }
        Random rng = new Random(seed);
        List<List<BlockChoice>> found = new ArrayList<>(Collections.nCopies(strata, null));
        int missing = strata;
        int[] pick = new int[choices.size()];
        for (int n = 0; n < maxSamples && missing > 0; n++) {
            double e = draw(rng, pick);
            int slice = (int) Math.floor((e - low) / (high - low) * strata);
            slice = e == high ? strata - 1 : slice;
            if (slice >= 0 && slice < strata && found.get(slice) == null) {
                found.set(slice, blocks(pick));
                missing--;
            }
        }
        if (missing > 0) {
            List<String> empty = new ArrayList<>();
            for (int i = 0; i < strata; i++) {
                if (found.get(i) == null) {
                    double width = (high - low) / strata;
                    empty.add(String.format(Locale.ROOT, "[%.6g, %.6g)",
                            low + width * i, low + width * (i + 1)));
                }
            }
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "no architecture landed in %d of %d energy slices of [%.6g, %.6g] nJ in %d"
                            + " uniform samples: %s nJ; ask for fewer",
                    missing, strata, low, high, maxSamples, String.join(", ", empty)));
        }
        SearchSpace space = table.getSearchSpace();
        return found.stream().map(blocks -> new Architecture(space, blocks)).toList();
    }

    /** Draws every block's choice index uniformly into {@code pick}; returns the energy. */
    private double draw(Random rng, int[] pick) {
        double e = fixed;
        for (int b = 0; b < pick.length; b++) {
            pick[b] = rng.nextInt(blockEnergy[b].length);
            e += blockEnergy[b][pick[b]];
        }
        return e;
    }

    private List<BlockChoice> blocks(int[] pick) {
        List<BlockChoice> arch = new ArrayList<>(pick.length);
        for (int b = 0; b < pick.length; b++) {
            arch.add(choices.get(b).get(pick[b]));
        }
        return arch;
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
