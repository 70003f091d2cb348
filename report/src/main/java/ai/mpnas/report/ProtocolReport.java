package ai.mpnas.report;

import ai.mpnas.formats.ProtocolRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The protocol sweep's table ({@code table.json}) rendered: {@code table.md} with per budget and
 * contender the mean and standard deviation of top-1 over seeds and the paired difference joint
 * minus each baseline, a plot of top-1 against energy (every point, the uniform front as a line),
 * and {@code report.html} with both.
 */
public final class ProtocolReport {

    /** The table file of a protocol sweep directory. */
    public static final String TABLE = "table.json";

    /** The plot's file name (PNG and SVG) under {@code report/}. */
    public static final String PLOT = "top1-vs-energy";

    private static final List<String> HEADER = List.of("budget", "contender", "seeds",
            "top-1 (mean ± std)", "energy vs 8-bit", "joint − contender");

    private ProtocolReport() {}

    /**
     * Returns whether a directory holds a protocol sweep's table.
     *
     * @param dir the directory
     * @return true if {@code dir/table.json} exists
     */
    public static boolean isProtocol(Path dir) {
        return Files.isRegularFile(dir.resolve(TABLE));
    }

    /**
     * Reads {@code table.json}: a JSON list of points.
     *
     * @param dir the sweep directory
     * @return the rows
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the file and the bad field
     */
    public static List<ProtocolRow> read(Path dir) throws IOException {
        return ProtocolRow.readTable(dir.resolve(TABLE));
    }

    /**
     * Writes {@code table.md} and the plot ({@code report/top1-vs-energy.png} and {@code .svg}).
     *
     * @param dir the sweep directory (with {@code table.json})
     * @return the Markdown table
     * @throws IOException if a file cannot be read or written
     */
    public static String writeTable(Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<ProtocolRow> rows = read(dir);
        Charts.save(plot(rows), dir.resolve("report"), PLOT);
        String md = markdown(rows) + "\n![top-1 against energy](report/" + PLOT + ".png)\n";
        Files.writeString(dir.resolve("table.md"), md, StandardCharsets.UTF_8);
        return md;
    }

    /**
     * Writes {@code table.md}, the plot and {@code report.html}.
     *
     * @param dir the sweep directory (with {@code table.json})
     * @return the report file
     * @throws IOException if a file cannot be read or written
     */
    public static Path write(Path dir) throws IOException {
        writeTable(dir);
        List<ProtocolRow> rows = read(dir);
        Html page = new Html("mpnas protocol sweep");
        page.paragraph("Every contender under the same training recipe at each budget; top-1 on the"
                + " test set, mean ± sample standard deviation over seeds; joint − contender is the"
                + " paired difference over the seeds both have, in percentage points.");
        page.figure("report", PLOT + ".png", "Top-1 against energy relative to the 8-bit reference");
        page.table(HEADER, cells(rows));
        List<List<String>> points = new ArrayList<>();
        for (ProtocolRow r : rows) {
            points.add(List.of(r.budgetLabel(), r.contender(), Long.toString(r.seed()),
                    r.infeasible() ? "infeasible" : fmt(r.top1(), 4), fmt(r.energyVs8bit(), 3),
                    r.architecture() == null ? "" : r.architecture(), r.onnx() == null ? "" : r.onnx()));
        }
        page.heading("Points");
        page.table(List.of("budget", "contender", "seed", "top-1", "energy vs 8-bit", "architecture", "onnx"), points);
        Path out = dir.resolve("report.html");
        Files.writeString(out, page.render(), StandardCharsets.UTF_8);
        return out;
    }

    /**
     * The Markdown table of the statistics.
     *
     * @param rows the table
     * @return the Markdown text
     */
    public static String markdown(List<ProtocolRow> rows) {
        StringBuilder sb = new StringBuilder("| " + String.join(" | ", HEADER) + " |\n");
        sb.append("|---".repeat(HEADER.size())).append("|\n");
        for (List<String> row : cells(rows)) {
            sb.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return sb.toString();
    }

    /** One row of cells per (budget, contender): the same for the Markdown and the HTML table. */
    private static List<List<String>> cells(List<ProtocolRow> rows) {
        List<List<String>> out = new ArrayList<>();
        for (ProtocolStats.Summary s : ProtocolStats.summaries(rows)) {
            String seeds = s.infeasible() == 0 ? Integer.toString(s.seeds())
                    : s.seeds() + " (" + s.infeasible() + " infeasible)";
            String top1 = s.seeds() == 0 ? "infeasible"
                    : fmt(s.meanTop1(), 4) + (s.seeds() > 1 ? " ± " + fmt(s.stdTop1(), 4) : "");
            String paired = s.contender().equals(ProtocolRow.JOINT) ? ""
                    : ProtocolStats.paired(rows, s.budgetLabel(), s.contender()).map(ProtocolReport::paired).orElse("—");
            out.add(List.of(s.budgetLabel() + " (" + fmt(s.budget(), 3) + ")", s.contender(), seeds, top1,
                    s.seeds() == 0 ? "—" : fmt(s.meanEnergyVs8bit(), 3), paired));
        }
        return out;
    }

    /** E.g. "+0.4 ± 0.3 pts, 3/3 positive". */
    static String paired(ProtocolStats.Paired p) {
        String std = p.pairs() > 1 ? String.format(Locale.ROOT, " ± %.1f", 100 * p.std()) : "";
        return String.format(Locale.ROOT, "%+.1f%s pts, %d/%d positive", 100 * p.mean(), std,
                p.positive(), p.pairs());
    }

    /** Top-1 against energy: every feasible point per contender, the uniform front as a line. */
    static XYChart plot(List<ProtocolRow> rows) {
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("Top-1 vs energy").xAxisTitle("energy relative to the 8-bit reference")
                .yAxisTitle("test top-1").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(9);
        Map<String, List<ProtocolRow>> byContender = new LinkedHashMap<>();
        // the uniform front: mean top-1 per uniform network, by energy
        TreeMap<Double, List<Double>> front = new TreeMap<>();
        for (ProtocolRow r : rows) {
            if (r.infeasible()) {
                continue;
            }
            boolean uniform = r.contender().startsWith("uniform");
            byContender.computeIfAbsent(uniform ? "uniform" : r.contender(), k -> new ArrayList<>()).add(r);
            if (uniform) {
                front.computeIfAbsent(r.energyVs8bit(), k -> new ArrayList<>()).add(r.top1());
            }
        }
        for (Map.Entry<String, List<ProtocolRow>> e : byContender.entrySet()) {
            List<ProtocolRow> points = new ArrayList<>(e.getValue());
            points.sort(Comparator.comparingDouble(ProtocolRow::energyVs8bit));
            chart.addSeries(e.getKey(), points.stream().mapToDouble(ProtocolRow::energyVs8bit).toArray(),
                    points.stream().mapToDouble(ProtocolRow::top1).toArray());
        }
        if (!front.isEmpty()) {
            chart.addSeries("uniform front", front.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
                            front.values().stream().mapToDouble(v -> v.stream().mapToDouble(Double::doubleValue)
                                    .average().orElseThrow()).toArray())
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line)
                    .setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static String fmt(double v, int digits) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
