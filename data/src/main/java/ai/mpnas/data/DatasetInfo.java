package ai.mpnas.data;

import ai.djl.ndarray.types.Shape;
import ai.mpnas.plugin.space.Normalization;

import java.util.List;

/**
 * What a model needs to know about a dataset: input geometry, classes and input preprocessing.
 *
 * <p>Inputs are float32 NCHW: pixel bytes times {@link #pixelScale()} (so in [0, 1]), then
 * normalised per channel with {@link #normalization()}.
 *
 * @param name the dataset id, for example {@code fashion-mnist}
 * @param channels the number of input channels C
 * @param height the input height H in pixels
 * @param width the input width W in pixels
 * @param classes the class names, index i naming label i (the synset)
 * @param normalization the per-channel mean and std applied after scaling
 * @param pixelScale the factor that maps a pixel byte to [0, 1], {@code 1/255}
 */
public record DatasetInfo(
        String name,
        int channels,
        int height,
        int width,
        List<String> classes,
        Normalization normalization,
        float pixelScale) {

    /**
     * Checks the fields and copies the class list.
     *
     * @param name the dataset id
     * @param channels the number of input channels
     * @param height the input height
     * @param width the input width
     * @param classes the class names
     * @param normalization the per-channel normalisation
     * @param pixelScale the pixel scale
     * @throws IllegalArgumentException if a dimension is not positive, there are no classes, or the
     *     normalisation has a different number of channels
     */
    public DatasetInfo {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(
                    name
                            + ": input shape must be positive, found "
                            + channels
                            + "x"
                            + height
                            + "x"
                            + width);
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException(name + ": no classes");
        }
        if (normalization.channels() != channels) {
            throw new IllegalArgumentException(
                    name
                            + ": normalization has "
                            + normalization.channels()
                            + " channels, the input has "
                            + channels);
        }
        classes = List.copyOf(classes);
    }

    /**
     * Returns the input shape of one sample, (C, H, W).
     *
     * @return the shape
     */
    public Shape inputShape() {
        return new Shape(channels, height, width);
    }

    /**
     * Returns the number of classes.
     *
     * @return the class count
     */
    public int numClasses() {
        return classes.size();
    }
}
