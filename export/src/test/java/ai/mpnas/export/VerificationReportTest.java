package ai.mpnas.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The verification summary names the verdict, each number and its requirement, and the images. */
class VerificationReportTest {

    private static VerificationReport report(double meanError) {
        return new VerificationReport(
                1000, 1.0, 0.95, 4.1e-3, meanError, 1.23e-3, 1e-3, 0.99, 0.9, "ONNX Runtime x",
                "1000 fashion-mnist test images");
    }

    @Test
    void aPassingExportSaysPassedAndWhatEachNumberIs() {
        VerificationReport passed = report(2.5e-4);
        assertTrue(passed.passed());
        assertEquals(
                "passed on 1000 images (1000 fashion-mnist test images): top-1 agreement 100.00%"
                        + " (required >= 99.00%); mean relative logit error 2.50e-04 (required <="
                        + " 1e-03); images within 1e-03: 95.00% (required >= 90.00%); not checked:"
                        + " largest error 4.10e-03, error of all logits together 1.23e-03; ONNX"
                        + " Runtime x",
                passed.summary());
    }

    @Test
    void aFailingExportSaysFailed() {
        VerificationReport failed = report(2e-3);
        assertTrue(failed.summary().startsWith("FAILED on 1000 images"), failed.summary());
    }
}
