package ai.mpnas.cli.sweep;

import ai.mpnas.cli.BitWidths;
import ai.mpnas.search.cost.Budget;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/**
 * What a protocol sweep runs: every contender at every budget and seed, and every uniform network
 * at every seed, in a fixed order (seed by seed, so that the first seed's table is complete first).
 *
 * @param budgets the budgets as given ({@code u4}, {@code 0.5})
 * @param seeds the seeds
 * @param contenders the contenders at each budget
 * @param uniformBits the uniform-precision networks
 * @param recipe the shared recipe
 */
public record ProtocolPlan(List<String> budgets, List<Long> seeds, List<Contender> contenders,
        List<Integer> uniformBits, Recipe recipe) {

    /**
     * Checks the plan.
     *
     * @throws IllegalArgumentException naming the option and the allowed values
     */
    public ProtocolPlan {
        budgets.forEach(Budget::parse);
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("--seeds: give at least one seed");
        }
        uniformBits.forEach(bits -> BitWidths.check("--uniform-bits", bits));
        if (recipe.sharedSupernet()) {
            if (!contenders.contains(Contender.JOINT)) {
                throw new IllegalArgumentException("--shared-supernet derives bits-only and"
                        + " arch-only from the joint search's supernet: add joint to --contenders");
            }
            // the joint point runs first at each budget and seed: the others derive from it
            List<Contender> ordered = new ArrayList<>(List.of(Contender.JOINT));
            contenders.stream().filter(c -> c != Contender.JOINT).forEach(ordered::add);
            contenders = ordered;
        }
        budgets = List.copyOf(budgets);
        seeds = List.copyOf(seeds);
        contenders = List.copyOf(contenders);
        uniformBits = List.copyOf(uniformBits);
    }

    /**
     * Returns every point in the order they run.
     *
     * @return the points
     */
    public List<ProtocolPoint> points() {
        List<ProtocolPoint> points = new ArrayList<>();
        for (long seed : seeds) {
            for (String budget : budgets) {
                for (Contender c : contenders) {
                    points.add(new ProtocolPoint(c, budget, 0, seed));
                }
            }
            for (int bits : uniformBits) {
                points.add(ProtocolPoint.uniform(bits, seed));
            }
        }
        return points;
    }

    /**
     * Parses {@code --seeds}: a list ({@code 1,2,3}) or a count N (seeds 1..N).
     *
     * @param text the option value
     * @return the seeds
     * @throws IllegalArgumentException naming the allowed forms
     */
    public static List<Long> parseSeeds(String text) {
        try {
            if (!text.contains(",")) {
                long n = Long.parseLong(text.trim());
                if (n < 1) {
                    throw new NumberFormatException();
                }
                return LongStream.rangeClosed(1, n).boxed().toList();
            }
            List<Long> seeds = new ArrayList<>();
            for (String s : text.split(",")) {
                seeds.add(Long.parseLong(s.trim()));
            }
            return seeds;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seeds '" + text + "': allowed a count N >= 1 (seeds 1..N) or a list like 1,2,3");
        }
    }
}
