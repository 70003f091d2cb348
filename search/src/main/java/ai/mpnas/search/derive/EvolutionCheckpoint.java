package ai.mpnas.search.derive;

import ai.mpnas.formats.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The evolution's state after a generation, written atomically so that a killed derivation
 * resumes where it stopped: the generation, its population (bred, not yet scored) and every score
 * so far. Randomness is a function of (seed, generation), so nothing else is needed to go on
 * exactly as an uninterrupted run.
 *
 * @param key what the state belongs to (seed, budget and evolution settings); a file written
 *     under another key is refused
 * @param generation the generations bred so far (0: the starting population)
 * @param population the population's architecture codes with the repairs each needed
 * @param scored every scored architecture: code, repairs, score, accuracy
 */
record EvolutionCheckpoint(
        String key, int generation, Map<String, Integer> population, Map<String, Scored> scored) {

    /** The format id of the file. */
    static final String FORMAT = "mpnas/evolution-state@1";

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A scored architecture.
     *
     * @param repairs the repairs it needed to fit the budget
     * @param evaluation its score
     */
    record Scored(int repairs, CandidateScorer.Evaluation evaluation) {}

    /**
     * Writes the state atomically.
     *
     * @param file the file
     * @throws IOException if it cannot be written
     */
    void write(Path file) throws IOException {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", FORMAT);
        n.put("key", key);
        n.put("generation", generation);
        ArrayNode pop = n.putArray("population");
        population.forEach((code, repairs) -> pop.addObject().put("code", code)
                .put("repairs", repairs));
        ArrayNode list = n.putArray("scored");
        scored.forEach((code, s) -> {
            ObjectNode o = list.addObject();
            o.put("code", code);
            o.put("repairs", s.repairs());
            // JSON has no NaN: an unmeasured accuracy is null
            o.put("score", s.evaluation().score());
            putNumber(o, "accuracy", s.evaluation().accuracy());
        });
        AtomicFiles.writeString(file, MAPPER.writeValueAsString(n));
    }

    private static void putNumber(ObjectNode o, String field, double value) {
        if (Double.isFinite(value)) {
            o.put(field, value);
        } else {
            o.putNull(field);
        }
    }

    /**
     * Reads the state of a file, if there is one.
     *
     * @param file the file
     * @param key the key of the evolution that reads it
     * @return the state, or empty if there is no file
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if it belongs to another evolution, naming the file
     */
    static Optional<EvolutionCheckpoint> read(Path file, String key) throws IOException {
        if (file == null || !Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode n = MAPPER.readTree(file.toFile());
        if (!FORMAT.equals(n.path("format").asText())) {
            throw new IllegalArgumentException(file + ": format: expected " + FORMAT);
        }
        if (!key.equals(n.path("key").asText())) {
            throw new IllegalArgumentException(file + ": key = " + n.path("key").asText()
                    + ": this derivation's is " + key + " (delete the file to start it anew)");
        }
        Map<String, Integer> population = new LinkedHashMap<>();
        for (JsonNode p : n.path("population")) {
            population.put(p.get("code").asText(), p.get("repairs").asInt());
        }
        Map<String, Scored> scored = new LinkedHashMap<>();
        for (JsonNode s : n.path("scored")) {
            JsonNode accuracy = s.path("accuracy");
            scored.put(s.get("code").asText(), new Scored(s.get("repairs").asInt(),
                    new CandidateScorer.Evaluation(s.get("score").asDouble(),
                            accuracy.isNumber() ? accuracy.asDouble() : Double.NaN)));
        }
        return Optional.of(new EvolutionCheckpoint(
                key, n.get("generation").asInt(), population, scored));
    }

    /**
     * Returns the codes of the population, in order.
     *
     * @return the codes
     */
    List<String> codes() {
        return List.copyOf(population.keySet());
    }
}
