package ai.mpnas.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.knowm.xchart.CategoryChart;

/**
 * The report of one run directory: a summary; where the energy goes (against uniform-precision
 * networks with the budget, and per layer against the 8-bit reference); the per-block choices;
 * the search's curves; the final policy; the derivation's candidates; training. Whatever the
 * directory lacks (a baseline was never searched, a search not yet trained, older runs lack newer
 * files) is named in a note at the top instead.
 */
public final class RunReport {

    private RunReport() {}

    /**
     * Writes {@code report.html} and its charts without pricing the run: the energy section is
     * replaced by a note ({@link #write(Path, RunPricer)} prices it).
     *
     * @param run the run directory (with at least {@code architecture.json})
     * @return the report file
     * @throws IOException if a file cannot be read or written
     * @throws IllegalArgumentException if the directory is not a run or a file is malformed
     */
    public static Path write(Path run) throws IOException {
        return write(run, null);
    }

    /**
     * Writes {@code report.html} and its charts ({@code report/*.png|svg}) into a run directory.
     *
     * @param run the run directory (with at least {@code architecture.json})
     * @param pricer prices the run's networks for the energy section, or null to leave it out
     * @return the report file
     * @throws IOException if a file cannot be read or written
     * @throws IllegalArgumentException if the directory is not a run or a file is malformed
     */
    public static Path write(Path run, RunPricer pricer) throws IOException {
        System.setProperty("java.awt.headless", "true");
        RunDirectory dir = RunDirectory.read(run);
        Optional<RunEnergies> energies = price(dir, pricer);
        Path charts = run.resolve("report");
        JsonNode arch = dir.architecture();
        Html page = new Html("mpnas run " + run.toAbsolutePath().normalize().getFileName());
        JsonNode space = arch.at("/search_space/id");
        page.subtitle(arch.path("code").asText() + " ("
                + (space.isTextual() ? space.asText() + " space; " : "")
                + "the code lists each searchable block: skip, or expansion e, kernel k,"
                + " weight bits w, activation bits a)");
        page.heading("Summary");
        page.keyValues(Summary.rows(dir, energies));
        if (energies.isPresent()) {
            EnergySection.write(page, dir, energies.get(), charts);
        }
        blocks(page, arch, charts);
        SearchCurves.write(page, dir, charts);
        PolicySection.write(page, dir);
        DerivationSection.write(page, dir, charts);
        training(page, dir);
        dir.notes().forEach(page::note);
        Path out = run.resolve("report.html");
        Files.writeString(out, page.render(), StandardCharsets.UTF_8);
        return out;
    }

    private static Optional<RunEnergies> price(RunDirectory dir, RunPricer pricer)
            throws IOException {
        if (pricer == null) {
            dir.note("The energy per layer and against uniform networks: this report was written"
                    + " without a cost model ('mpnas report --run DIR' prices them).");
            return Optional.empty();
        }
        try {
            return Optional.of(pricer.price(dir.dir()));
        } catch (IllegalArgumentException e) {
            dir.note("The energy per layer and against uniform networks: the run could not be"
                    + " priced (" + e.getMessage() + ").");
            return Optional.empty();
        }
    }

    private static void blocks(Html page, JsonNode arch, Path charts) throws IOException {
        JsonNode blocks = arch.path("blocks");
        page.heading("Per-block choices and bit widths");
        page.figure("report", Charts.save(blockChart(arch), charts, "blocks"),
                "Weight and activation bits per searchable block; labels give expansion m and"
                        + " kernel k; a skipped block has no bars.");
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode b = blocks.get(i);
            if (b.path("skip").asBoolean(false)) {
                rows.add(List.of(Integer.toString(i), "skip", "", "", "", ""));
            } else {
                rows.add(List.of(Integer.toString(i), blockCode(b), b.path("m").asText(),
                        b.path("k").asText(), b.path("wbits").asText(), b.path("abits").asText()));
            }
        }
        page.table(List.of("block", "choice", "m", "k", "weight bits", "activation bits"), rows);
    }

    static CategoryChart blockChart(JsonNode arch) {
        CategoryChart chart = Charts.bars("Bit widths per block", "block (expansion m, kernel k)",
                "bits");
        List<String> labels = new ArrayList<>();
        List<Integer> w = new ArrayList<>();
        List<Integer> a = new ArrayList<>();
        JsonNode blocks = arch.path("blocks");
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode b = blocks.get(i);
            boolean skip = b.path("skip").asBoolean(false);
            labels.add(i + (skip ? " skip"
                    : " e" + b.path("m").asInt() + "k" + b.path("k").asInt()));
            w.add(skip ? 0 : b.path("wbits").asInt());
            a.add(skip ? 0 : b.path("abits").asInt());
        }
        chart.addSeries("weight bits", labels, w).setFillColor(Charts.BLUE);
        chart.addSeries("activation bits", labels, a).setFillColor(Charts.ORANGE);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(8.0).setXAxisLabelRotation(45);
        return chart;
    }

    private static void training(Html page, RunDirectory dir) {
        if (dir.trainHistory().isEmpty()) {
            return;
        }
        Csv csv = dir.trainHistory().get();
        List<String> columns = List.of("epoch", "step", "learning_rate", "train_loss", "train_acc");
        for (String c : columns) {
            if (!csv.has(c)) {
                dir.note("train-history.csv has no '" + c + "' column: no training table.");
                return;
            }
        }
        page.heading("Training from scratch");
        double[][] v = columns.stream().map(csv::column).toArray(double[][]::new);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < csv.rows(); i++) {
            rows.add(List.of(AxisFormat.count(v[0][i]), AxisFormat.count(v[1][i]),
                    AxisFormat.plain(v[2][i]), AxisFormat.plain(v[3][i]),
                    AxisFormat.percent(v[4][i])));
        }
        page.table(List.of("epoch", "last step", "learning rate", "mean training loss (nats)",
                "training accuracy (%)"), rows);
    }

    /** A block's code as in the architecture's code: {@code e6k3w4a8}. */
    static String blockCode(JsonNode b) {
        return "e" + b.path("m").asInt() + "k" + b.path("k").asInt() + "w" + b.path("wbits").asInt()
                + "a" + b.path("abits").asInt();
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
