package ai.mpnas.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Saves XChart charts as a PNG (for the page) and an SVG (for print) side by side. */
final class Charts {

    static final int WIDTH = 900;
    static final int HEIGHT = 450;

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
                chart, dir.resolve(name).toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return name + ".png";
    }
}
