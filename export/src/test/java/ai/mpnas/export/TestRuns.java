package ai.mpnas.export;

import ai.djl.Model;
import ai.mpnas.plugin.space.Architecture;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes run directories in the layout {@code mpnas train} leaves. */
final class TestRuns {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestRuns() {}

    static Path write(Path dir, Model model, Architecture architecture) throws IOException {
        Files.createDirectories(dir);
        ObjectNode arch = (ObjectNode) MAPPER.readTree(architecture.toJson());
        ObjectNode cost = arch.putObject("cost");
        cost.put("energy_nJ", 4321.5);
        cost.put("latency_cycles", 98765);
        cost.put("latency_ms", 0.197);
        arch.putObject("budget").put("energy_nJ", 5000.0);
        ObjectNode bitfusion = arch.putObject("bitfusion");
        bitfusion.put("model", "apq");
        bitfusion.put("depthwise", "grouped");
        bitfusion.put("batch", 16);
        bitfusion.putObject("accelerator").put("frequency_mhz", 500);
        arch.putObject("search").put("dataset", "fashion-mnist");
        Files.writeString(dir.resolve("architecture.json"), MAPPER.writeValueAsString(arch));
        Path modelDir = dir.resolve("model");
        model.save(modelDir, RunExport.MODEL_NAME);
        Files.writeString(modelDir.resolve("architecture.json"), architecture.toJson());
        ObjectNode metrics = MAPPER.createObjectNode();
        metrics.put("top1", 0.71);
        metrics.put("energy_nJ", 4321.5);
        metrics.put("latency_cycles", 98765);
        metrics.put("weight_bits_total", 123456);
        metrics.put("dataset", "fashion-mnist");
        ObjectNode norm = metrics.putObject("normalization");
        norm.putArray("mean").add(0.2860f);
        norm.putArray("std").add(0.3530f);
        ArrayNode classes = metrics.putArray("classes");
        FashionMnist.CLASSES.forEach(classes::add);
        Files.writeString(dir.resolve("metrics.json"), MAPPER.writeValueAsString(metrics));
        return dir;
    }
}
