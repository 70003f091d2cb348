package ai.mpnas.report;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a run directory holds for its report: {@code architecture.json} (required) and whichever of
 * {@code metrics.json}, {@code settings.json}, {@code policy.json}, {@code history.csv} and
 * {@code train-history.csv} exist. A baseline was never searched, a search not yet trained, and
 * older runs lack newer files; each absent file becomes a note on the page saying what is missing
 * and why.
 */
final class RunDirectory {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path dir;
    private final JsonNode architecture;
    private final CostUnit unit;
    private final Optional<JsonNode> metrics;
    private final Optional<JsonNode> settings;
    private final Optional<JsonNode> policy;
    private final Optional<Csv> history;
    private final Optional<Csv> trainHistory;
    private final List<String> notes = new ArrayList<>();

    private RunDirectory(Path dir) throws IOException {
        this.dir = dir;
        Path archFile = dir.resolve("architecture.json");
        if (!Files.isRegularFile(archFile)) {
            throw new IllegalArgumentException(
                    dir + ": not a run directory (no architecture.json; run 'mpnas search' first)");
        }
        architecture = readJson(archFile);
        unit = CostUnit.of(architecture);
        metrics = optionalJson("metrics.json",
                "not trained yet ('mpnas train --run DIR'): no test accuracy");
        settings = optionalJson("settings.json",
                "not written by a search (a baseline, or a run older than settings.json):"
                        + " the search settings are not shown");
        policy = optionalJson("policy.json",
                "not written by a search (a baseline was never searched): no final policy");
        history = optionalCsv("history.csv",
                "not written by a search (a baseline was never searched): no search curves");
        trainHistory = optionalCsv("train-history.csv",
                "not trained yet, or trained before per-epoch training histories existed: no"
                        + " training table");
    }

    /**
     * Reads a run directory.
     *
     * @param dir the run directory
     * @return what it holds
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException if there is no {@code architecture.json} or a file is
     *     malformed, naming the file
     */
    static RunDirectory read(Path dir) throws IOException {
        return new RunDirectory(dir);
    }

    /**
     * Reads a JSON file, with a one-line message naming the file if it is not JSON.
     *
     * @param file the file
     * @return the tree
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if it is empty or not JSON
     */
    static JsonNode readJson(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr();
            throw new IllegalArgumentException(
                    file + ": not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException(file + ": empty, expected a JSON object");
        }
        return root;
    }

    private Optional<JsonNode> optionalJson(String name, String why) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            notes.add(name + " is absent: " + why + ".");
            return Optional.empty();
        }
        return Optional.of(readJson(file));
    }

    private Optional<Csv> optionalCsv(String name, String why) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            notes.add(name + " is absent: " + why + ".");
            return Optional.empty();
        }
        Csv csv = Csv.read(file);
        if (csv.rows() == 0) {
            notes.add(name + " has no rows yet: nothing to draw from it.");
            return Optional.empty();
        }
        return Optional.of(csv);
    }

    /**
     * Adds a note: something the page does not show, and why.
     *
     * @param note one sentence
     */
    void note(String note) {
        notes.add(note);
    }

    /**
     * Returns what to call the run's network: found by a search, or a baseline's.
     *
     * @return {@code found network} or {@code this network}
     */
    String networkName() {
        return architecture.at("/search/metric").isMissingNode() ? "this network"
                : "found network";
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    Path dir() {
        return dir;
    }

    JsonNode architecture() {
        return architecture;
    }

    CostUnit unit() {
        return unit;
    }

    Optional<JsonNode> metrics() {
        return metrics;
    }

    Optional<JsonNode> settings() {
        return settings;
    }

    Optional<JsonNode> policy() {
        return policy;
    }

    Optional<Csv> history() {
        return history;
    }

    Optional<Csv> trainHistory() {
        return trainHistory;
    }
}
