package ai.mpnas.export;

import java.util.Arrays;

/**
 * Per-channel input normalisation the network was trained with, applied after pixels are scaled to
 * [0, 1]: {@code x' = (x - mean[c]) / std[c]}. The export puts it inside the ONNX graph, so the
 * model's input is the scaled pixels.
 *
 * @param mean the per-channel mean
 * @param std the per-channel standard deviation (positive)
 */
public record Normalization(float[] mean, float[] std) {

    /**
     * Copies and checks the arrays.
     *
     * @throws IllegalArgumentException if they are empty, differ in length or a std is not positive
     */
    public Normalization {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException(
                    "normalization: mean and std need one value per channel, found "
                            + mean.length
                            + " and "
                            + std.length);
        }
        for (int i = 0; i < std.length; i++) {
            if (!(std[i] > 0) || !Float.isFinite(mean[i]) || !Float.isFinite(std[i])) {
                throw new IllegalArgumentException(
                        "normalization: std["
                                + i
                                + "] = "
                                + std[i]
                                + ", mean["
                                + i
                                + "] = "
                                + mean[i]
                                + "; allowed: finite mean, std > 0");
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
     * @return the channels
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
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
