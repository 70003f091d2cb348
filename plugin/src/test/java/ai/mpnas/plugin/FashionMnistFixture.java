package ai.mpnas.plugin;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.GZIPInputStream;

/**
 * Reads the committed Fashion-MNIST fixture ({@code fixtures/fashion-mnist} at the repository root)
 * from its IDX files.
 *
 * @param images the pixels in [0, 1], N x 784 row-major
 * @param labels the labels 0..9
 * @param count the number of images
 */
public record FashionMnistFixture(float[] images, float[] labels, int count) {

    /** The fixture folder, relative to the module directory Maven runs tests in. */
    public static final Path DIR = Paths.get("..", "fixtures", "fashion-mnist");

    /**
     * Reads one split.
     *
     * @param prefix {@code train} or {@code t10k}
     * @return the split
     * @throws IOException if the files cannot be read
     */
    public static FashionMnistFixture read(String prefix) throws IOException {
        try (DataInputStream images = open(prefix + "-images-idx3-ubyte.gz");
                DataInputStream labels = open(prefix + "-labels-idx1-ubyte.gz")) {
            if (images.readInt() != 2051 || labels.readInt() != 2049) {
                throw new IOException("not IDX image/label files: " + prefix);
            }
            int n = images.readInt();
            int rows = images.readInt();
            int cols = images.readInt();
            if (labels.readInt() != n || rows != 28 || cols != 28) {
                throw new IOException("unexpected IDX dimensions in " + prefix);
            }
            byte[] pixels = images.readNBytes(n * rows * cols);
            byte[] classes = labels.readNBytes(n);
            float[] x = new float[pixels.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (pixels[i] & 0xff) / 255f;
            }
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                y[i] = classes[i];
            }
            return new FashionMnistFixture(x, y, n);
        }
    }

    private static DataInputStream open(String name) throws IOException {
        InputStream in = Files.newInputStream(DIR.resolve(name));
        return new DataInputStream(new GZIPInputStream(in));
    }
}
