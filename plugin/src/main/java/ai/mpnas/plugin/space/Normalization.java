package ai.mpnas.plugin.space;

import java.util.Arrays;

/**
 * Per-channel normalisation applied after pixels are scaled to [0, 1]: {@code x' = (x - mean[c]) /
 * std[c]}.
 *
 * <p>The datasets apply it in their DJL pipeline ({@code ToTensor} then {@code Normalize}), so
 * training and search see normalised inputs; the export puts the same constants inside the ONNX
 * graph, so the exported model's input is the scaled pixels.
 *
 * @param mean the per-channel mean, one value per input channel
 * @param std the per-channel standard deviation, one positive value per input channel
 */
public record Normalization(float[] mean, float[] std) {

    /**
     * Checks and copies the constants.
     *
     * @param mean the per-channel mean
     * @param std the per-channel standard deviation
     * @throws IllegalArgumentException if the arrays are empty, differ in length, or a std is not
     *     positive and finite
     */
    public Normalization {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException(
                    "normalization: mean and std must have one value per channel, found "
                            + mean.length
                            + " and "
                            + std.length);
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0) || !Float.isFinite(std[c]) || !Float.isFinite(mean[c])) {
                throw new IllegalArgumentException(
                        "normalization: std["
                                + c
                                + "] must be positive and finite and mean["
                                + c
                                + "] finite, found std "
                                + std[c]
                                + ", mean "
                                + mean[c]);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * Returns the identity normalisation (mean 0, std 1) for a number of channels.
     *
     * @param channels the channels
     * @return the identity
     */
    public static Normalization identity(int channels) {
        float[] mean = new float[channels];
        float[] std = new float[channels];
        Arrays.fill(std, 1f);
        return new Normalization(mean, std);
    }

    /**
     * Returns the number of channels.
     *
     * @return the channel count
     */
    public int channels() {
        return mean.length;
    }

    /**
     * Returns a copy of the per-channel mean.
     *
     * @return the mean
     */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /**
     * Returns a copy of the per-channel standard deviation.
     *
     * @return the std
     */
    @Override
    public float[] std() {
        return std.clone();
    }

    /** {@inheritDoc} */
    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n
                && Arrays.equals(mean, n.mean)
                && Arrays.equals(std, n.std);
    }

    /** {@inheritDoc} */
    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "Normalization[mean="
                + Arrays.toString(mean)
                + ", std="
                + Arrays.toString(std)
                + "]";
    }
}
