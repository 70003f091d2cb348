package ai.mpnas.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report of one run directory: the found network's per-block choices and bit widths, its
 * per-layer Bit Fusion cost, and the search's curves (expected and sampled cost against the
 * budget, losses and accuracies, temperature) from {@code history.csv}.
 */
public final class RunReport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RunReport() {}

    /**
     * Writes {@code report.html} and its charts ({@code report/*.png|svg}) into a run directory.
     *
     * @param run the run directory (with at least {@code architecture.json})
     * @return the report file
     * @throws IOException if a file cannot be read or written
     * @throws IllegalArgumentException if the directory is not a run
     */
    public static Path write(Path run) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path archFile = run.resolve("architecture.json");
        if (!Files.isRegularFile(archFile)) {
            throw new IllegalArgumentException(run + ": not a run directory (no architecture.json)");
        }
        JsonNode arch = MAPPER.readTree(archFile.toFile());
        Path charts = run.resolve("report");
        Html page = new Html("mpnas run " + run.getFileName());
        summary(page, arch, run.resolve("metrics.json"));
        page.heading("Per-block choices and bit widths");
        page.figure("report", Charts.save(blockChart(arch), charts, "blocks"),
                "weight and activation bits per searchable block; labels give expansion m and kernel k");
        page.table(List.of("block", "choice", "m", "k", "weight bits", "activation bits"), blockRows(arch));
        Path history = run.resolve("history.csv");
        if (Files.exists(history)) {
            Csv csv = Csv.read(history);
            page.heading("Search");
            page.figure("report", Charts.save(costChart(csv), charts, "cost"),
                    "expected cost E[J] and sampled J against the budget c");
            page.figure("report", Charts.save(lossChart(csv), charts, "loss"),
                    "training and validation loss and accuracy");
            page.figure("report", Charts.save(temperatureChart(csv), charts, "temperature"),
                    "Gumbel-softmax temperature and learning rate");
        }
        Path out = run.resolve("report.html");
        Files.writeString(out, page.render(), StandardCharsets.UTF_8);
        return out;
    }

    private static void summary(Html page, JsonNode arch, Path metricsFile) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("architecture", arch.path("code").asText()));
        rows.add(List.of("energy (uJ)", fmt(arch.at("/cost/energy_nJ").asDouble() / 1e3)));
        rows.add(List.of("latency (ms)", fmt(arch.at("/cost/latency_ms").asDouble())));
        if (arch.has("budget")) {
            JsonNode b = arch.get("budget");
            rows.add(List.of("budget", b.path("given").asText() + " = "
                    + fmt(b.path("energy_nJ").asDouble(b.path("latency_cycles").asDouble()))));
        }
        rows.add(List.of("Bit Fusion model", arch.at("/bitfusion/model").asText() + ", depthwise "
                + arch.at("/bitfusion/depthwise").asText() + ", batch " + arch.at("/bitfusion/batch").asText()));
        if (Files.exists(metricsFile)) {
            JsonNode m = MAPPER.readTree(metricsFile.toFile());
            rows.add(List.of("test top-1", fmt(m.get("top1").asDouble())));
            rows.add(List.of("dataset", m.get("dataset").asText()));
            rows.add(List.of("weights (KiB)", fmt(m.get("weight_bits_total").asDouble() / 8 / 1024)));
        }
        page.table(List.of("", ""), rows);
    }

    private static List<List<String>> blockRows(JsonNode arch) {
        List<List<String>> rows = new ArrayList<>();
        JsonNode blocks = arch.get("blocks");
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode b = blocks.get(i);
            if (b.path("skip").asBoolean(false)) {
                rows.add(List.of("block" + i, "skip", "", "", "", ""));
            } else {
                rows.add(List.of("block" + i,
                        "e" + b.get("m").asInt() + "k" + b.get("k").asInt() + "w" + b.get("wbits").asInt() + "a" + b.get("abits").asInt(),
                        b.get("m").asText(), b.get("k").asText(), b.get("wbits").asText(), b.get("abits").asText()));
            }
        }
        return rows;
    }

    static CategoryChart blockChart(JsonNode arch) {
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("Bit widths per block").xAxisTitle("block (m, k)").yAxisTitle("bits").build();
        List<String> labels = new ArrayList<>();
        List<Integer> w = new ArrayList<>();
        List<Integer> a = new ArrayList<>();
        JsonNode blocks = arch.get("blocks");
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode b = blocks.get(i);
            boolean skip = b.path("skip").asBoolean(false);
            labels.add(i + (skip ? " skip" : " e" + b.get("m").asInt() + "k" + b.get("k").asInt()));
            w.add(skip ? 0 : b.get("wbits").asInt());
            a.add(skip ? 0 : b.get("abits").asInt());
        }
        chart.addSeries("weight bits", labels, w).setFillColor(new Color(0x1f77b4));
        chart.addSeries("activation bits", labels, a).setFillColor(new Color(0xff7f0e));
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(8.0).setXAxisLabelRotation(45);
        return chart;
    }

    private static XYChart costChart(Csv csv) {
        XYChart chart = lineChart("Cost during the search", "step", "cost");
        double[] step = csv.column("step");
        addSeries(chart, "E[J]", step, csv.column("expected_cost"));
        addSeries(chart, "sampled J", step, csv.column("sampled_cost"));
        addSeries(chart, "budget c", step, csv.column("budget"));
        return chart;
    }

    private static XYChart lossChart(Csv csv) {
        XYChart chart = lineChart("Loss and accuracy", "step", "");
        double[] step = csv.column("step");
        addSeries(chart, "train loss", step, csv.column("train_loss"));
        addSeries(chart, "val loss", step, csv.column("val_loss"));
        addSeries(chart, "train acc", step, csv.column("train_acc"));
        addSeries(chart, "val acc", step, csv.column("val_acc"));
        return chart;
    }

    private static XYChart temperatureChart(Csv csv) {
        XYChart chart = lineChart("Schedules", "step", "");
        double[] step = csv.column("step");
        addSeries(chart, "temperature", step, csv.column("temperature"));
        double[] lr = csv.column("learning_rate");
        double[] scaled = new double[lr.length];
        for (int i = 0; i < lr.length; i++) {
            scaled[i] = lr[i] * 100;
        }
        addSeries(chart, "learning rate x100", step, scaled);
        return chart;
    }

    static XYChart lineChart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setMarkerSize(0);
        return chart;
    }

    /** Adds a series without its missing (NaN) points; a series with no points is left out. */
    static void addSeries(XYChart chart, String name, double[] x, double[] y) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(y[i])) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        if (!xs.isEmpty()) {
            chart.addSeries(name, xs, ys).setMarker(SeriesMarkers.NONE);
        }
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
