package ai.mpnas.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * The search's curves from {@code history.csv}: the cost (E[J], sampled J, budget), losses,
 * accuracies and schedules per step. Noisy per-step traces are drawn faintly under their trailing
 * moving average ({@link MovingAverage}); the end of warm-up is marked.
 */
final class SearchCurves {

    private final RunDirectory run;
    private final Csv csv;
    private final Path charts;
    private final double[] step;
    private final OptionalDouble searchStart;
    private final int window;

    private SearchCurves(RunDirectory run, Csv csv, Path charts) {
        this.run = run;
        this.csv = csv;
        this.charts = charts;
        this.step = csv.column("step");
        this.searchStart = firstSearchStep(csv, step);
        this.window = MovingAverage.window(step);
    }

    /**
     * Writes the section, if the run has a history.
     *
     * @param page the page
     * @param run the run
     * @param charts where the charts go
     * @throws IOException if a chart cannot be written
     */
    static void write(Html page, RunDirectory run, Path charts) throws IOException {
        Optional<Csv> history = run.history();
        if (history.isEmpty()) {
            return;
        }
        if (!history.get().has("step")) {
            run.note("history.csv has no 'step' column: no search curves.");
            return;
        }
        new SearchCurves(run, history.get(), charts).write(page);
    }

    private void write(Html page) throws IOException {
        page.heading("Search");
        String warmup = searchStart.isPresent()
                ? " The dotted line marks the end of warm-up (step "
                        + AxisFormat.count(searchStart.getAsDouble()) + ")."
                : "";
        String smoothing = window > 1
                ? " Faint: the value at every step; solid: the mean of the last " + window
                        + " values (a trailing moving average)."
                : "";
        page.figure("report", Charts.save(costChart(), charts, "cost"),
                "The cost during the search: E[J], exact under the policy of each step, and the"
                        + " budget c, over the J of the architecture sampled at each step."
                        + smoothing + warmup);
        page.figure("report", Charts.save(lossChart(), charts, "loss"),
                "Training loss (weight batches) and validation loss (theta batches)." + smoothing
                        + warmup);
        page.figure("report", Charts.save(accuracyChart(), charts, "accuracy"),
                "Training and validation accuracy of the sampled paths." + smoothing + warmup);
        page.figure("report", Charts.save(scheduleChart(), charts, "schedules"),
                "Gumbel-softmax temperature (left axis) and weight learning rate (right axis).");
    }

    private XYChart costChart() {
        CostUnit unit = run.unit();
        XYChart chart = newChart("Cost during the search", unit.title());
        column("sampled_cost").map(v -> Charts.scale(v, unit.perRaw()))
                .ifPresent(v -> smoothed(chart, "sampled J", v, Charts.ORANGE));
        column("expected_cost").ifPresent(v -> Charts.line(chart, "E[J]", step,
                Charts.scale(v, unit.perRaw()), Charts.BLUE));
        column("budget").ifPresent(v -> Charts.line(chart, "budget c", step,
                Charts.scale(v, unit.perRaw()), Charts.RED).ifPresent(Charts::dashed));
        return chart;
    }

    private XYChart lossChart() {
        XYChart chart = newChart("Loss", "cross-entropy loss (nats)");
        column("train_loss").ifPresent(v -> smoothed(chart, "training", v, Charts.BLUE));
        column("val_loss").ifPresent(v -> smoothed(chart, "validation", v, Charts.ORANGE));
        if (csv.has("largest_train_loss")) {
            // only a sandwich search trains the largest path: an empty column is no news
            smoothed(chart, "largest path, training", csv.column("largest_train_loss"),
                    Charts.GREEN);
        }
        return chart;
    }

    private XYChart accuracyChart() {
        XYChart chart = newChart("Accuracy", "accuracy (%)");
        column("train_acc").ifPresent(v ->
                smoothed(chart, "training", Charts.scale(v, 100), Charts.BLUE));
        column("val_acc").ifPresent(v ->
                smoothed(chart, "validation", Charts.scale(v, 100), Charts.ORANGE));
        return chart;
    }

    private XYChart scheduleChart() {
        XYChart chart = newChart("Schedules", "Gumbel-softmax temperature τ (no unit)");
        column("temperature").ifPresent(v ->
                Charts.line(chart, "temperature τ", step, v, Charts.PURPLE));
        column("learning_rate").ifPresent(v ->
                Charts.line(chart, "learning rate", step, v, Charts.GREEN).ifPresent(s -> {
                    s.setYAxisGroup(1);
                    chart.setYAxisGroupTitle(1, "weight learning rate (no unit)");
                    chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
                }));
        return chart;
    }

    private XYChart newChart(String title, String yTitle) {
        XYChart chart = Charts.overSteps(title, yTitle, step[0], step[step.length - 1]);
        searchStart.ifPresent(x -> Charts.markX(chart, x));
        return chart;
    }

    /** Draws a trace faintly and its moving average on top, in one colour. */
    private void smoothed(XYChart chart, String name, double[] values, Color color) {
        if (window == 1) {
            Charts.line(chart, name, step, values, color);
            return;
        }
        Charts.line(chart, name + ", per step", step, values, color)
                .ifPresent(s -> Charts.faint(s, color));
        Charts.line(chart, name + ", mean of " + window, step,
                MovingAverage.trailing(values, window), color);
    }

    /** A column of the history, or a note on the page that older files lack it. */
    private Optional<double[]> column(String name) {
        if (!csv.has(name)) {
            run.note("history.csv has no '" + name + "' column (written by an older mpnas):"
                    + " that curve is not drawn.");
            return Optional.empty();
        }
        return Optional.of(csv.column(name));
    }

    private static OptionalDouble firstSearchStep(Csv csv, double[] step) {
        if (!csv.has("phase")) {
            return OptionalDouble.empty();
        }
        List<String> phase = csv.text("phase");
        boolean warmup = phase.contains("warmup");
        int first = phase.indexOf("search");
        return warmup && first > 0 ? OptionalDouble.of(step[first]) : OptionalDouble.empty();
    }
}
