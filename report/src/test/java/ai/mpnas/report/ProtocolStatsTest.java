package ai.mpnas.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.formats.ProtocolRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtocolStatsTest {

    private static final double EPS = 1e-12;

    /** Numbers chosen so that every statistic can be checked by hand. */
    private static List<ProtocolRow> table() {
        return List.of(
                row("u4", 0.25, "joint", 1, 0.90), row("u4", 0.25, "joint", 2, 0.80), row("u4", 0.25, "joint", 3, 0.85),
                row("u4", 0.25, "bits-only", 1, 0.88), row("u4", 0.25, "bits-only", 2, 0.81),
                row("u4", 0.25, "bits-only", 3, 0.80),
                row("u4", 0.25, "uniform-4", 1, 0.70),
                row("u2", 0.10, "joint", 1, 0.60), row("u2", 0.10, "joint", 2, 0.70),
                ProtocolRow.infeasible(0.10, "u2", "bits-only", 1),
                ProtocolRow.infeasible(0.10, "u2", "bits-only", 2),
                row("u2", 0.10, "random", 1, 0.65), ProtocolRow.infeasible(0.10, "u2", "random", 2));
    }

    private static ProtocolRow row(String label, double budget, String contender, long seed, double top1) {
        return new ProtocolRow(budget, label, contender, seed, "e6k3w4a4", 100 * budget, budget * 0.9,
                top1, "points/x/model.onnx", false);
    }

    @Test
    void meansAndSampleStdOverSeedsWithInfeasibleRowsLeftOut() {
        List<ProtocolStats.Summary> s = ProtocolStats.summaries(table());
        // budgets by relative budget: u2 first, contenders in table order
        assertEquals(List.of("u2/joint", "u2/bits-only", "u2/random", "u4/joint", "u4/bits-only", "u4/uniform-4"),
                s.stream().map(x -> x.budgetLabel() + "/" + x.contender()).toList());
        ProtocolStats.Summary joint4 = s.get(3);
        assertEquals(0.85, joint4.meanTop1(), EPS);
        assertEquals(0.05, joint4.stdTop1(), EPS); // deviations 0.05, -0.05, 0: sqrt(0.005 / 2)
        assertEquals(3, joint4.seeds());
        ProtocolStats.Summary bits2 = s.get(1);
        assertEquals(0, bits2.seeds());
        assertEquals(2, bits2.infeasible());
        assertTrue(Double.isNaN(bits2.meanTop1()));
        ProtocolStats.Summary random2 = s.get(2);
        assertEquals(1, random2.seeds());
        assertEquals(0.65, random2.meanTop1(), EPS);
        assertTrue(Double.isNaN(random2.stdTop1()), "one seed has no sample std");
        assertEquals(0.09, s.get(0).meanEnergyVs8bit(), EPS);
    }

    @Test
    void pairedDifferencesMatchSeedsAndCountSigns() {
        ProtocolStats.Paired p = ProtocolStats.paired(table(), "u4", "bits-only").orElseThrow();
        // 0.90-0.88, 0.80-0.81, 0.85-0.80 = 0.02, -0.01, 0.05
        assertEquals(3, p.pairs());
        assertEquals(0.02, p.mean(), EPS);
        assertEquals(0.03, p.std(), EPS); // deviations 0, -0.03, 0.03: sqrt(0.0018 / 2)
        assertEquals(2, p.positive());
        assertEquals("+2.0 ± 3.0 pts, 2/3 positive", ProtocolReport.paired(p));
        // only seed 1 has both: seed 2's random point is infeasible
        ProtocolStats.Paired r = ProtocolStats.paired(table(), "u2", "random").orElseThrow();
        assertEquals(1, r.pairs());
        assertEquals(-0.05, r.mean(), EPS);
        assertEquals(0, r.positive());
        assertTrue(ProtocolStats.paired(table(), "u2", "bits-only").isEmpty());
        assertEquals(0.20, ProtocolStats.paired(table(), "u4", "uniform-4").orElseThrow().mean(), EPS); // seed 1 only
    }

    @Test
    void markdownAndPlotFromTableJson(@TempDir Path dir) throws Exception {
        ProtocolRow.writeTable(dir.resolve(ProtocolReport.TABLE), table());
        assertEquals(table().get(9), ProtocolReport.read(dir).get(9), "an infeasible row round-trips");
        String md = ProtocolReport.writeTable(dir);
        assertTrue(md.contains("| u4 (0.250) | bits-only | 3 | 0.8300 ± 0.0436 | 0.225 | +2.0 ± 3.0 pts, 2/3 positive |"), md);
        assertTrue(md.contains("| u2 (0.100) | bits-only | 0 (2 infeasible) | infeasible | — | — |"), md);
        assertTrue(Files.size(dir.resolve("report/" + ProtocolReport.PLOT + ".png")) > 0);
        assertTrue(Files.readString(SweepReport.write(dir)).contains("joint − contender"));
    }
}
