package ai.mpnas.export;

import ai.mpnas.formats.RunArchitecture;
import ai.mpnas.formats.RunMetrics;
import ai.mpnas.plugin.space.Normalization;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * What a trained run's files say about its model, each file read once ({@link
 * RunExport#read(Path)}).
 *
 * @param archFile the architecture file, for messages
 * @param architecture its content
 * @param metricsFile the metrics file, for messages
 * @param metrics its content
 */
record RunFileSet(
        Path archFile, RunArchitecture architecture, Path metricsFile, RunMetrics metrics) {

    /**
     * Returns the engine that trained the run: {@code metrics.json}'s {@code training.engine}, or
     * {@value RunExport#DEFAULT_ENGINE} for runs trained before it was recorded.
     *
     * @return the engine name
     */
    String engine() {
        return metrics.engine() == null ? RunExport.DEFAULT_ENGINE : metrics.engine();
    }

    /**
     * Returns the provenance of the run's model: dataset, accuracy, normalisation, classes, and
     * the cost and pricing of its architecture.
     *
     * @return the provenance
     * @throws InvalidRunException naming the file and the missing or invalid field
     */
    Provenance provenance() {
        Provenance.Builder b = Provenance.builder();
        if (metrics.dataset() == null) {
            throw invalid(metricsFile, "dataset: missing; allowed: a string");
        }
        b.setDataset(metrics.dataset());
        if (metrics.top1() != null) {
            b.optTop1(metrics.top1());
        }
        RunMetrics.Normalization norm = metrics.normalization();
        if (norm == null) {
            throw invalid(
                    metricsFile,
                    "normalization: missing; allowed: {\"mean\": [..], \"std\": [..]}");
        }
        try {
            b.setNormalization(
                    new Normalization(
                            floats(norm.mean(), "normalization.mean"),
                            floats(norm.std(), "normalization.std")));
        } catch (IllegalArgumentException e) {
            throw new InvalidRunException(metricsFile + ": " + e.getMessage(), e);
        }
        b.setClasses(classes());
        ObjectNode bitFusion = architecture.bitFusion();
        if (architecture.cost() != null) {
            b.optCost(cost(architecture.cost(), bitFusion));
        }
        if (bitFusion != null) {
            b.optBitFusion(bitFusion);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidRunException(metricsFile + ": " + e.getMessage(), e);
        }
    }

    private List<String> classes() {
        List<String> classes = metrics.classes();
        if (classes == null || classes.isEmpty()) {
            throw invalid(
                    metricsFile, "classes: missing or empty; allowed: an array of class names");
        }
        for (int i = 0; i < classes.size(); i++) {
            if (classes.get(i) == null) {
                throw invalid(
                        metricsFile, "classes[" + i + "]: not a string; allowed: class names");
            }
        }
        return classes;
    }

    private CostSummary cost(RunArchitecture.Cost cost, ObjectNode bitFusion) {
        if (cost.energyNj() == null || cost.latencyCycles() == null || cost.latencyMs() == null) {
            throw invalid(
                    archFile, "cost: needs energy_nJ, latency_cycles and latency_ms numbers");
        }
        String depthwise =
                bitFusion != null && bitFusion.has("depthwise")
                        ? bitFusion.get("depthwise").asText()
                        : "unknown";
        int batch =
                bitFusion != null && bitFusion.has("batch") ? bitFusion.get("batch").asInt() : 1;
        return new CostSummary(
                cost.energyNj(), cost.latencyCycles(), cost.latencyMs(), depthwise, batch);
    }

    private float[] floats(List<Float> values, String field) {
        if (values == null) {
            throw invalid(metricsFile, field + ": missing; allowed: an array of numbers");
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            if (values.get(i) == null) {
                throw invalid(metricsFile, field + "[" + i + "]: not a number");
            }
            out[i] = values.get(i);
        }
        return out;
    }

    private static InvalidRunException invalid(Path file, String problem) {
        return new InvalidRunException(file + ": " + problem);
    }
}
