package ai.mpnas.search;

import ai.mpnas.bitfusion.AcceleratorConfig;
import ai.mpnas.bitfusion.AcceleratorConfigJson;
import ai.mpnas.bitfusion.BitModes;
import ai.mpnas.bitfusion.CostCalculator;
import ai.mpnas.bitfusion.CostModel;
import ai.mpnas.bitfusion.CostModelKind;
import ai.mpnas.bitfusion.DepthwiseMode;
import ai.mpnas.bitfusion.NetworkCost;
import ai.mpnas.data.DatasetInfo;
import ai.mpnas.formats.RunArchitecture;
import ai.mpnas.formats.RunMetrics;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.search.cost.BitFusionLayers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a run directory: {@code architecture.json} (the architecture with its Bit Fusion
 * cost and settings), {@code model/} and {@code metrics.json}.
 */
public final class RunFiles {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunFiles() {}

    /**
     * Returns the architecture file of a run directory, failing clearly if there is none.
     *
     * @param run the run directory
     * @return {@code run/architecture.json}
     * @throws IllegalArgumentException if it does not exist
     */
    public static Path architectureFile(Path run) {
        Path file = run.resolve(RunArchitecture.FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    run + ": not a run directory (no architecture.json; run 'mpnas search' first)");
        }
        return file;
    }

    /**
     * Reads a run's architecture file once: the architecture and how it was priced.
     *
     * @param run the run directory
     * @return the architecture and its pricing
     * @throws IllegalArgumentException if there is no architecture file or it is invalid, naming
     *     the file and field
     * @throws IOException if it cannot be read
     */
    public static PricedArchitecture readArchitecture(Path run) throws IOException {
        Path file = architectureFile(run);
        RunArchitecture json = RunArchitecture.read(file);
        return new PricedArchitecture(
                Architecture.fromJson(json.definition(), file.toString()),
                pricing(json.bitFusion(), file.toString()));
    }

    /**
     * Builds the Bit Fusion calculator a run was priced with: the {@code bitfusion} section of its
     * architecture file. Files written before a field existed get what was priced then: apq,
     * grouped, exact bits (precision modes came later), the paper's accelerator, batch 1.
     *
     * @param bitFusion the section, or null if the file has none
     * @param source the file, for messages
     * @return the calculator and the batch it prices
     */
    public static Pricing pricing(JsonNode bitFusion, String source) {
        JsonNode bf = bitFusion == null ? MissingNode.getInstance() : bitFusion;
        AcceleratorConfig config =
                bf.has("accelerator")
                        ? AcceleratorConfigJson.fromJson(
                                bf.get("accelerator"), source + ": bitfusion.accelerator")
                        : AcceleratorConfig.bitFusion45nm();
        try {
            return Pricing.of(
                    CostModelKind.fromJsonName(bf.path("model").asText("apq")),
                    DepthwiseMode.fromJsonName(bf.path("depthwise").asText("grouped")),
                    BitModes.fromJsonName(bf.path("bit_modes").asText("exact")),
                    config,
                    bf.path("batch").asInt(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": bitfusion: " + e.getMessage(), e);
        }
    }

    /**
     * Writes an architecture file for an architecture that no search produced (a baseline), with
     * its cost under the given pricing.
     *
     * @param run the run directory
     * @param architecture the architecture
     * @param pricing the Bit Fusion pricing
     * @param origin what the architecture is, e.g. {@code uniform-4bit}
     * @throws IOException if it cannot be written
     */
    public static void writeArchitecture(
            Path run, Architecture architecture, Pricing pricing, String origin) throws IOException {
        NetworkCost net = pricing.cost(architecture);
        ObjectNode search = MAPPER.createObjectNode().put("origin", origin);
        new RunArchitecture(
                        (ObjectNode) MAPPER.readTree(architecture.toJson()),
                        new RunArchitecture.Cost(
                                net.energyTotalNj(), net.totalCycles(), net.latencyMs(), null),
                        null,
                        pricing.toJson(),
                        search)
                .write(run.resolve(RunArchitecture.FILE));
    }

    /**
     * Writes {@code metrics.json} for a trained run.
     *
     * @param run the run directory
     * @param architecture the trained architecture
     * @param pricing the Bit Fusion pricing
     * @param top1 the test top-1 accuracy
     * @param info the dataset
     * @param dataDir where the dataset was read from (the export verifies on its test set)
     * @param recipe how it was trained (epochs, seed, ...), copied in as {@code training}
     * @return the written metrics
     * @throws IOException if it cannot be written
     */
    public static RunMetrics writeMetrics(
            Path run,
            Architecture architecture,
            Pricing pricing,
            double top1,
            DatasetInfo info,
            Path dataDir,
            ObjectNode recipe)
            throws IOException {
        NetworkCost net = pricing.cost(architecture);
        List<Float> mean = new ArrayList<>();
        List<Float> std = new ArrayList<>();
        for (int c = 0; c < info.channels(); c++) {
            mean.add(info.normalization().mean()[c]);
            std.add(info.normalization().std()[c]);
        }
        RunMetrics m =
                new RunMetrics(
                        RunMetrics.FORMAT,
                        top1,
                        net.energyTotalNj(),
                        net.totalCycles(),
                        net.latencyMs(),
                        net.modelSizeBits(),
                        info.name(),
                        dataDir.toAbsolutePath().toString(),
                        architecture.code(),
                        info.classes(),
                        new RunMetrics.Input(info.channels(), info.height(), info.width()),
                        new RunMetrics.Normalization(info.pixelScale(), mean, std),
                        pricing.toJson(),
                        recipe);
        m.write(run.resolve(RunMetrics.FILE));
        return m;
    }

    /**
     * A run's architecture and how it is priced.
     *
     * @param architecture the architecture
     * @param pricing its pricing
     */
    public record PricedArchitecture(Architecture architecture, Pricing pricing) {}

    /**
     * How a run is priced on Bit Fusion.
     *
     * @param calculator the calculator
     * @param model the cost model
     * @param depthwise the depthwise mode
     * @param bitModes which precision mode each layer is priced in
     * @param accelerator the accelerator
     * @param batch the batch size priced
     */
    public record Pricing(
            CostCalculator calculator,
            CostModelKind model,
            DepthwiseMode depthwise,
            BitModes bitModes,
            AcceleratorConfig accelerator,
            int batch) {

        /**
         * Builds the pricing and its calculator.
         *
         * @param model the cost model
         * @param depthwise the depthwise mode
         * @param bitModes the precision modes
         * @param accelerator the accelerator
         * @param batch the batch size priced
         * @return the pricing
         */
        public static Pricing of(
                CostModelKind model,
                DepthwiseMode depthwise,
                BitModes bitModes,
                AcceleratorConfig accelerator,
                int batch) {
            CostCalculator calculator =
                    CostCalculator.builder()
                            .setModel(
                                    CostModel.builder()
                                            .setKind(model)
                                            .optConfig(accelerator)
                                            .optDepthwiseMode(depthwise)
                                            .optBitModes(bitModes)
                                            .build())
                            .build();
            return new Pricing(calculator, model, depthwise, bitModes, accelerator, batch);
        }

        /**
         * Prices an architecture.
         *
         * @param architecture the architecture
         * @return its network cost
         */
        public NetworkCost cost(Architecture architecture) {
            return calculator.costNetwork(BitFusionLayers.of(architecture, batch));
        }

        /**
         * Returns the {@code bitfusion} section of run files: model, depthwise, bit_modes, batch
         * and accelerator.
         *
         * @return the JSON object
         */
        public ObjectNode toJson() {
            ObjectNode n = MAPPER.createObjectNode();
            n.put("model", model.jsonName());
            n.put("depthwise", depthwise.jsonName());
            n.put("bit_modes", bitModes.jsonName());
            n.put("batch", batch);
            n.set("accelerator", AcceleratorConfigJson.toJson(accelerator));
            return n;
        }
    }
}
