package ai.mpnas.export;

import java.util.Random;

/**
 * Images to verify an export on: pixels scaled to [0, 1], {@code count x channels x height x
 * width} row-major (NCHW).
 *
 * @param pixels the scaled pixels
 * @param count the number of images
 * @param channels the channels
 * @param height the height
 * @param width the width
 * @param source where the images come from, e.g. {@code fashion-mnist test set}
 */
public record VerificationImages(
        float[] pixels, int count, int channels, int height, int width, String source) {

    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException if the pixel count does not fit the shape
     */
    public VerificationImages {
        if (count < 1 || (long) count * channels * height * width != pixels.length) {
            throw new IllegalArgumentException(
                    "verification images: "
                            + pixels.length
                            + " pixels for "
                            + count
                            + " images of "
                            + channels
                            + "x"
                            + height
                            + "x"
                            + width);
        }
    }

    /**
     * Returns seeded uniform noise in [0, 1], for when no test images are at hand: the graph's
     * equivalence with the network does not depend on the pictures.
     *
     * @param count the number of images
     * @param channels the channels
     * @param height the height
     * @param width the width
     * @param seed the seed
     * @return the images
     */
    public static VerificationImages noise(
            int count, int channels, int height, int width, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[count * channels * height * width];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256) * OnnxExporter.PIXEL_SCALE;
        }
        return new VerificationImages(
                pixels, count, channels, height, width, "uniform noise (seed " + seed + ")");
    }

    /**
     * Returns the values of one image.
     *
     * @return values per image
     */
    public int imageSize() {
        return channels * height * width;
    }
}
