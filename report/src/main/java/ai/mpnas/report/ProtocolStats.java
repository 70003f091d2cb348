package ai.mpnas.report;

import ai.mpnas.formats.ProtocolRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statistics of a protocol table: per budget and contender the mean and sample standard
 * deviation of top-1 over seeds, and the paired difference joint minus each other contender over
 * the seeds both have, with its sign count. Infeasible rows count as rows but never enter a mean.
 */
public final class ProtocolStats {

    private ProtocolStats() {}

    /**
     * One contender at one budget.
     *
     * @param budgetLabel the budget as given
     * @param budget the budget relative to the 8-bit reference (the mean over the rows)
     * @param contender the contender
     * @param seeds the feasible rows (seeds) averaged
     * @param infeasible the infeasible rows
     * @param meanTop1 the mean top-1, NaN without a feasible row
     * @param stdTop1 the sample standard deviation (n - 1), NaN with fewer than two rows
     * @param meanEnergyVs8bit the mean energy relative to the 8-bit reference
     */
    public record Summary(String budgetLabel, double budget, String contender, int seeds,
            int infeasible, double meanTop1, double stdTop1, double meanEnergyVs8bit) {}

    /**
     * Joint minus one other contender at one budget, seed by seed.
     *
     * @param budgetLabel the budget as given
     * @param baseline the other contender
     * @param pairs the seeds where both are feasible
     * @param mean the mean difference of top-1 (a fraction, not points)
     * @param std its sample standard deviation, NaN with fewer than two pairs
     * @param positive how many differences are above zero
     */
    public record Paired(String budgetLabel, String baseline, int pairs, double mean, double std,
            int positive) {}

    /**
     * Summarises every (budget, contender) group, by budget then in the table's contender order.
     *
     * @param rows the table
     * @return one summary per group
     */
    public static List<Summary> summaries(List<ProtocolRow> rows) {
        List<Summary> out = new ArrayList<>();
        for (List<ProtocolRow> group : groups(rows).values()) {
            ProtocolRow first = group.get(0);
            List<ProtocolRow> feasible = group.stream().filter(r -> !r.infeasible()).toList();
            double[] top1 = feasible.stream().mapToDouble(ProtocolRow::top1).toArray();
            double[] energy = feasible.stream().mapToDouble(ProtocolRow::energyVs8bit).toArray();
            out.add(new Summary(first.budgetLabel(),
                    group.stream().mapToDouble(ProtocolRow::budget).average().orElse(Double.NaN),
                    first.contender(), feasible.size(), group.size() - feasible.size(),
                    mean(top1), sampleStd(top1), mean(energy)));
        }
        return out;
    }

    /**
     * The paired difference joint minus a contender at a budget, over the seeds where both are
     * feasible.
     *
     * @param rows the table
     * @param budgetLabel the budget
     * @param baseline the contender
     * @return the difference, or empty if no seed has both
     */
    public static Optional<Paired> paired(List<ProtocolRow> rows, String budgetLabel, String baseline) {
        Map<Long, Double> joint = new LinkedHashMap<>();
        for (ProtocolRow r : rows) {
            if (r.budgetLabel().equals(budgetLabel) && r.contender().equals(ProtocolRow.JOINT) && !r.infeasible()) {
                joint.put(r.seed(), r.top1());
            }
        }
        List<Double> diffs = new ArrayList<>();
        for (ProtocolRow r : rows) {
            if (r.budgetLabel().equals(budgetLabel) && r.contender().equals(baseline) && !r.infeasible()
                    && joint.containsKey(r.seed())) {
                diffs.add(joint.get(r.seed()) - r.top1());
            }
        }
        if (diffs.isEmpty()) {
            return Optional.empty();
        }
        double[] d = diffs.stream().mapToDouble(Double::doubleValue).toArray();
        int positive = (int) diffs.stream().filter(x -> x > 0).count();
        return Optional.of(new Paired(budgetLabel, baseline, d.length, mean(d), sampleStd(d), positive));
    }

    /**
     * The mean, NaN for no values.
     *
     * @param x the values
     * @return the mean
     */
    public static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return x.length == 0 ? Double.NaN : sum / x.length;
    }

    /**
     * The sample standard deviation (divided by n - 1), NaN for fewer than two values.
     *
     * @param x the values
     * @return the standard deviation
     */
    public static double sampleStd(double[] x) {
        if (x.length < 2) {
            return Double.NaN;
        }
        double m = mean(x);
        double ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (x.length - 1));
    }

    /** The rows grouped by (budget label, contender), budgets by relative budget, stable otherwise. */
    private static Map<String, List<ProtocolRow>> groups(List<ProtocolRow> rows) {
        Map<String, Double> budgetOf = new LinkedHashMap<>();
        for (ProtocolRow r : rows) {
            budgetOf.putIfAbsent(r.budgetLabel(), r.budget());
        }
        List<ProtocolRow> sorted = new ArrayList<>(rows);
        // stable: contenders keep the table's order within a budget
        sorted.sort(Comparator.comparingDouble((ProtocolRow r) -> budgetOf.get(r.budgetLabel()))
                .thenComparing(ProtocolRow::budgetLabel));
        Map<String, List<ProtocolRow>> groups = new LinkedHashMap<>();
        for (ProtocolRow r : sorted) {
            groups.computeIfAbsent(r.budgetLabel() + "\u0000" + r.contender(), k -> new ArrayList<>()).add(r);
        }
        return groups;
    }
}
