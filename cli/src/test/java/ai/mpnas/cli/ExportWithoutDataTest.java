package ai.mpnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.mpnas.export.RunExport;
import ai.mpnas.plugin.nn.FixedNetwork;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.SearchSpace;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export verifies on the run's test images; without them it stops and names the missing directory,
 * unless noise is asked for, and the verification line says which images it used.
 */
class ExportWithoutDataTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A run whose network is initialised, not trained: enough to load, export and compare. */
    private static Path run(Path dir, Path dataDir) throws Exception {
        Architecture arch = SearchSpace.preset("fashion-mnist").reference(8);
        Files.writeString(dir.resolve("architecture.json"), arch.toJson());
        Path modelDir = Files.createDirectories(dir.resolve("model"));
        FixedNetwork net = FixedNetwork.builder().setArchitecture(arch).optQuantized(true).build();
        try (Model model = Model.newInstance("mpnas", "MXNet");
                NDManager manager = NDManager.newBaseManager()) {
            model.setBlock(net);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            model.save(modelDir, RunExport.MODEL_NAME);
        }
        Files.writeString(modelDir.resolve("architecture.json"), arch.toJson());
        ObjectNode metrics = MAPPER.createObjectNode();
        metrics.put("top1", 0.1);
        metrics.put("energy_nJ", 1000.0);
        metrics.put("latency_cycles", 1000);
        metrics.put("weight_bits_total", 1000);
        metrics.put("dataset", "fashion-mnist");
        metrics.put("dataset_dir", dataDir.toString());
        metrics.putObject("normalization").putArray("mean").add(0.5f);
        ((ObjectNode) metrics.get("normalization")).putArray("std").add(0.5f);
        var classes = metrics.putArray("classes");
        for (int i = 0; i < 10; i++) {
            classes.add("class" + i);
        }
        Files.writeString(dir.resolve("metrics.json"), MAPPER.writeValueAsString(metrics));
        return dir;
    }

    @Test
    void aMissingDatasetIsBadInputNamingItsDirectory(@TempDir Path tmp) throws Exception {
        Path missing = tmp.resolve("no-such-data");
        Path run = run(Files.createDirectories(tmp.resolve("run")), missing);
        CliRun export = CliRun.of("export", "--run", run.toString());
        assertEquals(ExitCodes.BAD_INPUT, export.exitCode(), export.err());
        assertEquals(
                "mpnas export: " + missing + ": the fashion-mnist test images to verify on are"
                        + " missing; allowed: --data-dir DIR, or --verify-with noise",
                export.err().strip());
        assertFalse(Files.exists(run.resolve("export/onnx")), "nothing is written");
    }

    @Test
    void noiseAskedForIsUsedAndNamed(@TempDir Path tmp) throws Exception {
        Path run = run(Files.createDirectories(tmp.resolve("run")), tmp.resolve("no-such-data"));
        CliRun export =
                CliRun.of("export", "--run", run.toString(), "--verify-with", "noise",
                        "--samples", "8");
        // an untrained network may pass or fail on noise; either way the verdict names the images
        assertTrue(export.exitCode() == ExitCodes.OK || export.exitCode() == ExitCodes.FAILURE,
                export.err());
        String said = export.out() + export.err();
        assertTrue(said.contains(" on 8 images (uniform noise (seed 42)): top-1 agreement "),
                said);
        assertFalse(said.contains("missing"), said);
    }
}
