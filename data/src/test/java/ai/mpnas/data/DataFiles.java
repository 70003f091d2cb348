package ai.mpnas.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Writes small dataset files in the real formats, for tests; independent of the readers. */
final class DataFiles {

    private DataFiles() {}

    /**
     * Makes {@code n} images of {@code pixels} random bytes each, with the image's index written
     * into its first two bytes (low, high) so that a test can tell which image it got back.
     */
    static byte[][] images(int n, int pixels, long seed) {
        Random random = new Random(seed);
        byte[][] images = new byte[n][pixels];
        for (int i = 0; i < n; i++) {
            random.nextBytes(images[i]);
            images[i][0] = (byte) (i & 0xFF);
            images[i][1] = (byte) (i >> 8);
        }
        return images;
    }

    /** Returns the index written by {@link #images} into pixel bytes 0 and 1. */
    static int indexOf(float first, float second) {
        return Math.round(first * 255) + 256 * Math.round(second * 255);
    }

    /** Writes an IDX file: magic, dimensions, payload; gzip-compressed if the name ends in .gz. */
    static void writeIdx(Path path, int magic, int[] dims, byte[] payload) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
        header.putInt(magic);
        for (int d : dims) {
            header.putInt(d);
        }
        try (OutputStream raw = Files.newOutputStream(path);
                OutputStream out =
                        path.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw) {
            out.write(header.array());
            out.write(payload);
        }
    }

    /** Writes 28x28 images as an IDX image file. */
    static void writeIdxImages(Path path, byte[][] images) throws IOException {
        byte[] payload = new byte[images.length * 784];
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(images[i], 0, payload, i * 784, 784);
        }
        writeIdx(path, 0x803, new int[] {images.length, 28, 28}, payload);
    }

    /** Writes labels as an IDX label file. */
    static void writeIdxLabels(Path path, byte[] labels) throws IOException {
        writeIdx(path, 0x801, new int[] {labels.length}, labels);
    }

    /** Writes a complete Fashion-MNIST directory; label of image i is i % 10. */
    static void writeFashionMnist(Path dir, byte[][] train, byte[][] test) throws IOException {
        writeIdxImages(dir.resolve("train-images-idx3-ubyte.gz"), train);
        writeIdxLabels(dir.resolve("train-labels-idx1-ubyte.gz"), labels(train.length, 10));
        writeIdxImages(dir.resolve("t10k-images-idx3-ubyte.gz"), test);
        writeIdxLabels(dir.resolve("t10k-labels-idx1-ubyte.gz"), labels(test.length, 10));
    }

    /** Labels i % classes. */
    static byte[] labels(int n, int classes) {
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % classes);
        }
        return labels;
    }

    /** Writes CIFAR binary records: the label bytes of each record, then its 3072 pixels. */
    static void writeCifar(Path path, byte[][] labelBytes, byte[][] images) throws IOException {
        int labelCount = labelBytes[0].length;
        byte[] out = new byte[images.length * (labelCount + 3072)];
        int offset = 0;
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(labelBytes[i], 0, out, offset, labelCount);
            System.arraycopy(images[i], 0, out, offset + labelCount, 3072);
            offset += labelCount + 3072;
        }
        Files.write(path, out);
    }
}
