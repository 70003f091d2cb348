package ai.mpnas.formats;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A run's {@value #FILE}: the architecture (as {@code mpnas/architecture@1} defines it) followed by
 * what the search or baseline that wrote it found out about it: its {@code cost}, the {@code
 * budget} it met, how it was priced ({@code bitfusion}) and how it was found ({@code search}).
 *
 * <p>The definition stays a JSON object: its reader, with the validation of every block against
 * the search space, is the plugin's {@code Architecture}, which this module does not depend on. A
 * result section is null when the file lacks it (a baseline has no budget; files written by hand
 * may have none); such sections are not written.
 *
 * @param definition the architecture's own fields ({@code format}, {@code search_space}, {@code
 *     code}, {@code blocks}, {@code layers}), in file order
 * @param cost the Bit Fusion cost
 * @param budget the budget the search met
 * @param bitFusion how the run is priced (cost model, depthwise mode, bit modes, batch,
 *     accelerator)
 * @param search how the architecture was found (a search's settings and derivation, or a
 *     baseline's origin)
 */
public record RunArchitecture(
        ObjectNode definition, Cost cost, Budget budget, ObjectNode bitFusion, ObjectNode search) {

    /** The file name in a run directory. */
    public static final String FILE = "architecture.json";

    /**
     * The keys of the result sections, in file order: they describe the architecture but do not
     * define it, so a reader of the architecture alone reads past them.
     */
    public static final List<String> RESULT_KEYS = List.of("cost", "budget", "bitfusion", "search");

    /**
     * Reads an architecture file.
     *
     * @param file the file
     * @return the architecture and its results
     * @throws IllegalArgumentException naming the file and field when it is not valid JSON, not an
     *     object, or a result section has a value of the wrong type
     * @throws IOException if it cannot be read
     */
    public static RunArchitecture read(Path file) throws IOException {
        JsonNode root = FormatJson.read(file, JsonNode.class);
        if (!root.isObject()) {
            throw new IllegalArgumentException(file + ": not a JSON object");
        }
        ObjectNode definition = ((ObjectNode) root).deepCopy();
        definition.remove(RESULT_KEYS);
        return new RunArchitecture(
                definition,
                section(root, "cost", Cost.class, file),
                section(root, "budget", Budget.class, file),
                section(root, "bitfusion", ObjectNode.class, file),
                section(root, "search", ObjectNode.class, file));
    }

    /**
     * Returns the file's JSON object: the definition, then the result sections present.
     *
     * @return a new JSON object
     */
    public ObjectNode toJson() {
        ObjectNode n = definition.deepCopy();
        putSection(n, "cost", cost);
        putSection(n, "budget", budget);
        putSection(n, "bitfusion", bitFusion);
        putSection(n, "search", search);
        return n;
    }

    /**
     * Writes the file atomically.
     *
     * @param file the file
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        FormatJson.write(file, toJson());
    }

    private static <T> T section(JsonNode root, String key, Class<T> type, Path file) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return FormatJson.READER.treeToValue(node, type);
        } catch (JsonMappingException e) {
            e.prependPath(root, key);
            throw FormatJson.problem(file, e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + key + ": " + e.getMessage(), e);
        }
    }

    private static void putSection(ObjectNode n, String key, Object value) {
        if (value != null) {
            n.set(key, FormatJson.WRITER.valueToTree(value));
        }
    }

    /**
     * The Bit Fusion cost of one batch.
     *
     * @param energyNj the energy in nJ
     * @param latencyCycles the latency in cycles
     * @param latencyMs the latency in ms at the accelerator's clock
     * @param energyVs8bit the energy relative to the space's uniform 8-bit network (a search
     *     writes it, a baseline does not)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"energy_nJ", "latency_cycles", "latency_ms", "energy_vs_8bit"})
    public record Cost(
            @JsonProperty("energy_nJ") Double energyNj,
            @JsonProperty("latency_cycles") Long latencyCycles,
            @JsonProperty("latency_ms") Double latencyMs,
            @JsonProperty("energy_vs_8bit") Double energyVs8bit) {}

    /**
     * The budget a search met: in nJ or in cycles, whichever its metric is.
     *
     * @param energyNj the energy budget in nJ, or null under a latency budget
     * @param latencyCycles the latency budget in cycles, or null under an energy budget
     * @param given the budget as given ({@code 0.5}, {@code u4}, {@code 2.5mJ})
     * @param repairs how many repairs the derivation needed to meet it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"energy_nJ", "latency_cycles", "given", "repairs"})
    public record Budget(
            @JsonProperty("energy_nJ") Double energyNj,
            @JsonProperty("latency_cycles") Double latencyCycles,
            @JsonProperty("given") String given,
            @JsonProperty("repairs") Integer repairs) {}
}
