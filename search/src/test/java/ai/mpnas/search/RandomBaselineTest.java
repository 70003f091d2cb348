package ai.mpnas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.bitfusion.AcceleratorConfig;
import ai.mpnas.bitfusion.BitModes;
import ai.mpnas.bitfusion.CostModelKind;
import ai.mpnas.bitfusion.DepthwiseMode;
import ai.mpnas.data.DatasetKind;
import ai.mpnas.data.DatasetSpec;
import ai.mpnas.data.InMemoryImages;
import ai.mpnas.data.InMemorySplits;
import ai.mpnas.formats.RunMetrics;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.cost.Budget;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The random baseline end to end on the committed fixture: 3 candidates of 1 epoch on 192 images.
 * A run whose test set is poisoned (NaN pixels, every label wrong) must choose the same winner with
 * the same validation scores as a clean run: the test set is read only after the choice.
 */
class RandomBaselineTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final SearchSpace SPACE = SearchSpace.preset("fashion-mnist");

    private static final RunFiles.Pricing PRICING =
            RunFiles.Pricing.of(CostModelKind.ORIGINAL, DepthwiseMode.GROUPED, BitModes.CHEAPEST,
                    AcceleratorConfig.bitFusion45nm(), 1);

    @Test
    void choosesOnValidationNeverOnTheTestSetAndResumes(@TempDir Path dir) throws Exception {
        InMemorySplits full = load(0);
        InMemorySplits selection = load(DatasetSpec.DEFAULT_VALIDATION_FRACTION);
        InMemoryImages poison = poisoned(full.test(), full.info().numClasses());

        Path clean = dir.resolve("clean");
        RunMetrics cleanMetrics = run(clean, full, selection, false);
        Path poisoned = dir.resolve("poisoned");
        RunMetrics poisonedMetrics =
                run(poisoned, withTest(full, poison), withTest(selection, poison), false);

        JsonNode a = MAPPER.readTree(clean.resolve(RandomBaseline.CANDIDATES_FILE).toFile());
        JsonNode b = MAPPER.readTree(poisoned.resolve(RandomBaseline.CANDIDATES_FILE).toFile());
        assertEquals(a, b, "the choice and every validation score ignore the test set");
        // the poison did reach the winner's one evaluation, after the choice
        assertNotEquals(cleanMetrics.top1(), poisonedMetrics.top1());

        assertEquals(3, a.get("candidates").size());
        double best = -1;
        for (JsonNode c : a.get("candidates")) {
            double e = c.get("energy_nJ").asDouble();
            assertTrue(e >= a.at("/band_nJ/0").asDouble() && e <= a.at("/band_nJ/1").asDouble(),
                    c + " outside " + a.get("band_nJ"));
            best = Math.max(best, c.get("validation_top1").asDouble());
        }
        int index = Integer.parseInt(a.get("winner").asText().replace("candidate-", ""));
        JsonNode winner = a.get("candidates").get(index);
        assertTrue(winner.get("winner").asBoolean());
        assertEquals(best, winner.get("validation_top1").asDouble());
        assertEquals(winner.get("architecture").asText(), cleanMetrics.architecture());
        assertEquals(2, cleanMetrics.training().at("/epochs").asInt(), "the full recipe");
        assertEquals("validation", cleanMetrics.training().at("/selection/select_on").asText());
        assertEquals(winner.get("architecture").asText(),
                MAPPER.readTree(clean.resolve("architecture.json").toFile()).get("code").asText());

        // killed after candidate 0: its scores are kept, candidate 1 is trained again
        Path kept = clean.resolve("candidate-0").resolve(RandomBaseline.CANDIDATE_FILE);
        FileTime before = Files.getLastModifiedTime(kept);
        Files.delete(clean.resolve("candidate-1").resolve(RandomBaseline.CANDIDATE_FILE));
        Files.delete(clean.resolve("candidate-2").resolve(RandomBaseline.CANDIDATE_FILE));
        Files.delete(clean.resolve("metrics.json"));
        run(clean, full, selection, true);
        assertEquals(before, Files.getLastModifiedTime(kept));
        assertEquals(a, MAPPER.readTree(clean.resolve(RandomBaseline.CANDIDATES_FILE).toFile()));
    }

    @Test
    void selectingOnTheTestSetIsRefusedSayingWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RandomBaseline.builder().optSelectOn("test"));
        assertTrue(e.getMessage().contains("optimistic"), e.getMessage());
        assertTrue(e.getMessage().contains("allowed: validation"), e.getMessage());
    }

    private static RunMetrics run(Path dir, InMemorySplits data, InMemorySplits selection, boolean resume)
            throws Exception {
        RandomBaseline baseline = RandomBaseline.builder()
                .setSelectionData(selection)
                .optCandidates(3)
                .optCandidateEpochs(1)
                .optSelectOn("validation")
                .build();
        return RunTraining.builder()
                .setData(data)
                .optRecipe(2, 32, 0.05f)
                .optSeed(4)
                .optResume(resume)
                .optProgress(false)
                .build()
                .trainRandom(dir, SPACE, Budget.parse("0.5"), PRICING, baseline);
    }

    private static InMemorySplits load(double validationFraction) throws Exception {
        return InMemorySplits.load(DatasetSpec.builder()
                .setKind(DatasetKind.FASHION_MNIST)
                .optDataDir(FixtureData.DIR)
                .optValidationFraction(validationFraction)
                .optTrainLimit(192)
                .optValidationLimit(96)
                .optTestLimit(96)
                .optSeed(3)
                .build());
    }

    private static InMemorySplits withTest(InMemorySplits d, InMemoryImages test) {
        return new InMemorySplits(d.info(), d.train(), d.validation(), test, d.dataDir());
    }

    /** NaN pixels and every label moved to the next class. */
    private static InMemoryImages poisoned(InMemoryImages test, int classes) {
        long[] shape = test.inputShape().getShape();
        float[] inputs = new float[Math.toIntExact(test.size() * shape[0] * shape[1] * shape[2])];
        Arrays.fill(inputs, Float.NaN);
        int[] labels = new int[test.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (test.label(i) + 1) % classes;
        }
        return new InMemoryImages(inputs, labels, (int) shape[0], (int) shape[1], (int) shape[2]);
    }
}
