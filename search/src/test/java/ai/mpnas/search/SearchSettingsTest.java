package ai.mpnas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.bitfusion.BitModes;
import ai.mpnas.bitfusion.CostModelKind;
import ai.mpnas.bitfusion.DepthwiseMode;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.policy.SearchConstraint;

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
        SearchSettings back = SearchSettingsJson.read(json, "settings.json");
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
        SearchSettings back = SearchSettingsJson.read(json, "settings.json");
        assertEquals(BitModes.EXACT, back.bitModes());
        assertEquals(CostModelKind.APQ, back.costModel());
    }

    @Test
    void runsWrittenBeforeTheLossEstimatorOptionUsedThePathwiseGradient() {
        ObjectNode json = builder().build().toJson();
        json.remove("loss_estimator");
        json.remove("architectures_per_step");
        json.remove("skip_prior");
        SearchSettings back = SearchSettingsJson.read(json, "settings.json");
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
                        () -> SearchSettingsJson.read(json, "runs/x/settings.json"));
        assertEquals("runs/x/settings.json: missing field epochs", e.getMessage());
    }

    @Test
    void constraintsAreRecordedOnlyWhenSetAndReadBack() {
        ObjectNode joint = builder().build().toJson();
        assertFalse(joint.has("fix_architecture") || joint.has("fix_bits"), joint.toString());
        // settings files written before the baselines existed are the joint search
        assertTrue(SearchSettingsJson.read(joint, "settings.json").constraint().isNone());

        ObjectNode bitsOnly = builder().optFixArchitecture("reference").build().toJson();
        assertEquals("reference", bitsOnly.get("fix_architecture").asText());
        assertFalse(bitsOnly.has("fix_bits"));
        assertEquals(SearchConstraint.fixArchitecture("reference"),
                SearchSettingsJson.read(bitsOnly, "settings.json").constraint());

        ObjectNode archOnly = builder().optFixBits(4).build().toJson();
        assertEquals(4, archOnly.get("fix_bits").asInt());
        assertFalse(archOnly.has("fix_architecture"));
        assertEquals(SearchConstraint.fixBits(4),
                SearchSettingsJson.read(archOnly, "settings.json").constraint());
    }

    @Test
    void badConstraintsNameTheFileTheFieldAndTheAllowedValues() {
        ObjectNode json = builder().build().toJson();
        json.put("fix_bits", 3);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class,
                        () -> SearchSettingsJson.read(json, "runs/x/settings.json"));
        assertEquals("runs/x/settings.json: fix_bits 3: allowed: 2|4|6|8 (the bit widths the"
                + " space offers for weights and activations)", e.getMessage());
        json.put("fix_bits", "four");
        e = assertThrows(IllegalArgumentException.class,
                () -> SearchSettingsJson.read(json, "runs/x/settings.json"));
        assertEquals("runs/x/settings.json: fix_bits = \"four\": allowed: a bit width of the space",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> builder().optFixArchitecture("reference").optFixBits(4).build());
        assertTrue(e.getMessage().startsWith("fix_architecture and fix_bits together leave nothing"
                + " to search"), e.getMessage());
    }
}
