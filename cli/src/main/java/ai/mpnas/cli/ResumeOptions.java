package ai.mpnas.cli;

import ai.mpnas.search.derive.DerivationSettingsJson;
import ai.mpnas.search.policy.SearchConstraint;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ParseResult;

/**
 * A resumed search continues with the settings it was started with ({@code settings.json}); an
 * option given with {@code --resume} that asks for something else would be silently ignored, so it
 * is refused, naming the option, what was asked and what the run holds.
 */
final class ResumeOptions {

    /** Each option that decides a search setting, and the {@code settings.json} fields it sets. */
    private static final Map<String, List<String>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("--preset", List.of("search_space"));
        FIELDS.put("--space", List.of("search_space"));
        FIELDS.put("--dataset", List.of("dataset"));
        FIELDS.put("--energy-budget", List.of("metric", "budget"));
        FIELDS.put("--latency-budget", List.of("metric", "budget"));
        FIELDS.put("--model", List.of("cost_model"));
        FIELDS.put("--depthwise", List.of("depthwise"));
        FIELDS.put("--bit-modes", List.of("bit_modes"));
        FIELDS.put("--accelerator", List.of("accelerator"));
        FIELDS.put("--cost-batch", List.of("cost_batch"));
        FIELDS.put("--epochs", List.of("epochs"));
        FIELDS.put("--warmup-epochs", List.of("warmup_epochs"));
        FIELDS.put("--batch", List.of("batch_size"));
        FIELDS.put("--steps-per-epoch", List.of("steps_per_epoch"));
        FIELDS.put("--lambda", List.of("lambda"));
        FIELDS.put("--estimator", List.of("estimator"));
        FIELDS.put("--loss-estimator", List.of("loss_estimator"));
        FIELDS.put("--architectures-per-step", List.of("architectures_per_step"));
        FIELDS.put("--skip-prior", List.of("skip_prior"));
        FIELDS.put("--sandwich", List.of("sandwich"));
        FIELDS.put("--penalty", List.of("penalty"));
        FIELDS.put("--theta-warmup", List.of("theta_warmup"));
        FIELDS.put("--seed", List.of("seed"));
        FIELDS.put("--derivation-candidates", List.of("derivation_candidates"));
        FIELDS.put("--derivation", List.of("derivation"));
        FIELDS.put("--evolution-population", List.of("evolution_population"));
        FIELDS.put("--evolution-generations", List.of("evolution_generations"));
        FIELDS.put("--recalibration-images",
                List.of(DerivationSettingsJson.RECALIBRATION_FIELD));
        FIELDS.put("--fix-architecture", List.of(SearchConstraint.FIX_ARCHITECTURE));
        FIELDS.put("--fix-bits", List.of(SearchConstraint.FIX_BITS));
    }

    private ResumeOptions() {}

    /**
     * Throws if an option given on the command line asks for a setting the resumed run does not
     * have.
     *
     * @param parsed the command line
     * @param requested the settings the command line asks for
     * @param stored the settings of the run
     * @param file the run's settings file, for the message
     * @throws IllegalArgumentException naming every contradicting option
     */
    static void refuseContradictions(
            ParseResult parsed, JsonNode requested, JsonNode stored, Path file) {
        refuseDifferences(parsed, requested, stored, file, RESUME);
    }

    /**
     * Throws if an option given on the command line asks for a setting that another run's
     * settings fix.
     *
     * @param parsed the command line
     * @param requested the settings the command line asks for
     * @param stored the settings that hold
     * @param file the settings file they come from, for the message
     * @param why why they hold, what holds them and what to do instead
     * @throws IllegalArgumentException naming every contradicting option
     */
    static void refuseDifferences(
            ParseResult parsed, JsonNode requested, JsonNode stored, Path file, Why why) {
        List<String> contradictions = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : FIELDS.entrySet()) {
            if (!parsed.hasMatchedOption(e.getKey())) {
                continue;
            }
            for (String field : e.getValue()) {
                JsonNode asked = requested.path(field);
                JsonNode held = stored.path(field);
                if (!asked.equals(held)) {
                    contradictions.add(
                            e.getKey() + " asks " + field + " " + brief(asked) + ", "
                                    + why.holder() + " has "
                                    + brief(held));
                    break;
                }
            }
        }
        if (!contradictions.isEmpty()) {
            throw refusal(file, why, contradictions);
        }
    }

    /**
     * Returns the engine a resumed search continues on: the one it ran on, which its checkpoints
     * were written by; {@code --engine} naming another is refused.
     *
     * @param parsed the command line
     * @param asked the {@code --engine} value (its default when not given)
     * @param held the engine the run's settings name
     * @param file the run's settings file, for the message
     * @return the engine to continue on
     * @throws IllegalArgumentException if {@code --engine} names another engine
     */
    static String engineOf(ParseResult parsed, String asked, String held, Path file) {
        if (parsed.hasMatchedOption("--engine") && !asked.equals(held)) {
            throw refusal(file, RESUME,
                    List.of("--engine asks " + asked + ", the run has " + held));
        }
        return held;
    }

    /** The one message of a refused command line, naming every contradiction. */
    private static IllegalArgumentException refusal(
            Path file, Why why, List<String> contradictions) {
        return new IllegalArgumentException(file + ": " + why.rule() + "; "
                + String.join("; ", contradictions) + " (" + why.advice() + ")");
    }

    /**
     * Why stored settings hold against the command line, for the message.
     *
     * @param rule the rule that makes them hold
     * @param holder what holds them, as the message names it
     * @param advice what to do instead
     */
    record Why(String rule, String holder, String advice) {}

    /** A resumed run keeps its settings. */
    static final Why RESUME = new Why("--resume continues the run as it was started", "the run",
            "drop the option, or start a new run with another --out");

    private static String brief(JsonNode value) {
        if (value.isMissingNode()) {
            return "(none)";
        }
        if (value.isObject()) {
            JsonNode id = value.path("id");
            return id.isTextual() ? id.asText() : "a different value";
        }
        return value.isTextual() ? value.asText() : value.toString();
    }
}
