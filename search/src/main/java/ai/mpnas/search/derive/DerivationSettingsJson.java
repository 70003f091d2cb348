package ai.mpnas.search.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and writes {@link DerivationSettings} as fields of {@code settings.json}. A file without
 * them was written before the evolution existed and derived by sampling (with its
 * {@code derivation_candidates}), so that is what it reads as.
 */
public final class DerivationSettingsJson {

    /** The field of {@link DerivationSettings#recalibrationImages()}. */
    public static final String RECALIBRATION_FIELD = "evolution_recalibration_images";

    private DerivationSettingsJson() {}

    /**
     * Adds the settings' fields to a {@code settings.json} object.
     *
     * @param settings the derivation settings
     * @param n the object written by {@link ai.mpnas.search.SearchSettingsJson}
     * @return {@code n}
     */
    public static ObjectNode writeTo(DerivationSettings settings, ObjectNode n) {
        n.put("derivation", settings.method().jsonName());
        n.put("evolution_population", settings.population());
        n.put("evolution_generations", settings.generations());
        n.put("evolution_parents", settings.parents());
        n.put("evolution_mutation", settings.mutationProbability());
        n.put("evolution_validation_images", settings.validationImages());
        n.put(RECALIBRATION_FIELD, settings.recalibrationImages());
        n.put("evolution_top", settings.top());
        return n;
    }

    /**
     * Reads the settings from a {@code settings.json} object; each missing field takes its
     * default, a missing {@code derivation} means {@link DerivationMethod#SAMPLED}, and a missing
     * {@value #RECALIBRATION_FIELD} means none (so a run written before it resumes as it ran).
     *
     * @param n the object
     * @param source the file name, for messages
     * @return the settings
     * @throws IllegalArgumentException naming the file and the field that is wrong
     */
    public static DerivationSettings read(JsonNode n, String source) {
        DerivationSettings d = DerivationSettings.sampled();
        try {
            return new DerivationSettings(
                    DerivationMethod.fromJsonName(n.path("derivation").asText("sampled")),
                    integer(n, "evolution_population", d.population(), source),
                    integer(n, "evolution_generations", d.generations(), source),
                    integer(n, "evolution_parents", d.parents(), source),
                    n.path("evolution_mutation").asDouble(d.mutationProbability()),
                    integer(n, "evolution_validation_images", d.validationImages(), source),
                    integer(n, RECALIBRATION_FIELD, d.recalibrationImages(), source),
                    integer(n, "evolution_top", d.top(), source));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(source)) {
                throw e;
            }
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static int integer(JsonNode n, String field, int otherwise, String source) {
        JsonNode value = n.path(field);
        if (value.isMissingNode()) {
            return otherwise;
        }
        if (!value.isIntegralNumber()) {
            throw new IllegalArgumentException(
                    source + ": " + field + " = " + value + ": allowed an integer");
        }
        return value.asInt();
    }
}
