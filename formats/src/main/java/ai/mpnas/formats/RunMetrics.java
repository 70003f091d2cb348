package ai.mpnas.formats;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained run's {@value #FILE}: the test accuracy, the Bit Fusion cost, the dataset (its
 * classes, input shape and normalisation) and how the run was priced and trained. A field is null
 * when the file lacks it (files written by hand or before the field existed); such fields are not
 * written.
 *
 * @param format {@value #FORMAT}
 * @param top1 the test top-1 accuracy
 * @param energyNj the Bit Fusion energy of one batch, in nJ
 * @param latencyCycles the Bit Fusion latency of one batch, in cycles
 * @param latencyMs the Bit Fusion latency of one batch, in ms
 * @param weightBitsTotal the sum over layers of weight count times weight bits
 * @param dataset the dataset name
 * @param datasetDir where the dataset was read from (the export verifies on its test set)
 * @param architecture the architecture code
 * @param classes the class names in output order
 * @param input the input shape
 * @param normalization how pixels became the network input
 * @param bitFusion how the run was priced, as the architecture file's {@code bitfusion} section
 * @param training how the run was trained (origin, epochs, seed, engine, ...), as the trainer
 *     recorded it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "format",
    "top1",
    "energy_nJ",
    "latency_cycles",
    "latency_ms",
    "weight_bits_total",
    "dataset",
    "dataset_dir",
    "architecture",
    "classes",
    "input",
    "normalization",
    "bitfusion",
    "training"
})
public record RunMetrics(
        @JsonProperty("format") String format,
        @JsonProperty("top1") Double top1,
        @JsonProperty("energy_nJ") Double energyNj,
        @JsonProperty("latency_cycles") Long latencyCycles,
        @JsonProperty("latency_ms") Double latencyMs,
        @JsonProperty("weight_bits_total") Long weightBitsTotal,
        @JsonProperty("dataset") String dataset,
        @JsonProperty("dataset_dir") String datasetDir,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("classes") List<String> classes,
        @JsonProperty("input") Input input,
        @JsonProperty("normalization") Normalization normalization,
        @JsonProperty("bitfusion") ObjectNode bitFusion,
        @JsonProperty("training") ObjectNode training) {

    /** The file name in a run directory. */
    public static final String FILE = "metrics.json";

    /** The format id. */
    public static final String FORMAT = "mpnas/metrics@1";

    /**
     * Reads a metrics file.
     *
     * @param file the file
     * @return the metrics
     * @throws IllegalArgumentException naming the file and field when a value has the wrong type
     * @throws IOException if it cannot be read
     */
    public static RunMetrics read(Path file) throws IOException {
        return FormatJson.read(file, RunMetrics.class);
    }

    /**
     * Writes the metrics atomically.
     *
     * @param file the file
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        FormatJson.write(file, this);
    }

    /**
     * Returns the same metrics with another training record (e.g. one that adds how the trained
     * network was selected).
     *
     * @param newTraining the training record
     * @return the new metrics
     */
    public RunMetrics withTraining(ObjectNode newTraining) {
        return new RunMetrics(format, top1, energyNj, latencyCycles, latencyMs, weightBitsTotal,
                dataset, datasetDir, architecture, classes, input, normalization, bitFusion,
                newTraining);
    }

    /**
     * Returns the DJL engine that trained the run ({@code training.engine}), if recorded.
     *
     * @return the engine name, or null for runs trained before it was recorded
     */
    public String engine() {
        return training == null || !training.path("engine").isTextual()
                ? null
                : training.get("engine").asText();
    }

    /**
     * The network input shape.
     *
     * @param channels the channels
     * @param height the height in pixels
     * @param width the width in pixels
     */
    @JsonPropertyOrder({"channels", "height", "width"})
    public record Input(
            @JsonProperty("channels") int channels,
            @JsonProperty("height") int height,
            @JsonProperty("width") int width) {}

    /**
     * How a pixel became the network input: {@code (pixel * pixelScale - mean[c]) / std[c]}.
     *
     * @param pixelScale the factor from a pixel byte to [0, 1]
     * @param mean the per-channel mean
     * @param std the per-channel standard deviation
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"pixel_scale", "mean", "std"})
    public record Normalization(
            @JsonProperty("pixel_scale") Float pixelScale,
            @JsonProperty("mean") List<Float> mean,
            @JsonProperty("std") List<Float> std) {}
}
