package ai.mpnas.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

class AxisFormatTest {

    @Test
    void countsHaveNoGroupingSeparator() {
        Locale saved = Locale.getDefault();
        try {
            // a locale that groups with '.' must not matter either
            Locale.setDefault(Locale.GERMANY);
            assertEquals("1051", AxisFormat.count(1051));
            assertEquals("1000000", AxisFormat.count(1e6));
            assertEquals("0", AxisFormat.count(0));
            assertEquals("-300", AxisFormat.count(-300));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void countsRoundFloatingPointTicks() {
        assertEquals("1200", AxisFormat.count(1200.0000000002));
        assertEquals("1199", AxisFormat.count(1198.9999999999));
        assertEquals("2.5", AxisFormat.count(2.5));
    }

    @Test
    void valuesArePlainWithAtMostFourSignificantDigits() {
        assertEquals("0.3", AxisFormat.plain(0.1 + 0.2));
        assertEquals("148400", AxisFormat.plain(148444.656));
        assertEquals("0.0000025", AxisFormat.plain(2.5e-6));
        assertEquals("34.94", AxisFormat.plain(34.944398));
        assertEquals("20", AxisFormat.plain(20.0));
        assertEquals("0", AxisFormat.plain(-0.0));
        assertEquals("86.97", AxisFormat.percent(0.8697));
    }

    @Test
    void everyLabelReadsBackAsItsValue() {
        for (int i = 0; i < 140; i++) {
            double v = (i % 2 == 0 ? 1 : -1) * Math.pow(1.17, i - 40) * (1 + i % 7);
            String label = AxisFormat.plain(v);
            assertTrue(label.matches("-?[0-9]+(\\.[0-9]+)?"), label);
            assertEquals(v, Double.parseDouble(label), Math.abs(v) * 5e-4, label);
        }
    }

    /**
     * Renders a chart over as many steps as a long search has and measures the gaps between the
     * tick labels: the steps were labelled {@code 1,0511,2011,351} before, about 3 px apart.
     */
    @ParameterizedTest
    @ValueSource(ints = {40, 300, 1400, 2400, 24000})
    void stepLabelsStandApart(int steps) {
        double[] x = new double[steps];
        double[] y = new double[steps];
        for (int i = 0; i < steps; i++) {
            x[i] = i + 1;
            y[i] = Math.sin(i / 30.0);
        }
        XYChart chart = Charts.overSteps("t", "y", 1, steps);
        Charts.line(chart, "s", x, y, Charts.BLUE);
        chart.getStyler().setLegendVisible(false);
        chart.setXAxisTitle("");
        List<int[]> labels = labelsOfLowestTextBand(BitmapEncoder.getBufferedImage(chart));
        assertTrue(labels.size() >= 4, steps + " steps: " + labels.size() + " labels");
        for (int i = 1; i < labels.size(); i++) {
            int gap = labels.get(i)[0] - labels.get(i - 1)[1];
            // XChart's own placement on the steps leaves 12-14 px here; round ticks leave 26+
            assertTrue(gap >= 20, steps + " steps: labels " + i + " and " + (i + 1) + " are "
                    + gap + " px apart");
        }
    }

    /**
     * Finds the lowest band of rows with ink (the x tick labels, once the legend and axis title
     * are off) and returns its labels as column ranges: runs of inked columns, glyphs less than
     * 5 px apart belonging to one label.
     */
    private static List<int[]> labelsOfLowestTextBand(BufferedImage image) {
        int bottom = image.getHeight() - 1;
        while (bottom > 0 && !rowHasInk(image, bottom)) {
            bottom--;
        }
        int top = bottom;
        while (top > 0 && rowHasInk(image, top - 1)) {
            top--;
        }
        List<int[]> labels = new ArrayList<>();
        int lastInk = -100;
        for (int col = 0; col < image.getWidth(); col++) {
            if (!columnHasInk(image, col, top, bottom)) {
                continue;
            }
            if (col - lastInk >= 5) {
                labels.add(new int[] {col, col});
            }
            labels.get(labels.size() - 1)[1] = col;
            lastInk = col;
        }
        return labels;
    }

    private static boolean rowHasInk(BufferedImage image, int row) {
        for (int col = 0; col < image.getWidth(); col++) {
            if (isInk(image.getRGB(col, row))) {
                return true;
            }
        }
        return false;
    }

    private static boolean columnHasInk(BufferedImage image, int col, int top, int bottom) {
        for (int row = top; row <= bottom; row++) {
            if (isInk(image.getRGB(col, row))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isInk(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        return r + g + b < 3 * 128;
    }
}
