package ai.mpnas.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Builds the report's XChart charts in one style (white, legend below, plain tick labels) and
 * saves each as a PNG (for the page) and an SVG (for print) side by side.
 */
final class Charts {

    static final int WIDTH = 900;
    static final int HEIGHT = 450;

    static final Color BLUE = new Color(0x1f77b4);
    static final Color ORANGE = new Color(0xff7f0e);
    static final Color GREEN = new Color(0x2ca02c);
    static final Color RED = new Color(0xd62728);
    static final Color PURPLE = new Color(0x9467bd);
    static final Color GREY = new Color(0x8c8c8c);

    /** Raw traces are drawn in their average's colour at this opacity (of 255): context only. */
    private static final int FAINT_ALPHA = 70;

    private static final BasicStroke DASHED =
            new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {8f, 5f}, 0f);

    private static final BasicStroke DOTTED =
            new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {2f, 3f}, 0f);

    private Charts() {}

    /**
     * Writes {@code name.png} and {@code name.svg} into a directory.
     *
     * @param chart the chart
     * @param dir the directory
     * @param name the file name without extension
     * @return the PNG file name, relative to the directory
     * @throws IOException if writing fails
     */
    static String save(Chart<?, ?> chart, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        BitmapEncoder.saveBitmapWithDPI(
                chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG, 110);
        VectorGraphicsEncoder.saveVectorGraphic(
                chart, dir.resolve(name).toString(),
                VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return name + ".png";
    }

    /**
     * Returns an XY chart in the report's style, tick labels formatted by {@link AxisFormat}.
     *
     * @param title the title
     * @param xTitle the x-axis title, with its unit
     * @param yTitle the y-axis title, with its unit
     * @return the chart
     */
    static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setMarkerSize(0);
        chart.setCustomXAxisTickLabelsFormatter(AxisFormat::plain);
        chart.setCustomYAxisTickLabelsFormatter(AxisFormat::plain);
        return chart;
    }

    /**
     * Returns an XY chart over search steps from {@code first} to {@code last}.
     *
     * <p>XChart 3.8 puts the ticks of equally spaced x values (steps are) on the data points
     * themselves and accepts labels that come within a tenth of their width of touching, so they
     * read as one number. Its usual placement on round numbers applies once the x values it sees
     * first are not equally spaced: an anchor series of the two ends, without y values (so it
     * neither draws nor moves the y range), comes first.
     *
     * @param title the title
     * @param yTitle the y-axis title, with its unit
     * @param first the first step
     * @param last the last step
     * @return the chart
     */
    static XYChart overSteps(String title, String yTitle, double first, double last) {
        XYChart chart = xy(title, "step", yTitle);
        chart.setCustomXAxisTickLabelsFormatter(AxisFormat::count);
        double end = last > first ? last : first + 1;
        XYSeries anchor = chart.addSeries(" ", new double[] {first, end},
                new double[] {Double.NaN, Double.NaN});
        anchor.setShowInLegend(false);
        anchor.setMarker(SeriesMarkers.NONE);
        anchor.setLineColor(new Color(0, 0, 0, 0));
        return chart;
    }

    /**
     * Returns a bar chart in the report's style.
     *
     * @param title the title
     * @param xTitle the category axis title
     * @param yTitle the value axis title, with its unit
     * @return the chart
     */
    static CategoryChart bars(String title, String xTitle, String yTitle) {
        return bars(title, xTitle, yTitle, HEIGHT);
    }

    /**
     * Returns a bar chart in the report's style, taller where long category labels need room.
     *
     * @param title the title
     * @param xTitle the category axis title
     * @param yTitle the value axis title, with its unit
     * @param height the height in pixels
     * @return the chart
     */
    static CategoryChart bars(String title, String xTitle, String yTitle, int height) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(height)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.setCustomYAxisTickLabelsFormatter(AxisFormat::plain);
        return chart;
    }

    private static void style(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xe0e0e0));
        styler.setPlotBorderColor(GREY);
        styler.setChartTitleBoxVisible(false);
        // room between tick labels: they must never run together
        styler.setXAxisTickMarkSpacingHint(90);
    }

    /**
     * Adds a line without its missing (NaN) points; a series with no points is left out.
     *
     * @param chart the chart
     * @param name the legend entry
     * @param x the x values
     * @param y the y values, NaN where missing
     * @param color the colour
     * @return the series, or empty if it had no points
     */
    static Optional<XYSeries> line(XYChart chart, String name, double[] x, double[] y,
            Color color) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(y[i])) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        if (xs.isEmpty()) {
            return Optional.empty();
        }
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineWidth(2f);
        return Optional.of(series);
    }

    /**
     * Draws a trace faintly and thin, behind the lines that carry the message.
     *
     * @param series the series
     * @param color its colour at full opacity
     */
    static void faint(XYSeries series, Color color) {
        series.setLineColor(
                new Color(color.getRed(), color.getGreen(), color.getBlue(), FAINT_ALPHA));
        series.setLineWidth(1f);
    }

    /**
     * Draws a line dashed, for limits such as the budget.
     *
     * @param series the series
     */
    static void dashed(XYSeries series) {
        series.setLineStyle(DASHED);
    }

    /**
     * Returns the dashed stroke of limits, for series that are not XY lines.
     *
     * @return the stroke
     */
    static BasicStroke dashedStroke() {
        return DASHED;
    }

    /**
     * Marks an x value with a dotted vertical line (e.g. the end of warm-up, or a budget).
     *
     * @param chart the chart
     * @param x the value, in data units
     */
    static void markX(XYChart chart, double x) {
        chart.addAnnotation(new AnnotationLine(x, true, false));
        chart.getStyler().setAnnotationLineColor(GREY);
        chart.getStyler().setAnnotationLineStroke(DOTTED);
    }

    /**
     * Multiplies every value by a factor (NaN stays NaN).
     *
     * @param values the values
     * @param factor the factor
     * @return the scaled copy
     */
    static double[] scale(double[] values, double factor) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] * factor;
        }
        return out;
    }
}
