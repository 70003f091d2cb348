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
 * @param imageSource which images were compared, e.g. {@code 1000 fashion-mnist test images} or
 *     {@code uniform noise (seed 42)}
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
        String provider,
        String imageSource) {

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
     * Returns a one-line summary: the verdict, then each check as "measured (required)", then the
     * figures that are not checked, then the images and where ONNX Runtime ran. Each number says
     * what it is, so that the overall logit error, which is not checked, does not read as a
     * failed check.
     *
     * @return the summary
     */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "%s on %d images (%s): top-1 agreement %.2f%% (required >= %.2f%%); mean relative"
                        + " logit error %.2e (required <= %.0e); images within %.0e: %.2f%%"
                        + " (required >= %.2f%%); not checked: largest error %.2e, error of all"
                        + " logits together %.2e; %s",
                passed() ? "passed" : "FAILED",
                images,
                imageSource,
                100 * top1Agreement,
                100 * minAgreement,
                meanError,
                tolerance,
                tolerance,
                100 * withinTolerance,
                100 * minWithinTolerance,
                maxError,
                setError,
                provider);
    }
}
