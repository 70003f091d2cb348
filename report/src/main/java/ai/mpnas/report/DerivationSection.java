package ai.mpnas.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The derivation's candidates ({@code architecture.json}, {@code search.derivation}): how each
 * scored on the supernet against its cost, the chosen one marked, and the table of all.
 */
final class DerivationSection {

    private DerivationSection() {}

    /**
     * What the candidates were scored by: validation accuracy or loss on the supernet.
     *
     * @param field the candidate field
     * @param title the axis and column title, with its unit
     * @param scale the factor from the field to the title's unit
     */
    record Score(String field, String title, double scale) {

        static final Score ACCURACY =
                new Score("val_acc", "validation accuracy on the supernet (%)", 100);
        static final Score LOSS =
                new Score("val_loss", "validation loss on the supernet (nats)", 1);

        /**
         * Picks what the derivation compared: loss for the evolution (it ranks by loss),
         * otherwise accuracy where candidates have it.
         *
         * @param derivation the {@code search.derivation} object
         * @return the score, or empty where no candidate was scored (argmax)
         */
        static Optional<Score> of(JsonNode derivation) {
            boolean accuracy = false;
            boolean loss = false;
            for (JsonNode c : derivation.path("candidates")) {
                accuracy |= c.has(ACCURACY.field);
                loss |= c.has(LOSS.field);
            }
            if (accuracy && !derivation.path("name").asText().equals("evolution")) {
                return Optional.of(ACCURACY);
            }
            return loss ? Optional.of(LOSS) : accuracy ? Optional.of(ACCURACY) : Optional.empty();
        }
    }

    /**
     * Writes the section, if the architecture records a derivation.
     *
     * @param page the page
     * @param run the run
     * @param charts where the chart goes
     * @throws IOException if the chart cannot be written
     */
    static void write(Html page, RunDirectory run, Path charts) throws IOException {
        JsonNode search = run.architecture().path("search");
        JsonNode derivation = search.path("derivation");
        JsonNode candidates = derivation.path("candidates");
        if (!candidates.isArray() || candidates.isEmpty()) {
            String origin = search.path("origin").asText("");
            run.note("architecture.json records no derivation candidates"
                    + (origin.isEmpty() ? " (a run older than the derivation record)"
                            : " (not derived by a search: " + origin + ")")
                    + ": no derivation chart.");
            return;
        }
        int chosen = derivation.path("chosen").asInt(-1);
        CostUnit unit = run.unit();
        Optional<Score> score = Score.of(derivation);
        page.heading("Derivation");
        String method = derivation.path("method").asText("derivation");
        page.paragraph(Character.toUpperCase(method.charAt(0)) + method.substring(1) + ": "
                + candidates.size() + " candidates, each within the budget (after repairs);"
                + " chosen: " + (chosen >= 0 && chosen < candidates.size()
                        ? candidates.get(chosen).path("code").asText() : "not recorded") + ".");
        if (score.isPresent()) {
            page.figure("report", Charts.save(chart(candidates, chosen, score.get(), unit,
                            budget(run)), charts, "derivation"),
                    "Each candidate's " + score.get().title() + " against its "
                            + unit.quantity() + "; the chosen one in red.");
        } else {
            run.note("The derivation scored no candidate (argmax): no score chart.");
        }
        page.table(header(score, unit), rows(candidates, chosen, score, unit));
    }

    private static Optional<Double> budget(RunDirectory run) {
        JsonNode b = run.architecture().path("budget").path(run.unit().budgetField());
        return b.isNumber() ? Optional.of(run.unit().human(b.asDouble())) : Optional.empty();
    }

    static XYChart chart(JsonNode candidates, int chosen, Score score, CostUnit unit,
            Optional<Double> budget) {
        XYChart chart = Charts.xy("Derivation candidates", unit.title(), score.title());
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        double[] chosenXy = null;
        for (int i = 0; i < candidates.size(); i++) {
            JsonNode c = candidates.get(i);
            if (c.has(score.field())) {
                double[] xy = {unit.human(c.path("cost").asDouble()),
                    score.scale() * c.get(score.field()).asDouble()};
                if (i == chosen) {
                    chosenXy = xy;
                } else {
                    x.add(xy[0]);
                    y.add(xy[1]);
                }
            }
        }
        if (!x.isEmpty()) {
            scatter(chart.addSeries("candidates", x, y), SeriesMarkers.CIRCLE, Charts.BLUE);
        }
        if (chosenXy != null) {
            scatter(chart.addSeries("chosen", new double[] {chosenXy[0]},
                    new double[] {chosenXy[1]}), SeriesMarkers.DIAMOND, Charts.RED);
            x.add(chosenXy[0]);
            y.add(chosenXy[1]);
        }
        double top = y.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double bottom = y.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double right = x.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        if (budget.isPresent()) {
            // a vertical line over the scores' range: in the legend, and the y range unchanged
            double b = budget.get();
            Charts.line(chart, "budget", new double[] {b, b}, new double[] {bottom, top},
                    Charts.RED).ifPresent(Charts::dashed);
            right = Math.max(right, b);
        }
        // from zero, so that distances to the budget compare as ratios
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(right * 1.05);
        chart.getStyler().setMarkerSize(11);
        return chart;
    }

    private static void scatter(XYSeries series, Marker marker, Color color) {
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarker(marker);
        series.setMarkerColor(color);
    }

    private static List<String> header(Optional<Score> score, CostUnit unit) {
        List<String> h = new ArrayList<>(List.of("#", "architecture", unit.title(),
                "repairs", "log π(α)"));
        score.ifPresent(s -> h.add(s.title()));
        h.add("chosen");
        return h;
    }

    private static List<List<String>> rows(JsonNode candidates, int chosen,
            Optional<Score> score, CostUnit unit) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            JsonNode c = candidates.get(i);
            List<String> row = new ArrayList<>(List.of(Integer.toString(i),
                    c.path("code").asText(), unit.format(c.path("cost").asDouble()),
                    c.path("repairs").asText(""),
                    c.has("log_probability")
                            ? AxisFormat.plain(c.get("log_probability").asDouble()) : "—"));
            score.ifPresent(s -> row.add(c.has(s.field())
                    ? AxisFormat.plain(s.scale() * c.get(s.field()).asDouble()) : "—"));
            row.add(i == chosen ? "✓" : "");
            rows.add(row);
        }
        return rows;
    }
}
