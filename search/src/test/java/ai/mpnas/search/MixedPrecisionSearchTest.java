package ai.mpnas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.data.InMemoryImages;
import ai.mpnas.data.Permutations;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.policy.ArchitecturePolicy;
import ai.mpnas.search.policy.PolicyJson;
import ai.mpnas.training.CheckpointStore;
import ai.mpnas.training.SearchDivergedException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixedPrecisionSearchTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static FixtureData data;

    @BeforeAll
    static void load() throws Exception {
        data = FixtureData.load(640, 320);
    }

    private static SearchSettings.Builder small() {
        return FixtureData.smallSearch();
    }

    /** A quiet search of the fixture's validation split with the given training images. */
    private static MixedPrecisionSearch.Builder search(
            SearchSettings settings, InMemoryImages train, Path dir) {
        return MixedPrecisionSearch.builder()
                .setSettings(settings)
                .setData(train, data.validation)
                .setRunDirectory(dir)
                .optProgress(false);
    }

    @Test
    void searchWritesAnArchitectureWithinTheBudget(@TempDir Path dir) throws Exception {
        SearchSettings settings = small().optBudget(Budget.parse("0.4")).optLambda(5).build();
        SearchResult result = search(settings, data.train, dir).build().run();
        assertTrue(result.energyNj() <= result.budget(), result.energyNj() + " > " + result.budget());
        assertEquals(0.4 * result.referenceCost(), result.budget(), 1e-9 * result.budget());

        JsonNode arch = MAPPER.readTree(dir.resolve("architecture.json").toFile());
        assertEquals(settings.space().numBlocks(), arch.get("blocks").size());
        assertEquals(result.energyNj(), arch.at("/cost/energy_nJ").asDouble(), 1e-9);
        assertEquals(result.budget(), arch.at("/budget/energy_nJ").asDouble(), 1e-6);
        assertEquals("original", arch.at("/bitfusion/model").asText());
        assertEquals("grouped", arch.at("/bitfusion/depthwise").asText());
        assertEquals("cheapest", arch.at("/bitfusion/bit_modes").asText());
        JsonNode candidates = arch.at("/search/derivation/candidates");
        int chosen = arch.at("/search/derivation/chosen").asInt();
        assertTrue(candidates.size() >= 2, candidates.toString());
        assertEquals(result.architecture().code(), candidates.get(chosen).get("code").asText());
        for (JsonNode c : candidates) {
            assertTrue(c.get("cost").asDouble() <= result.budget(), c.toString());
            assertTrue(c.get("val_acc").asDouble() <= candidates.get(chosen).get("val_acc").asDouble());
        }
        for (JsonNode layer : arch.get("layers")) {
            for (String f : List.of("layer_type", "H", "W", "Cin", "Cout", "K", "stride",
                    "padding", "groups", "wbits", "abits", "im2col")) {
                assertTrue(layer.has(f), "layer field " + f);
            }
        }

        List<String> history = Files.readAllLines(dir.resolve("history.csv"));
        assertEquals(1 + 16, history.size());
        assertTrue(history.get(1).startsWith("1,0,warmup,"));
        assertTrue(history.get(16).startsWith("16,1,search,"));
        assertTrue(history.get(16).endsWith(","), "no sandwich, no largest-path loss");

        assertThetaMoved(settings, dir);
        assertTrue(Files.isDirectory(dir.resolve("checkpoints")));
    }

    /** The run's policy.json is no longer the uniform policy it started from. */
    private static void assertThetaMoved(SearchSettings settings, Path dir) throws Exception {
        ArchitecturePolicy policy = ArchitecturePolicy.uniform(settings.space());
        PolicyJson.read(Files.readString(dir.resolve("policy.json")), "policy.json", policy);
        assertNotEquals(
                policy.allLogits(), ArchitecturePolicy.uniform(settings.space()).allLogits(),
                "theta never moved");
    }

    @Test
    void reinforceLossEstimatorKeepsAMovingAverageOfTheValidationLoss(@TempDir Path dir)
            throws Exception {
        // a budget the uniform policy already meets: the penalty is off, theta moves by the loss
        SearchSettings settings =
                small().optBudget(Budget.parse("1.0"))
                        .optLossEstimator(LossEstimator.REINFORCE)
                        .optCheckpointEvery(100)
                        .build();
        search(settings, data.train, dir).build().run();
        List<String> rows = Files.readAllLines(dir.resolve("history.csv"));
        int valLoss = Arrays.asList(rows.get(0).split(",")).indexOf("val_loss");
        int penalty = Arrays.asList(rows.get(0).split(",")).indexOf("penalty");
        double expected = Double.NaN;
        int searchSteps = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",", -1);
            if (f[valLoss].isEmpty()) {
                continue;
            }
            double loss = Double.parseDouble(f[valLoss]);
            expected = Double.isNaN(expected) ? loss : 0.9 * expected + 0.1 * loss;
            assertEquals(0.0, Double.parseDouble(f[penalty]));
            searchSteps++;
        }
        assertEquals(8, searchSteps);
        Path latest = new CheckpointStore(dir.resolve("checkpoints"), 2).latest().orElseThrow();
        JsonNode state = MAPPER.readTree(latest.resolve("state.json").toFile());
        assertEquals(expected, state.get("loss_baseline").asDouble(), 1e-6 * Math.abs(expected));

        assertThetaMoved(settings, dir);
    }

    @Test
    void severalArchitecturesPerStepShareOneValidationBatch(@TempDir Path dir) throws Exception {
        for (LossEstimator estimator : LossEstimator.values()) {
            Path run = dir.resolve(estimator.name());
            SearchSettings settings =
                    small().optBudget(Budget.parse("1.0"))
                            .optLossEstimator(estimator)
                            .optArchitecturesPerStep(3)
                            .build();
            SearchResult result = search(settings, data.train, run).build().run();
            assertTrue(result.energyNj() <= result.budget());
            List<String> rows = Files.readAllLines(run.resolve("history.csv"));
            int sampled = Arrays.asList(rows.get(0).split(",")).indexOf("sampled_cost");
            long searchRows = rows.stream().skip(1).map(r -> r.split(",", -1)[sampled])
                    .filter(v -> !v.isEmpty()).count();
            assertEquals(8, searchRows);
            assertThetaMoved(settings, run);
        }
    }

    @Test
    void sandwichTrainsTheLargestPathEveryStepAndThePriorSetsTheStart(@TempDir Path dir)
            throws Exception {
        SearchSettings settings =
                small().optBudget(Budget.parse("1.0")).optSandwich(true).optSkipPrior(0.1).build();
        search(settings, data.train, dir).build().run();
        List<String> rows = Files.readAllLines(dir.resolve("history.csv"));
        int largest = Arrays.asList(rows.get(0).split(",")).indexOf("largest_train_loss");
        for (String row : rows.subList(1, rows.size())) {
            double loss = Double.parseDouble(row.split(",", -1)[largest]);
            assertTrue(loss > 0 && Double.isFinite(loss), row);
        }
        // eight theta steps of 0.01 cannot undo a prior of 0.1: every block still runs
        ArchitecturePolicy policy = ArchitecturePolicy.uniform(settings.space());
        PolicyJson.read(Files.readString(dir.resolve("policy.json")), "policy.json", policy);
        for (int b = 0; b < policy.numBlocks(); b++) {
            if (settings.space().canSkip(b)) {
                double skip = policy.probability(b, BlockChoice.skipBlock());
                assertEquals(0.1, skip, 0.02);
            }
        }
    }

    @Test
    void aSecondSearchIntoTheSameDirectoryNeedsResume(@TempDir Path dir) throws Exception {
        MixedPrecisionSearch.Builder search =
                search(small().optEpochs(2, 1).optStepsPerEpoch(2).build(), data.train, dir);
        search.build().run();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> search.build().run());
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    }

    @Test
    void impossibleBudgetFailsAtOnceWithTheRangeOfTheSpace() {
        SearchSettings settings = small().optBudget(Budget.parse("0.01")).build();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> MixedPrecisionSearch.price(settings));
        MixedPrecisionSearch.Pricing p =
                MixedPrecisionSearch.price(small().optBudget(Budget.parse("1")).build());
        String m = e.getMessage();
        assertTrue(m.contains("cheapest") && m.contains("most expensive"), m);
        assertTrue(m.contains(String.format(java.util.Locale.ROOT, "%.6g", p.cheapest())), m);
        assertTrue(m.contains(String.format(java.util.Locale.ROOT, "%.6g", p.mostExpensive())), m);
        assertTrue(p.cheapest() < p.reference() && p.reference() < p.mostExpensive());
    }

    @Test
    void nanLossStopsTheRunAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws Exception {
        int batch = 32;
        int n = 320;
        int stepsPerEpoch = 4;
        // poison one image that epoch 0 never uses and epoch 1 uses at its third step (step 7)
        int[] first = Permutations.epochOrder(n, 9, 0, 0);
        int[] second = Permutations.epochOrder(n, 9, 0, 1);
        List<Integer> used = Arrays.stream(first, 0, stepsPerEpoch * batch).boxed().toList();
        int poisoned = -1;
        for (int i = 2 * batch; i < 3 * batch && poisoned < 0; i++) {
            if (!used.contains(second[i])) {
                poisoned = second[i];
            }
        }
        assertTrue(poisoned >= 0);
        float[] x = new float[n * 784];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = data.train.label(i);
        }
        java.util.Random rng = new java.util.Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        Arrays.fill(x, poisoned * 784, poisoned * 784 + 784, Float.NaN);
        InMemoryImages poisonedTrain = new InMemoryImages(x, y, 1, 28, 28);
        SearchSettings settings =
                small().optEpochs(3, 1).optStepsPerEpoch(stepsPerEpoch).optCheckpointEvery(3)
                        .optSeed(9).build();
        SearchDivergedException e =
                assertThrows(
                        SearchDivergedException.class,
                        () -> search(settings, poisonedTrain, dir).build().run());
        Path latest = new CheckpointStore(dir.resolve("checkpoints"), 2).latest().orElseThrow();
        assertEquals(6, CheckpointStore.stepOf(latest));
        assertTrue(e.getMessage().contains("step 7"), e.getMessage());
        assertTrue(e.getMessage().contains(latest.toString()), e.getMessage());
        assertFalse(Files.exists(dir.resolve("architecture.json")));
    }

    @Test
    void latencyBudgetsConstrainCycles(@TempDir Path dir) throws Exception {
        SearchSettings settings =
                small().optMetric(CostMetric.LATENCY).optBudget(Budget.parse("0.6"))
                        .optStepsPerEpoch(3).build();
        SearchResult r = search(settings, data.train, dir).build().run();
        assertTrue(r.latencyCycles() <= r.budget());
        JsonNode arch = MAPPER.readTree(dir.resolve("architecture.json").toFile());
        assertEquals(r.budget(), arch.at("/budget/latency_cycles").asDouble(), 1e-6);
    }
}
