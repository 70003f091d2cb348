package ai.mpnas.export;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The committed Fashion-MNIST fixture ({@code fixtures/fashion-mnist} at the repository root),
 * read from its IDX files.
 *
 * @param pixels the raw pixels 0..255, N x 784 row-major
 * @param labels the labels 0..9
 */
record FashionMnist(byte[] pixels, int[] labels) {

    /** The fixture folder, relative to the module directory Maven runs tests in. */
    static final Path DIR = Path.of("..", "fixtures", "fashion-mnist");

    /** The class names of Fashion-MNIST in label order. */
    static final java.util.List<String> CLASSES =
            java.util.List.of(
                    "T-shirt/top",
                    "Trouser",
                    "Pullover",
                    "Dress",
                    "Coat",
                    "Sandal",
                    "Shirt",
                    "Sneaker",
                    "Bag",
                    "Ankle boot");

    static final int SIZE = 28;

    static FashionMnist read(String prefix) throws IOException {
        try (DataInputStream images = open(prefix + "-images-idx3-ubyte.gz");
                DataInputStream labels = open(prefix + "-labels-idx1-ubyte.gz")) {
            if (images.readInt() != 2051 || labels.readInt() != 2049) {
                throw new IOException("not IDX image/label files: " + prefix);
            }
            int n = images.readInt();
            if (images.readInt() != SIZE || images.readInt() != SIZE || labels.readInt() != n) {
                throw new IOException("unexpected IDX dimensions in " + prefix);
            }
            byte[] pixels = images.readNBytes(n * SIZE * SIZE);
            byte[] classes = labels.readNBytes(n);
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = classes[i];
            }
            return new FashionMnist(pixels, y);
        }
    }

    int count() {
        return labels.length;
    }

    /** The pixels scaled to [0, 1] as the model input. */
    float[] scaled() {
        float[] x = new float[pixels.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (pixels[i] & 0xff) * ai.mpnas.export.OnnxExporter.PIXEL_SCALE;
        }
        return x;
    }

    VerificationImages images() {
        return new VerificationImages(scaled(), count(), 1, SIZE, SIZE, "fixture");
    }

    private static DataInputStream open(String name) throws IOException {
        InputStream in = Files.newInputStream(DIR.resolve(name));
        return new DataInputStream(new GZIPInputStream(in));
    }
}
