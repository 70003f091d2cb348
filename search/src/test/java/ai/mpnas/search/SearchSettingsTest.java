package ai.mpnas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.bitfusion.BitModes;
import ai.mpnas.bitfusion.CostModelKind;
import ai.mpnas.bitfusion.DepthwiseMode;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.cost.CostMetric;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

class SearchSettingsTest {

    private static SearchSettings.Builder builder() {
        return SearchSettings.builder().setSearchSpace(SearchSpace.preset("fashion-mnist"));
    }

    @Test
    void defaultsAreTheMethodsEstimators() {
        SearchSettings settings = builder().build();
        assertEquals(LossEstimator.PATHWISE, settings.lossEstimator());
        assertEquals(GradientEstimator.REINFORCE, settings.estimator());
    }

    @Test
    void jsonRoundTripKeepsEveryField() {
        SearchSettings settings =
                builder()
                        .optMetric(CostMetric.LATENCY)
                        .optBudget(Budget.parse("3ms"))
                        .optEstimator(GradientEstimator.EXACT)
                        .optLossEstimator(LossEstimator.REINFORCE)
                        .optEpochs(5, 1)
                        .optSeed(7)
                        .optDerivationCandidates(3)
                        .optArchitecturesPerStep(4)
                        .optSkipPrior(0.1)
                        .build();
        ObjectNode json = settings.toJson();
        assertEquals("reinforce", json.get("loss_estimator").asText());
        assertEquals(4, json.get("architectures_per_step").asInt());
        assertEquals(0.1, json.get("skip_prior").asDouble());
        SearchSettings back = SearchSettings.fromJson(json, "settings.json");
        assertEquals(json, back.toJson());
        assertEquals(LossEstimator.REINFORCE, back.lossEstimator());
        assertEquals(GradientEstimator.EXACT, back.estimator());
    }

    @Test
    void defaultsPriceWithTheSeedsSimulatorInTheCheapestModes() {
        SearchSettings settings = builder().build();
        assertEquals(CostModelKind.ORIGINAL, settings.costModel());
        assertEquals(DepthwiseMode.GROUPED, settings.depthwise());
        assertEquals(BitModes.CHEAPEST, settings.bitModes());
        assertEquals("cheapest", settings.pricing().toJson().get("bit_modes").asText());
        assertEquals("cheapest", settings.toJson().get("bit_modes").asText());
    }

    @Test
    void settingsWrittenBeforePrecisionModesPricedTheDeclaredBits() {
        ObjectNode json = builder().optCostModel(CostModelKind.APQ, DepthwiseMode.GROUPED).build()
                .toJson();
        json.remove("bit_modes");
        SearchSettings back = SearchSettings.fromJson(json, "settings.json");
        assertEquals(BitModes.EXACT, back.bitModes());
        assertEquals(CostModelKind.APQ, back.costModel());
    }

    @Test
    void runsWrittenBeforeTheLossEstimatorOptionUsedThePathwiseGradient() {
        ObjectNode json = builder().build().toJson();
        json.remove("loss_estimator");
        json.remove("architectures_per_step");
        json.remove("skip_prior");
        SearchSettings back = SearchSettings.fromJson(json, "settings.json");
        assertEquals(LossEstimator.PATHWISE, back.lossEstimator());
        assertEquals(1, back.architecturesPerStep());
        assertEquals(0.5, back.skipPrior());
    }

    @Test
    void noArchitecturePerStepIsRejectedWithTheAllowedValues() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class,
                        () -> builder().optArchitecturesPerStep(0).build());
        assertTrue(e.getMessage().contains("architectures_per_step = 0: allowed >= 1"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> builder().optSkipPrior(0).build());
        assertTrue(e.getMessage().contains("skip_prior = 0.0: allowed (0, 1)"), e.getMessage());
    }

    @Test
    void missingFieldNamesTheFile() {
        ObjectNode json = builder().build().toJson();
        json.remove("epochs");
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> SearchSettings.fromJson(json, "runs/x/settings.json"));
        assertEquals("runs/x/settings.json: missing field epochs", e.getMessage());
    }
}
