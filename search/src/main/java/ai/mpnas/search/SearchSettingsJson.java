package ai.mpnas.search;

import ai.mpnas.bitfusion.AcceleratorConfigJson;
import ai.mpnas.bitfusion.BitModes;
import ai.mpnas.bitfusion.CostModelKind;
import ai.mpnas.bitfusion.DepthwiseMode;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.plugin.supernet.WeightSharing;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.policy.SearchConstraint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Reads and writes {@link SearchSettings} as {@code settings.json}. Fields added after the first
 * release are optional when read, with the value that runs written before them had.
 */
public final class SearchSettingsJson {

    /** The format id of {@code settings.json}. */
    public static final String FORMAT = "mpnas/search-settings@1";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SearchSettingsJson() {}

    /**
     * Writes settings as JSON.
     *
     * @param settings the settings
     * @return the JSON object
     */
    public static ObjectNode write(SearchSettings settings) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", FORMAT);
        try {
            n.set("search_space", MAPPER.readTree(settings.space().toJson()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        n.put("dataset", settings.dataset());
        n.put("metric", settings.metric().jsonName());
        n.put("budget", settings.budget().toString());
        n.put("cost_model", settings.costModel().jsonName());
        n.put("depthwise", settings.depthwise().jsonName());
        n.put("bit_modes", settings.bitModes().jsonName());
        n.set("accelerator", AcceleratorConfigJson.toJson(settings.accelerator()));
        n.put("cost_batch", settings.costBatch());
        n.put("epochs", settings.epochs());
        n.put("warmup_epochs", settings.warmupEpochs());
        n.put("batch_size", settings.batchSize());
        n.put("steps_per_epoch", settings.stepsPerEpoch());
        n.put("weight_learning_rate", settings.weightLearningRate());
        n.put("momentum", settings.momentum());
        n.put("weight_decay", settings.weightDecay());
        n.put("theta_learning_rate", settings.thetaLearningRate());
        n.put("theta_weight_decay", settings.thetaWeightDecay());
        n.put("temperature_start", settings.temperatureStart());
        n.put("temperature_end", settings.temperatureEnd());
        n.put("lambda", settings.lambda());
        n.put("estimator", settings.estimator().name().toLowerCase(Locale.ROOT));
        n.put("baseline_decay", settings.baselineDecay());
        n.put("checkpoint_every", settings.checkpointEvery());
        n.put("sharing", settings.sharing().name().toLowerCase(Locale.ROOT));
        n.put("seed", settings.seed());
        n.put("derivation_candidates", settings.derivationCandidates());
        n.put("loss_estimator", settings.lossEstimator().name().toLowerCase(Locale.ROOT));
        n.put("architectures_per_step", settings.architecturesPerStep());
        n.put("skip_prior", settings.skipPrior());
        n.put("sandwich", settings.sandwich());
        settings.constraint().writeTo(n);
        n.put("penalty", settings.objective().penalty().jsonName());
        n.put("theta_warmup", settings.objective().thetaWarmup());
        return n;
    }

    /**
     * Reads settings written by {@link #write(SearchSettings)}.
     *
     * @param n the JSON object
     * @param source the file name, for messages
     * @return the settings
     * @throws IllegalArgumentException naming the file and field that are wrong
     */
    public static SearchSettings read(JsonNode n, String source) {
        if (!FORMAT.equals(n.path("format").asText())) {
            throw new IllegalArgumentException(
                    source + ": format: expected " + FORMAT);
        }
        try {
            return new SearchSettings(
                    SearchSpace.fromJson(required(n, "search_space", source).toString(), source),
                    required(n, "dataset", source).asText(),
                    CostMetric.valueOf(required(n, "metric", source).asText().toUpperCase(Locale.ROOT)),
                    Budget.parse(required(n, "budget", source).asText()),
                    CostModelKind.fromJsonName(required(n, "cost_model", source).asText()),
                    DepthwiseMode.fromJsonName(required(n, "depthwise", source).asText()),
                    // Settings written before precision modes existed priced the declared bits
                    // (with the cost_model they record, apq by the then default): exact.
                    BitModes.fromJsonName(n.path("bit_modes").asText("exact")),
                    AcceleratorConfigJson.fromJson(required(n, "accelerator", source), source + ": accelerator"),
                    required(n, "cost_batch", source).asInt(),
                    required(n, "epochs", source).asInt(),
                    required(n, "warmup_epochs", source).asInt(),
                    required(n, "batch_size", source).asInt(),
                    required(n, "steps_per_epoch", source).asInt(),
                    (float) required(n, "weight_learning_rate", source).asDouble(),
                    (float) required(n, "momentum", source).asDouble(),
                    (float) required(n, "weight_decay", source).asDouble(),
                    required(n, "theta_learning_rate", source).asDouble(),
                    required(n, "theta_weight_decay", source).asDouble(),
                    required(n, "temperature_start", source).asDouble(),
                    required(n, "temperature_end", source).asDouble(),
                    required(n, "lambda", source).asDouble(),
                    GradientEstimator.valueOf(required(n, "estimator", source).asText().toUpperCase(Locale.ROOT)),
                    required(n, "baseline_decay", source).asDouble(),
                    required(n, "checkpoint_every", source).asInt(),
                    WeightSharing.valueOf(required(n, "sharing", source).asText().toUpperCase(Locale.ROOT)),
                    required(n, "seed", source).asLong(),
                    n.path("derivation_candidates").asInt(0),
                    // runs written before the option existed used the pathwise gradient
                    LossEstimator.valueOf(
                            n.path("loss_estimator").asText("pathwise").toUpperCase(Locale.ROOT)),
                    // one architecture per step and the uniform starting policy
                    n.path("architectures_per_step").asInt(1),
                    n.path("skip_prior").asDouble(0.5),
                    n.path("sandwich").asBoolean(false),
                    // absent: the joint search, as every run before the baselines
                    constraint(n, source),
                    // absent: the paper's hinge, theta learning from the first search step
                    new ObjectiveSettings(
                            CostPenalty.fromJsonName(n.path("penalty").asText("hinge")),
                            n.path("theta_warmup").asDouble(0)));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(source)) {
                throw e;
            }
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /** The constraint of a bits-only or arch-only search; none when neither field is there. */
    private static SearchConstraint constraint(JsonNode n, String source) {
        JsonNode architecture = n.path(SearchConstraint.FIX_ARCHITECTURE);
        JsonNode bits = n.path(SearchConstraint.FIX_BITS);
        if (!architecture.isMissingNode() && !architecture.isTextual()) {
            throw new IllegalArgumentException(source + ": " + SearchConstraint.FIX_ARCHITECTURE
                    + " = " + architecture + ": allowed: "
                    + String.join("|", SearchConstraint.ARCHITECTURES));
        }
        if (!bits.isMissingNode() && !bits.isIntegralNumber()) {
            throw new IllegalArgumentException(source + ": " + SearchConstraint.FIX_BITS + " = "
                    + bits + ": allowed: a bit width of the space");
        }
        return new SearchConstraint(
                architecture.isMissingNode() ? null : architecture.asText(), bits.asInt(0));
    }

    private static JsonNode required(JsonNode n, String field, String source) {
        JsonNode value = n.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(source + ": missing field " + field);
        }
        return value;
    }
}
