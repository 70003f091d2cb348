package ai.mpnas.export;

import ai.djl.Model;
import ai.mpnas.plugin.engine.EngineQuirks;
import ai.mpnas.plugin.nn.FixedNetwork;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.Normalization;
import ai.mpnas.plugin.space.SpecException;
import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a run directory after {@code mpnas train} and exports it.
 *
 * <p>The layout: {@code architecture.json} (the architecture plus {@code cost}, {@code budget},
 * {@code bitfusion} and {@code search} objects), {@code model/mpnas-0000.params} (DJL {@code
 * Model.save(model/, "mpnas")} of the quantized {@link FixedNetwork}), {@code
 * model/architecture.json} and {@code metrics.json} ({@code top1}, {@code dataset}, optional
 * {@code dataset_dir}, {@code normalization} {@code {mean, std}}, {@code classes}). The export goes
 * to {@code export/<name>/}.
 */
public final class RunExport {

    /** The DJL engine that loads the trained parameters and runs the reference forward. */
    public static final String DEFAULT_ENGINE = EngineQuirks.MXNET;

    /** The model name of the saved parameters ({@code mpnas-0000.params}). */
    public static final String MODEL_NAME = FixedNetwork.MODEL_NAME;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> RUN_KEYS = List.of("cost", "budget", "bitfusion", "search");

    private RunExport() {}

    /**
     * Loads a trained run on the engine that trained it ({@code metrics.json}'s {@code
     * training.engine}; runs trained before it was recorded were trained on {@value
     * #DEFAULT_ENGINE}).
     *
     * @param runDir the run directory
     * @return the run; close it when done
     * @throws InvalidRunException naming the missing or corrupt file
     * @throws IOException if a file cannot be read
     */
    public static TrainedRun load(Path runDir) throws IOException {
        return load(runDir, engine(runDir));
    }

    /**
     * Returns the engine that trained a run: {@code metrics.json}'s {@code training.engine}, or
     * {@value #DEFAULT_ENGINE} for runs trained before it was recorded (or not trained yet).
     *
     * @param runDir the run directory
     * @return the engine name
     * @throws InvalidRunException if metrics.json is not a JSON object
     * @throws IOException if it cannot be read
     */
    static String engine(Path runDir) throws IOException {
        Path metricsFile = runDir.resolve("metrics.json");
        if (!Files.isRegularFile(metricsFile)) {
            return DEFAULT_ENGINE;
        }
        return readObject(metricsFile).path("training").path("engine").asText(DEFAULT_ENGINE);
    }

    /**
     * Reads what a trained run says about its model without loading the parameters: dataset,
     * accuracy, normalisation, classes and cost.
     *
     * @param runDir the run directory
     * @return the provenance
     * @throws InvalidRunException naming the missing or invalid file and field
     * @throws IOException if a file cannot be read
     */
    static Provenance provenance(Path runDir) throws IOException {
        Path archFile = runDir.resolve("architecture.json");
        Path metricsFile = runDir.resolve("metrics.json");
        requireFile(archFile, "run 'mpnas search' first");
        requireFile(metricsFile, "run 'mpnas train --run " + runDir + "' first");
        ObjectNode archJson = readObject(archFile);
        return provenance(
                readObject(metricsFile),
                metricsFile,
                archJson.get("cost"),
                archJson.get("bitfusion"),
                archFile);
    }

    /**
     * Loads a trained run.
     *
     * @param runDir the run directory
     * @param engine the DJL engine for the parameters and the reference forward
     * @return the run; close it when done
     * @throws InvalidRunException naming the missing or corrupt file
     * @throws IOException if a file cannot be read
     */
    public static TrainedRun load(Path runDir, String engine) throws IOException {
        Path archFile = runDir.resolve("architecture.json");
        Path modelDir = runDir.resolve("model");
        Path params = modelDir.resolve(MODEL_NAME + "-0000.params");
        Path metricsFile = runDir.resolve("metrics.json");
        requireFile(archFile, "run 'mpnas search' first");
        if (!Files.isDirectory(modelDir)) {
            throw new InvalidRunException(
                    modelDir + ": no trained model; run 'mpnas train --run " + runDir + "' first");
        }
        requireFile(params, "run 'mpnas train --run " + runDir + "' first");
        requireFile(metricsFile, "run 'mpnas train --run " + runDir + "' first");
        ObjectNode archJson = readObject(archFile);
        archJson.remove(RUN_KEYS);
        Architecture architecture;
        try {
            architecture = Architecture.fromJson(MAPPER.writeValueAsString(archJson), archFile.toString());
        } catch (SpecException e) {
            throw new InvalidRunException(e.getMessage(), e);
        }
        Provenance provenance = provenance(runDir);
        FixedNetwork network =
                FixedNetwork.builder().setArchitecture(architecture).optQuantized(true).build();
        Model model = Model.newInstance(MODEL_NAME, engine);
        try {
            model.setBlock(network);
            model.load(modelDir, MODEL_NAME);
        } catch (Exception e) {
            model.close();
            throw new InvalidRunException(
                    params
                            + ": corrupt or does not match "
                            + archFile.getFileName()
                            + " ("
                            + e
                            + "); re-run 'mpnas train --run "
                            + runDir
                            + "'",
                    e);
        }
        JsonNode datasetDir = readObject(metricsFile).get("dataset_dir");
        return new TrainedRun(
                runDir,
                architecture,
                model,
                provenance,
                datasetDir != null && datasetDir.isTextual() ? Path.of(datasetDir.asText()) : null);
    }

