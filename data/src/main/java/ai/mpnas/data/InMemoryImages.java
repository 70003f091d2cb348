package ai.mpnas.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import ai.djl.training.dataset.SequenceSampler;
import ai.djl.translate.TranslateException;
import java.io.IOException;

/**
 * A labelled image set held in memory as model inputs, batched by index. The search and training
 * loops shuffle with their own seeded permutations (a function of the seed and the epoch), so a
 * resumed run sees exactly the batches the interrupted one would have seen.
 */
public final class InMemoryImages {

    private final float[] inputs;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;

    /**
     * Wraps inputs and labels.
     *
     * @param inputs the model inputs, N x C x H x W, row major
     * @param labels the class indices, N
     * @param channels C
     * @param height H
     * @param width W
     */
    public InMemoryImages(float[] inputs, int[] labels, int channels, int height, int width) {
        if ((long) labels.length * channels * height * width != inputs.length) {
            throw new IllegalArgumentException(
                    inputs.length
                            + " input values do not make "
                            + labels.length
                            + " images of "
                            + channels
                            + "x"
                            + height
                            + "x"
                            + width);
        }
        this.inputs = inputs;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /**
     * Reads every record of a dataset in order, through its pipeline (so the inputs are what a
     * model sees: C x H x W floats, normalised as the dataset defines), with class-index labels.
     *
     * @param dataset the dataset
     * @param manager a manager for the temporary arrays
     * @return the images in memory
     * @throws IOException if the dataset cannot be read
     */
    public static InMemoryImages of(RandomAccessDataset dataset, NDManager manager)
            throws IOException {
        int n = Math.toIntExact(dataset.size());
        float[] inputs = null;
        int[] labels = new int[n];
        long[] shape = null;
        int next = 0;
        try {
            Sampler sampler = new BatchSampler(new SequenceSampler(), 256, false);
            for (Batch batch : dataset.getData(manager, sampler)) {
                try (batch) {
                    NDArray x = batch.getData().head();
                    if (shape == null) {
                        shape = x.getShape().slice(1).getShape();
                        if (shape.length != 3) {
                            throw new IOException(
                                    "expected N x C x H x W batches, found shape " + x.getShape());
                        }
                        inputs = new float[Math.multiplyExact(n, (int) (x.size() / x.getShape().get(0)))];
                    }
                    float[] values = x.toType(DataType.FLOAT32, false).toFloatArray();
                    System.arraycopy(values, 0, inputs, next * (inputs.length / n), values.length);
                    float[] y = batch.getLabels().head().toType(DataType.FLOAT32, false).toFloatArray();
                    for (float v : y) {
                        labels[next++] = (int) v;
                    }
                }
            }
        } catch (TranslateException e) {
            throw new IOException(e);
        }
        if (shape == null || next != n) {
            throw new IOException("the dataset gave " + next + " of its " + n + " records");
        }
        return new InMemoryImages(inputs, labels, (int) shape[0], (int) shape[1], (int) shape[2]);
    }

    /**
     * Returns the number of images.
     *
     * @return the number of images
     */
    public int size() {
        return labels.length;
    }

    /**
     * Returns the shape of one input.
     *
     * @return C x H x W
     */
    public Shape inputShape() {
        return new Shape(channels, height, width);
    }

    /**
     * Returns the label of an image.
     *
     * @param index the image index
     * @return the class index
     */
    public int label(int index) {
        return labels[index];
    }

    /**
     * Builds a batch from {@code order[start .. start + size)}.
     *
     * @param manager the manager of the batch arrays
     * @param order a permutation (or any list) of image indices
     * @param start the first position in {@code order}
     * @param size the batch size
     * @return the inputs (B x C x H x W) and float labels (B)
     */
    public NDList batch(NDManager manager, int[] order, int start, int size) {
        int per = channels * height * width;
        float[] x = new float[size * per];
        float[] y = new float[size];
        for (int b = 0; b < size; b++) {
            int idx = order[start + b];
            System.arraycopy(inputs, idx * per, x, b * per, per);
            y[b] = labels[idx];
        }
        return new NDList(
                manager.create(x, new Shape(size, channels, height, width)), manager.create(y));
    }
}
