package ai.mpnas.export;

import java.util.Locale;

/**
 * How an exported model compares with the DJL forward of the network it came from, on a sample of
 * images. The error of an image is {@code max_j |onnx_j - djl_j| / max(max_j |djl_j|, 1)}: relative
 * to the image's largest logit magnitude (absolute below 1).
 *
 * @param images the images compared
 * @param top1Agreement the fraction of images whose top-1 class is the same
 * @param withinTolerance the fraction of images whose error is at most the tolerance
 * @param maxError the largest error
 * @param meanError the mean error
 * @param setError the relative error of all logits together, {@code ||onnx - djl||_F /
 *     ||djl||_F} over the images x classes matrix
 * @param tolerance the tolerance
 * @param minAgreement the fraction the top-1 agreement had to reach
 * @param minWithinTolerance the fraction within tolerance had to reach
 * @param provider where ONNX Runtime ran, e.g. {@code ONNX Runtime 1.23.2, optimisation ALL_OPT}
 */
public record VerificationReport(
        int images,
        double top1Agreement,
        double withinTolerance,
        double maxError,
        double meanError,
        double setError,
        double tolerance,
        double minAgreement,
        double minWithinTolerance,
        String provider) {

    /**
     * Returns whether the top-1 agreement and the fraction within tolerance reach their minimums
     * and the mean error is within the tolerance.
     *
     * @return true if the export is verified
     */
    public boolean passed() {
        return images > 0
                && top1Agreement >= minAgreement
                && withinTolerance >= minWithinTolerance
                && meanError <= tolerance;
    }

    /**
     * Returns a one-line summary.
     *
     * @return the summary
     */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "%d images: top-1 agrees on %.2f%% (required %.2f%%), logits within %.0e relative on"
                        + " %.2f%% (required %.2f%%; max %.2e, mean %.2e, required <= the tolerance;"
                        + " all logits together %.2e) on %s",
                images,
                100 * top1Agreement,
                100 * minAgreement,
                tolerance,
                100 * withinTolerance,
                100 * minWithinTolerance,
                maxError,
                meanError,
                setError,
                provider);
    }
}
