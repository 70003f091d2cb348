package ai.mpnas.search;

import ai.mpnas.formats.AtomicFiles;
import ai.mpnas.search.derive.DerivationSettings;
import ai.mpnas.search.derive.DerivationSettingsJson;
import ai.mpnas.training.RunBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A search run's {@code settings.json} as it is written: the search settings, how the result is
 * derived and the engine the weights are for; one writer for searches that train and searches
 * that derive from another's supernet.
 */
final class SettingsFile {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SettingsFile() {}

    /**
     * Returns the contents of a run's settings file.
     *
     * @param settings the search settings
     * @param derivation how the result is derived
     * @param engine the engine (null: DJL's default)
     * @return the JSON object (callers may add fields before writing it)
     */
    static ObjectNode json(SearchSettings settings, DerivationSettings derivation, String engine) {
        return DerivationSettingsJson.writeTo(derivation, settings.toJson())
                .put(MixedPrecisionSearch.ENGINE_FIELD, RunBuilder.engineName(engine));
    }

    /**
     * Writes a run's settings file atomically (readers see the old file or the new one).
     *
     * @param runDirectory the run directory
     * @param json its contents
     * @throws IOException if writing fails
     */
    static void write(Path runDirectory, ObjectNode json) throws IOException {
        AtomicFiles.writeString(
                runDirectory.resolve("settings.json"), MAPPER.writeValueAsString(json));
    }
}
