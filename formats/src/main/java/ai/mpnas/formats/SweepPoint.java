package ai.mpnas.formats;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A finished point of a protocol sweep, its {@value #FILE}: written last, it marks the point done.
 * An infeasible point has a reason and no result; a finished one has its result and no reason.
 *
 * @param contender the contender (joint, bits-only, arch-only, random or uniform-N)
 * @param budget the budget as given ({@code u4}, {@code 0.5})
 * @param budgetRelative the budget relative to the 8-bit reference network
 * @param seed the seed of every step
 * @param infeasible whether the contender cannot meet the budget
 * @param reason why it cannot, or null
 * @param architecture the trained architecture's code, or null if infeasible
 * @param energyNj its Bit Fusion energy in nJ, or null if infeasible
 * @param top1 its test top-1, or null if infeasible
 * @param onnx the exported model, relative to the sweep directory, or null if infeasible
 * @param commands the command lines the point ran, in order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "contender",
    "budget",
    "budget_relative",
    "seed",
    "infeasible",
    "reason",
    "architecture",
    "energy_nJ",
    "top1",
    "onnx",
    "commands"
})
public record SweepPoint(
        @JsonProperty("contender") String contender,
        @JsonProperty("budget") String budget,
        @JsonProperty("budget_relative") double budgetRelative,
        @JsonProperty("seed") long seed,
        @JsonProperty("infeasible") boolean infeasible,
        @JsonProperty("reason") String reason,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("energy_nJ") Double energyNj,
        @JsonProperty("top1") Double top1,
        @JsonProperty("onnx") String onnx,
        @JsonProperty("commands") List<String> commands) {

    /** The file name in a point directory. */
    public static final String FILE = "point.json";

    /**
     * Reads a point file.
     *
     * @param file the file
     * @return the point
     * @throws IllegalArgumentException naming the file and field when a value has the wrong type
     * @throws IOException if it cannot be read
     */
    public static SweepPoint read(Path file) throws IOException {
        return FormatJson.read(file, SweepPoint.class);
    }

    /**
     * Writes the point atomically.
     *
     * @param file the file
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        FormatJson.write(file, this);
    }
}
