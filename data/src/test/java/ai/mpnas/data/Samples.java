package ai.mpnas.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.translate.TranslateException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every sample of one pass over a split, in the order the split yields them.
 *
 * @param pixels the input of each sample, flattened CHW
 * @param labels the label of each sample
 * @param batchShapes the input shape of each batch
 * @param dataTypes the input and label data types of the first batch
 */
record Samples(
        List<float[]> pixels, float[] labels, List<Shape> batchShapes, DataType[] dataTypes) {

    /** Runs one epoch over {@code dataset} and collects what it yields. */
    static Samples read(RandomAccessDataset dataset, NDManager manager)
            throws IOException, TranslateException {
        List<float[]> pixels = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        DataType[] types = null;
        for (Batch batch : dataset.getData(manager)) {
            try (batch) {
                NDArray data = batch.getData().singletonOrThrow();
                NDArray label = batch.getLabels().singletonOrThrow();
                if (types == null) {
                    types = new DataType[] {data.getDataType(), label.getDataType()};
                }
                shapes.add(data.getShape());
                int n = (int) data.getShape().get(0);
                int per = (int) (data.size() / n);
                float[] all = data.toFloatArray();
                for (int i = 0; i < n; i++) {
                    pixels.add(Arrays.copyOfRange(all, i * per, (i + 1) * per));
                }
                for (float l : label.toType(DataType.FLOAT32, false).toFloatArray()) {
                    labels.add(l);
                }
            }
        }
        float[] labelArray = new float[labels.size()];
        for (int i = 0; i < labelArray.length; i++) {
            labelArray[i] = labels.get(i);
        }
        return new Samples(pixels, labelArray, shapes, types);
    }

    /** Returns the number of samples. */
    int size() {
        return pixels.size();
    }

    /** Returns the index {@link DataFiles#images} wrote into sample i's first two pixels. */
    int sourceIndex(int i) {
        return DataFiles.indexOf(pixels.get(i)[0], pixels.get(i)[1]);
    }
}