    /**
     * Exports a trained run to {@code runDir/export/<name>/}, verified on the given images.
     *
     * @param run the loaded run
     * @param name the export name (a single path segment)
     * @param images the verification images
     * @param overwrite whether to replace an existing export of that name
     * @return what was written
     * @throws IOException if writing fails or the export exists
     * @throws OrtException if ONNX Runtime cannot load or run the model
     * @throws ExportVerificationException if the model disagrees with the network
     */
    public static ExportResult export(
            TrainedRun run, String name, VerificationImages images, boolean overwrite)
            throws IOException, OrtException {
        if (name.isEmpty() || !name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new IllegalArgumentException(
                    "export name '" + name + "': allowed letters, digits, '.', '_', '-', not"
                            + " starting with '.'");
        }
        return ModelExport.builder()
                .setNetwork(run.network())
                .setProvenance(run.provenance())
                .setImages(images)
                .optOverwrite(overwrite)
                .build()
                .writeTo(run.directory().resolve("export").resolve(name));
    }

    private static Provenance provenance(
            ObjectNode metrics, Path file, JsonNode cost, JsonNode bitFusion, Path archFile) {
        Provenance.Builder b = Provenance.builder();
        b.setDataset(text(metrics, "dataset", file));
        JsonNode top1 = metrics.get("top1");
        if (top1 != null && top1.isNumber()) {
            b.optTop1(top1.asDouble());
        }
        JsonNode norm = metrics.get("normalization");
        if (norm == null || !norm.isObject()) {
            throw new InvalidRunException(
                    file + ": normalization: missing; allowed: {\"mean\": [..], \"std\": [..]}");
        }
        try {
            b.setNormalization(
                    new Normalization(
                            floats(norm, "mean", file, "normalization."),
                            floats(norm, "std", file, "normalization.")));
        } catch (IllegalArgumentException e) {
            throw new InvalidRunException(file + ": " + e.getMessage(), e);
        }
        JsonNode classes = metrics.get("classes");
        if (classes == null || !classes.isArray() || classes.isEmpty()) {
            throw new InvalidRunException(
                    file + ": classes: missing or empty; allowed: an array of class names");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            if (!classes.get(i).isTextual()) {
                throw new InvalidRunException(
                        file + ": classes[" + i + "]: not a string; allowed: class names");
            }
            names.add(classes.get(i).asText());
        }
        b.setClasses(names);
        if (cost != null && cost.isObject()) {
            String depthwise =
                    bitFusion != null && bitFusion.has("depthwise")
                            ? bitFusion.get("depthwise").asText()
                            : "unknown";
            int batch = bitFusion != null && bitFusion.has("batch") ? bitFusion.get("batch").asInt() : 1;
            if (!cost.has("energy_nJ") || !cost.has("latency_cycles") || !cost.has("latency_ms")) {
                throw new InvalidRunException(
                        archFile
                                + ": cost: needs energy_nJ, latency_cycles and latency_ms numbers");
            }
            b.optCost(
                    new CostSummary(
                            cost.get("energy_nJ").asDouble(),
                            cost.get("latency_cycles").asLong(),
                            cost.get("latency_ms").asDouble(),
                            depthwise,
                            batch));
        }
        if (bitFusion != null && bitFusion.isObject()) {
            b.optBitFusion(bitFusion);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidRunException(file + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field, Path file) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new InvalidRunException(file + ": " + field + ": missing; allowed: a string");
        }
        return v.asText();
    }

    private static float[] floats(JsonNode node, String field, Path file, String prefix) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray()) {
            throw new InvalidRunException(
                    file + ": " + prefix + field + ": missing; allowed: an array of numbers");
        }
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isNumber()) {
                throw new InvalidRunException(
                        file + ": " + prefix + field + "[" + i + "]: not a number");
            }
            out[i] = (float) v.get(i).asDouble();
        }
        return out;
    }

    private static void requireFile(Path file, String hint) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidRunException(file + ": missing; " + hint);
        }
    }

    private static ObjectNode readObject(Path file) throws IOException {
        JsonNode node;
        try {
            node = MAPPER.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidRunException(
                    file + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRunException(file + ": not a JSON object");
        }
        return (ObjectNode) node;
    }
}
