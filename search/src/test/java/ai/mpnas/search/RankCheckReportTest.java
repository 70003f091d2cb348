package ai.mpnas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ranking check's report: tau-b per setting counted by hand, the files, the plan check. */
class RankCheckReportTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final double[] ENERGY = {100, 200, 300, 400};

    private static ObjectNode plan(long seed) {
        ObjectNode plan = MAPPER.createObjectNode();
        plan.put("run", "/runs/r");
        plan.put("seed", seed);
        plan.put("cheapest_nJ", 90.0);
        plan.put("budget_nJ", 410.0);
        plan.putObject("training").put("epochs", 2).put("learning_rate", 0.05f)
                .put("train_images", 3600).put("validation_images", 400);
        for (String code : List.of("a", "b", "c", "d")) {
            plan.withArray("architectures").add(code);
        }
        return plan;
    }

    /**
     * Supernet losses (1, 2, 3, 4) with 2000 recalibration images and (2, 1, 4, 3) without;
     * trained losses (0.5, 0.6, 0.7, 0.8) and top-1 (0.9, 0.8, 0.8, 0.7). With recalibration the
     * order is the trained loss's (tau 1) and, against top-1 with a tie in pair (2,3), 5
     * concordant pairs of 6: 5 / sqrt(6 * 5). Without: against the loss pairs (1,2) and (3,4)
     * discordant, 4 concordant: 2 / 6; against top-1 also (2,3) tied: (3 - 2) / sqrt(6 * 5).
     */
    @Test
    void tauPerSettingAsCountedByHand(@TempDir Path dir) throws Exception {
        RankCheckReport report = RankCheckReport.open(dir, plan(1), ENERGY, 160);
        report.scored(2000, new double[][] {{1, 0.7}, {2, 0.6}, {3, 0.5}, {4, 0.4}}, 1.5);
        report.scored(0, new double[][] {{2, 0.6}, {1, 0.7}, {4, 0.4}, {3, 0.5}}, 0.5);
        double[] loss = {0.5, 0.6, 0.7, 0.8};
        double[] top1 = {0.9, 0.8, 0.8, 0.7};
        for (int i = 0; i < 4; i++) {
            assertFalse(report.complete());
            report.trained(i, loss[i], top1[i]);
            report.write();
        }
        assertTrue(report.complete());
        List<RankCheckReport.Tau> taus = report.taus();
        assertEquals(new RankCheckReport.Tau(2000, 4, 1, 5 / Math.sqrt(30), 1.5), taus.get(0));
        assertEquals(new RankCheckReport.Tau(0, 4, 1.0 / 3, 1 / Math.sqrt(30), 0.5), taus.get(1));

        JsonNode json = MAPPER.readTree(dir.resolve(RankCheckReport.FILE).toFile());
        assertEquals(RankCheckReport.FORMAT, json.get("format").asText());
        assertTrue(json.get("complete").asBoolean());
        assertEquals(1.0 / 3, json.at("/kendall_tau_b/1/vs_trained_loss").asDouble(), 1e-15);
        assertEquals("arch-2", json.at("/architectures/2/dir").asText());
        assertEquals(300, json.at("/architectures/2/energy_nJ").asDouble());
        assertEquals(4, json.at("/architectures/2/supernet/1/val_loss").asDouble());
        assertEquals(0.8, json.at("/architectures/2/trained/validation_top1").asDouble());
        String table = Files.readString(dir.resolve(RankCheckReport.TABLE_FILE));
        assertTrue(table.contains("Kendall tau-b, r0, 4 architectures: 0.333 vs trained loss"),
                table);
        assertEquals(table, report.table());
    }

    @Test
    void tauWaitsForTwoTrainedArchitectures(@TempDir Path dir) throws Exception {
        RankCheckReport report = RankCheckReport.open(dir, plan(1), ENERGY, 160);
        report.scored(0, new double[][] {{2, 0.6}, {1, 0.7}, {4, 0.4}, {3, 0.5}}, 0.5);
        report.trained(2, 0.7, 0.8);
        assertTrue(Double.isNaN(report.taus().get(0).vsTrainedLoss()));
        report.trained(0, 0.9, 0.6);
        // only architectures 0 and 2: supernet 2 < 4, trained 0.9 > 0.7
        assertEquals(-1, report.taus().get(0).vsTrainedLoss());
        assertEquals(2, report.taus().get(0).architectures());
        report.write();
        JsonNode json = MAPPER.readTree(dir.resolve(RankCheckReport.FILE).toFile());
        assertFalse(json.get("complete").asBoolean());
        assertFalse(json.at("/architectures/1").has("trained"));
    }

    @Test
    void aDirectoryWithAnotherPlanIsRefusedAndTheSamePlanKept(@TempDir Path dir)
            throws Exception {
        RankCheckReport.open(dir, plan(1), ENERGY, 160).write();
        RankCheckReport.open(dir, plan(1), ENERGY, 160);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RankCheckReport.open(dir, plan(2), ENERGY, 160));
        assertTrue(e.getMessage().contains(dir.resolve(RankCheckReport.FILE).toString()),
                e.getMessage());
        assertTrue(e.getMessage().contains("another --out"), e.getMessage());
    }
}
