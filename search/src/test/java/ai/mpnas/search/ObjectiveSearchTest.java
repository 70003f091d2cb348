package ai.mpnas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.policy.ArchitecturePolicy;
import ai.mpnas.search.policy.Logits;
import ai.mpnas.search.policy.PolicyJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short real searches with the sandwich rule, the absolute penalty and the theta warm-up. */
class ObjectiveSearchTest {

    private static FixtureData data;

    @BeforeAll
    static void load() throws Exception {
        data = FixtureData.load(640, 320);
    }

    private static SearchSettings.Builder small() {
        return FixtureData.smallSearch().optBudget(Budget.parse("0.6"))
                .optDerivationCandidates(2).optSeed(3);
    }

    private static List<String[]> run(SearchSettings settings, Path dir) throws Exception {
        MixedPrecisionSearch.builder()
                .setSettings(settings)
                .setData(data.train, data.validation)
                .setRunDirectory(dir)
                .optProgress(false)
                .build()
                .run();
        return Files.readAllLines(dir.resolve("history.csv")).stream()
                .map(r -> r.split(",", -1))
                .toList();
    }

    private static Logits logits(SearchSettings settings, Path dir) throws Exception {
        ArchitecturePolicy policy = ArchitecturePolicy.uniform(settings.space());
        PolicyJson.read(Files.readString(dir.resolve("policy.json")), "policy.json", policy);
        return policy.allLogits();
    }

    @Test
    void sandwichTrainsThreePathsAndLogsTheirLosses(@TempDir Path dir) throws Exception {
        SearchSettings settings = small().optSandwich(true).build();
        List<String[]> rows = run(settings, dir);
        List<String> header = Arrays.asList(rows.get(0));
        assertEquals(MixedPrecisionSearch.historyColumns(settings), header);
        for (String column : List.of("train_loss", "largest_train_loss", "smallest_train_loss",
                "sampled_soft_loss", "smallest_soft_loss")) {
            int i = header.indexOf(column);
            for (String[] row : rows.subList(1, rows.size())) {
                double v = Double.parseDouble(row[i]);
                assertTrue(Double.isFinite(v) && v >= 0, column + " = " + row[i]);
            }
        }
        // the smallest path (every skippable block skipped, 2 bits) starts worse than the largest
        String[] first = rows.get(1);
        assertTrue(Double.parseDouble(first[header.indexOf("smallest_train_loss")]) > 0);
        assertTrue(Files.exists(dir.resolve("architecture.json")));
    }

    @Test
    void thetaDoesNotMoveDuringTheThetaWarmup(@TempDir Path dir) throws Exception {
        // 8 search steps, 0.9 of them theta warm-up: ceil(7.2) = 8, so theta never learns and the
        // policy ends exactly where it started
        SearchSettings settings =
                small().optObjective(new ObjectiveSettings(CostPenalty.ABSOLUTE, 0.9)).build();
        List<String[]> rows = run(settings, dir);
        int phase = MixedPrecisionSearch.HISTORY_COLUMNS.indexOf("phase");
        int valLoss = MixedPrecisionSearch.HISTORY_COLUMNS.indexOf("val_loss");
        assertEquals(8, rows.stream().filter(r -> r[phase].equals("theta-warmup")).count());
        rows.stream().skip(1).forEach(r -> assertEquals("", r[valLoss], String.join(",", r)));
        assertEquals(
                ArchitecturePolicy.withSkipProbability(settings.space(), 0.5).allLogits(),
                logits(settings, dir));
        JsonCheck.field(dir, "penalty", "absolute");
        JsonCheck.field(dir, "theta_warmup", "0.9");
    }

    @Test
    void absolutePenaltyAfterAThetaWarmupMovesThetaInTheSearchPhase(@TempDir Path dir)
            throws Exception {
        SearchSettings settings =
                small().optObjective(new ObjectiveSettings(CostPenalty.ABSOLUTE, 0.5)).build();
        List<String[]> rows = run(settings, dir);
        int phase = MixedPrecisionSearch.HISTORY_COLUMNS.indexOf("phase");
        int penalty = MixedPrecisionSearch.HISTORY_COLUMNS.indexOf("penalty");
        assertEquals(4, rows.stream().filter(r -> r[phase].equals("theta-warmup")).count());
        List<String[]> search = rows.stream().filter(r -> r[phase].equals("search")).toList();
        assertEquals(4, search.size());
        for (String[] r : search) {
            double p = Double.parseDouble(r[penalty]);
            assertTrue(Double.isFinite(p) && p >= 0, String.join(",", r));
        }
        assertNotEquals(
                ArchitecturePolicy.withSkipProbability(settings.space(), 0.5).allLogits(),
                logits(settings, dir), "theta never moved");
        assertEquals(settings, MixedPrecisionSearch.readSettings(dir));
    }

    /** Reads a field of a run's settings.json. */
    private static final class JsonCheck {
        static void field(Path dir, String name, String expected) throws Exception {
            assertEquals(expected, new ObjectMapper()
                    .readTree(dir.resolve("settings.json").toFile()).path(name).asText());
        }
    }
}
