package ai.mpnas.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.plugin.supernet.SuperNet;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.derive.CandidateScorer;
import ai.mpnas.search.derive.DerivationMethod;
import ai.mpnas.search.derive.DerivationSettings;
import ai.mpnas.search.derive.DerivationSettingsJson;
import ai.mpnas.search.derive.SupernetScorer;
import ai.mpnas.search.policy.ArchitecturePolicy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The derivation on MXNet: scoring a candidate on the supernet changes no parameter, and a short
 * search derives its result by the evolution.
 */
class EvolutionDerivationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static FixtureData data;

    @BeforeAll
    static void load() throws Exception {
        data = FixtureData.load(640, 320);
    }

    /**
     * Scoring without recalibration (batch statistics, what runs written before it did) changes
     * no parameter, the running statistics neither, and is a pure function of the weights and
     * the architecture.
     */
    @Test
    void scoringWithBatchStatisticsChangesNoParameter() throws Exception {
        SearchSpace space = SearchSpace.preset("fashion-mnist");
        SuperNet net = SuperNet.builder().setSearchSpace(space).build();
        try (Model model = Model.newInstance("scoring")) {
            model.setBlock(net);
            try (Trainer trainer = model.newTrainer(
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                net.setArchitecture(space.reference(8));
                trainer.initialize(new Shape(32).addAll(data.train.inputShape()));
                Architecture a = Architecture.fromCode(space,
                        "e3k5w4a4-e6k3w8a6-skip-e1k7w2a8-e3k3w6a6-e6k5w4a8");
                SupernetScorer scorer = new SupernetScorer(net, trainer, data.train,
                        data.validation, DerivationSettings.builder().optValidationImages(0)
                                .optRecalibrationImages(0).build(), 1);
                Map<String, float[]> before = values(net);
                CandidateScorer.Evaluation first = scorer.evaluate(a);
                Map<String, float[]> after = values(net);
                for (Parameter p : net.getParameters().values()) {
                    assertArrayEquals(before.get(p.getId()), after.get(p.getId()), p.getName());
                }
                assertTrue(Double.isFinite(first.score()) && first.score() > 0, first.toString());
                assertTrue(first.accuracy() >= 0 && first.accuracy() <= 1, first.toString());
                scorer.evaluate(Architecture.fromCode(space,
                        "e6k7w8a8-e6k7w8a8-e6k7w8a8-e6k7w8a8-e6k7w8a8-e6k7w8a8"));
                assertEquals(first, scorer.evaluate(a));
                timeOneCandidate(scorer, space);
            }
        }
    }

    /** Prints the cost of one candidate on the fixture's validation split. */
    private static void timeOneCandidate(SupernetScorer scorer, SearchSpace space)
            throws Exception {
        Random rng = new Random(1);
        ArchitecturePolicy policy = ArchitecturePolicy.uniform(space);
        int n = 8;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            scorer.evaluate(policy.sample(rng, 1.0).architecture());
        }
        double seconds = (System.nanoTime() - start) / 1e9 / n;
        System.out.printf("TIMING one candidate on %d validation images: %.3f s%n",
                data.validation.size(), seconds);
    }

    private static Map<String, float[]> values(SuperNet net) {
        Map<String, float[]> out = new HashMap<>();
        for (Parameter p : net.getParameters().values()) {
            out.put(p.getId(), p.getArray().toFloatArray());
        }
        return out;
    }

    @Test
    void searchDerivesByEvolution(@TempDir Path dir) throws Exception {
        SearchSettings settings =
                FixtureData.smallSearch().optBudget(Budget.parse("0.4")).build();
        DerivationSettings derivation = DerivationSettings.builder()
                .optEvolution(6, 2).optParents(2).optValidationImages(160).optTop(4).build();
        SearchResult result = MixedPrecisionSearch.builder()
                .setSettings(settings)
                .setData(data.train, data.validation)
                .setRunDirectory(dir)
                .optDerivation(derivation)
                .optProgress(false)
                .build()
                .run();
        assertTrue(result.energyNj() <= result.budget(), result.energyNj() + " > " + result.budget());
        JsonNode arch = MAPPER.readTree(dir.resolve("architecture.json").toFile());
        JsonNode d = arch.at("/search/derivation");
        assertEquals("evolution", d.get("name").asText());
        assertEquals(0, d.get("chosen").asInt());
        JsonNode candidates = d.get("candidates");
        assertEquals(4, candidates.size());
        assertEquals(result.architecture().code(), candidates.get(0).get("code").asText());
        for (JsonNode c : candidates) {
            assertTrue(c.get("cost").asDouble() <= result.budget(), c.toString());
            assertTrue(c.get("val_loss").asDouble() >= candidates.get(0).get("val_loss").asDouble());
            assertTrue(c.has("val_acc"), c.toString());
        }
        assertTrue(d.get("evaluations").asInt() > 6, d.toString());
        assertTrue(Files.exists(dir.resolve(Derivations.EVOLUTION_STATE)));
        assertEquals(derivation, MixedPrecisionSearch.readDerivation(dir));

        // settings written before the evolution existed read as the sampled derivation
        ObjectNode old = (ObjectNode) MAPPER.readTree(dir.resolve("settings.json").toFile());
        old.remove(List.of("derivation", "evolution_population", "evolution_generations",
                "evolution_parents", "evolution_mutation",
                "evolution_validation_images", "evolution_top",
                DerivationSettingsJson.RECALIBRATION_FIELD));
        assertEquals(DerivationMethod.SAMPLED, DerivationSettingsJson.read(old, "old").method());
        // an evolution written before recalibration existed resumes without it
        old.put("derivation", "evolution");
        assertEquals(0, DerivationSettingsJson.read(old, "old").recalibrationImages());
        assertEquals(4, SearchSettingsJson.read(old, "old").derivationCandidates());
    }
}
