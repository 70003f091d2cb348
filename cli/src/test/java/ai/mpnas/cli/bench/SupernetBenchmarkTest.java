package ai.mpnas.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the supernet benchmark on the cifar preset one step each (the blocked layouts follow the channels, not the batch):
 * MXNet 1.9.1 killed the JVM with SIGFPE here (AVX2-only CPUs) when the peak measurement sliced
 * a oneDNN-blocked convolution output, so the test's whole point is that this fork survives and
 * reports every figure. Speeds are not judged here; {@code ./mpnas bench} measures them.
 */
class SupernetBenchmarkTest {

    @Test
    void cifarSupernetStepsAndThePeakMeasurementRunToTheEnd() {
        JsonNode out = SupernetBenchmark.run("cifar", 16, 1, 1, 1);
        assertEquals("cifar", out.get("preset").asText());
        for (String field :
                List.of("peak_gflops", "float_img_s", "fakequant_img_s", "supernet_img_s",
                        "float_gflops")) {
            double value = out.path(field).asDouble(Double.NaN);
            assertTrue(Double.isFinite(value) && value > 0, field + " = " + out.get(field));
        }
    }
}
