package ai.mpnas.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report of a sweep: a protocol sweep ({@code table.json}) is rendered by {@link
 * ProtocolReport}; an older sweep ({@code sweep.json}) gets the Pareto front of test accuracy against Bit Fusion
 * energy and against latency, found networks next to the uniform-precision and random baselines,
 * and a table of every point; each search point also gets its own run report.
 */
public final class SweepReport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SweepReport() {}

    /**
     * Writes {@code report.html} and its charts into a sweep directory.
     *
     * @param sweep the sweep directory (with {@code table.json} or {@code sweep.json})
     * @return the report file
     * @throws IOException if a file cannot be read or written
     * @throws IllegalArgumentException if the directory holds no sweep
     */
    public static Path write(Path sweep) throws IOException {
        return write(sweep, null);
    }

    /**
     * Writes {@code report.html} and its charts into a sweep directory, pricing each search
     * point's run report.
     *
     * @param sweep the sweep directory (with {@code table.json} or {@code sweep.json})
     * @param pricer prices each search point's networks for its run report, or null not to
     * @return the report file
     * @throws IOException if a file cannot be read or written
     * @throws IllegalArgumentException if the directory holds no sweep
     */
    public static Path write(Path sweep, RunPricer pricer) throws IOException {
        if (ProtocolReport.isProtocol(sweep)) {
            return ProtocolReport.write(sweep);
        }
        System.setProperty("java.awt.headless", "true");
        Path file = sweep.resolve("sweep.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(sweep + ": not a sweep directory (no table.json or"
                    + " sweep.json; run 'mpnas sweep --protocol' or 'mpnas sweep')");
        }
        JsonNode root = MAPPER.readTree(file.toFile());
        JsonNode points = root.get("points");
        Path charts = sweep.resolve("report");
        Html page = new Html("mpnas sweep " + root.path("preset").asText());
        page.paragraph("Test top-1 against the Bit Fusion cost of each trained network. The 8-bit"
                + " reference network of the space costs "
                + RunReport.fmt(root.path("reference_8bit_energy_nJ").asDouble() / 1e3) + " uJ.");
        page.figure("report", Charts.save(front(points, "energy_nJ", 1e-3, "energy (uJ)"), charts, "pareto-energy"),
                "Pareto front: top-1 vs energy");
        page.figure("report", Charts.save(front(points, "latency_ms", 1, "latency (ms)"), charts, "pareto-latency"),
                "Pareto front: top-1 vs latency");
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode p : points) {
            Path dir = Path.of(p.get("dir").asText());
            String link = "";
            if (p.get("kind").asText().equals("search") && Files.exists(dir.resolve("architecture.json"))) {
                RunReport.write(dir, pricer);
                link = sweep.toAbsolutePath().relativize(dir.toAbsolutePath().resolve("report.html")).toString();
            }
            rows.add(List.of(p.get("kind").asText(), p.get("budget").asText(), p.get("seed").asText(),
                    RunReport.fmt(p.get("top1").asDouble()),
                    RunReport.fmt(p.get("energy_nJ").asDouble() / 1e3),
                    RunReport.fmt(p.path("energy_vs_8bit").asDouble()),
                    RunReport.fmt(p.get("latency_ms").asDouble()),
                    p.path("architecture").asText(), link));
        }
        page.heading("Points");
        page.table(List.of("run", "budget", "seed", "top-1", "energy (uJ)", "vs 8-bit", "latency (ms)",
                "architecture", "run report"), rows);
        Path out = sweep.resolve("report.html");
        Files.writeString(out, page.render(), StandardCharsets.UTF_8);
        return out;
    }

    static XYChart front(JsonNode points, String field, double scale, String axis) {
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("Top-1 vs " + axis).xAxisTitle(axis).yAxisTitle("test top-1").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(10);
        Map<String, List<double[]>> groups = new LinkedHashMap<>();
        List<double[]> all = new ArrayList<>();
        for (JsonNode p : points) {
            String kind = p.get("kind").asText();
            String group = kind.startsWith("uniform") ? kind : kind.equals("search") ? "mpnas (found)" : kind;
            double[] xy = {p.get(field).asDouble() * scale, p.get("top1").asDouble()};
            groups.computeIfAbsent(group, k -> new ArrayList<>()).add(xy);
            all.add(xy);
        }
        for (Map.Entry<String, List<double[]>> e : groups.entrySet()) {
            chart.addSeries(e.getKey(), e.getValue().stream().mapToDouble(v -> v[0]).toArray(),
                    e.getValue().stream().mapToDouble(v -> v[1]).toArray());
        }
        List<double[]> frontier = paretoFront(all);
        if (frontier.size() > 1) {
            chart.addSeries("Pareto front", frontier.stream().mapToDouble(v -> v[0]).toArray(),
                            frontier.stream().mapToDouble(v -> v[1]).toArray())
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line)
                    .setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** The points no other point beats on both cost (lower) and accuracy (higher), by cost. */
    static List<double[]> paretoFront(List<double[]> points) {
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> -p[1]));
        List<double[]> front = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (double[] p : sorted) {
            if (p[1] > best) {
                front.add(p);
                best = p[1];
            }
        }
        return front;
    }
}
