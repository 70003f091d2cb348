package ai.mpnas.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.formats.OnnxMetadataKeys;
import ai.mpnas.plugin.space.Architecture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading and exporting run directories, including the failure paths. */
class RunExportTest {

    @TempDir Path tmp;

    @Test
    void exportsATrainedRunWithItsProvenance() throws Exception {
        Architecture arch = TrainedNetworks.architecture(TrainedNetworks.MIXED);
        Path run = TestRuns.write(tmp.resolve("run"), TrainedNetworks.model(TrainedNetworks.MIXED), arch);
        VerificationImages images =
                new VerificationImages(
                        Arrays.copyOf(TrainedNetworks.test().scaled(), 200 * 784),
                        200, 1, 28, 28, "first 200");
        try (TrainedRun loaded = RunExport.load(run)) {
            assertEquals(TrainedNetworks.MIXED, loaded.architecture().code());
            ExportResult result = RunExport.export(loaded, "fmnist", images, false);
            assertEquals(run.resolve("export").resolve("fmnist").toAbsolutePath(), result.directory());
            assertTrue(result.verification().passed());
            var meta =
                    ai.onnx.proto.OnnxMl.ModelProto.parseFrom(Files.readAllBytes(result.modelFile()))
                            .getMetadataPropsList();
            String cost = meta.stream().filter(e -> e.getKey().equals(OnnxMetadataKeys.COST)).findFirst().orElseThrow().getValue();
            JsonNode c = new ObjectMapper().readTree(cost);
            assertEquals(4321.5, c.get("energy_nJ").asDouble());
            assertEquals(16, c.get("batch").asInt());
            assertEquals("grouped", c.get("depthwise").asText());
            String bitfusion = meta.stream().filter(e -> e.getKey().equals(OnnxMetadataKeys.BITFUSION)).findFirst().orElseThrow().getValue();
            assertEquals("apq", new ObjectMapper().readTree(bitfusion).get("model").asText());
            // a second export of the same name needs overwrite
            assertThrows(
                    java.nio.file.FileAlreadyExistsException.class,
                    () -> RunExport.export(loaded, "fmnist", images, false));
            assertTrue(RunExport.export(loaded, "fmnist", images, true).verification().passed());
        }
    }

    @Test
    void runWithoutTrainedModelFailsAndWritesNothing() throws Exception {
        Architecture arch = TrainedNetworks.architecture(TrainedNetworks.MIXED);
        Path run = TestRuns.write(tmp.resolve("run"), TrainedNetworks.model(TrainedNetworks.MIXED), arch);
        deleteTree(run.resolve("model"));
        InvalidRunException e = assertThrows(InvalidRunException.class, () -> RunExport.load(run));
        assertTrue(e.getMessage().contains(run.resolve("model").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("mpnas train"), e.getMessage());
        assertFalse(Files.exists(run.resolve("export")));
    }

    @Test
    void corruptParamsFailAndWriteNothing() throws Exception {
        Architecture arch = TrainedNetworks.architecture(TrainedNetworks.MIXED);
        Path run = TestRuns.write(tmp.resolve("run"), TrainedNetworks.model(TrainedNetworks.MIXED), arch);
        Path params = run.resolve("model").resolve("mpnas-0000.params");
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, Arrays.copyOf(bytes, bytes.length / 2));
        InvalidRunException truncated = assertThrows(InvalidRunException.class, () -> RunExport.load(run));
        assertTrue(truncated.getMessage().startsWith(params.toString()), truncated.getMessage());
        assertTrue(truncated.getMessage().contains("corrupt"), truncated.getMessage());
        Files.write(params, "not a params file".getBytes());
        InvalidRunException garbage = assertThrows(InvalidRunException.class, () -> RunExport.load(run));
        assertTrue(garbage.getMessage().startsWith(params.toString()), garbage.getMessage());
        assertFalse(Files.exists(run.resolve("export")));
    }

    @Test
    void paramsOfAnotherArchitectureFail() throws Exception {
        Architecture arch = TrainedNetworks.architecture(TrainedNetworks.MIXED);
        Path run = TestRuns.write(tmp.resolve("run"), TrainedNetworks.model(TrainedNetworks.MIXED), arch);
        Architecture other = TrainedNetworks.architecture("e6k3w8a8-e6k5w4a4-e3k3w2a6-e6k3w6a8-skip-e6k7w2a2");
        Files.writeString(run.resolve("architecture.json"), other.toJson());
        InvalidRunException e = assertThrows(InvalidRunException.class, () -> RunExport.load(run));
        assertTrue(e.getMessage().contains("mpnas-0000.params"), e.getMessage());
    }

    @Test
    void badMetricsNameTheFieldAndFile() throws Exception {
        Architecture arch = TrainedNetworks.architecture(TrainedNetworks.MIXED);
        Path run = TestRuns.write(tmp.resolve("run"), TrainedNetworks.model(TrainedNetworks.MIXED), arch);
        Path metrics = run.resolve("metrics.json");
        Files.writeString(metrics, Files.readString(metrics).replace("\"std\":[0.353]", "\"std\":[0.0]"));
        InvalidRunException e = assertThrows(InvalidRunException.class, () -> RunExport.load(run));
        assertTrue(e.getMessage().startsWith(metrics.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("std"), e.getMessage());
        Files.delete(metrics);
        InvalidRunException missing = assertThrows(InvalidRunException.class, () -> RunExport.load(run));
        assertTrue(missing.getMessage().contains("metrics.json: missing"), missing.getMessage());
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
