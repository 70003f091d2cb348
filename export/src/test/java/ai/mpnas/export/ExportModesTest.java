package ai.mpnas.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.mpnas.plugin.nn.FixedNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An export directory is served to other users: it and its files get the umask's modes. */
class ExportModesTest {

    @TempDir Path tmp;

    @Test
    void exportAndReplacedExportHaveTheUmaskDefaultModes() throws Exception {
        // untrained (zero epochs): the modes do not depend on the weights, and it is quick; its
        // tiny logits need a looser relative tolerance than a trained network's
        Model model =
                TrainedNetworks.trainModel(
                        TrainedNetworks.architecture(TrainedNetworks.UNIFORM8), 0, 7);
        Path target = tmp.resolve("export/onnx");
        for (boolean overwrite : new boolean[] {false, true}) {
            ModelExport.builder()
                    .setNetwork((FixedNetwork) model.getBlock())
                    .setProvenance(TrainedNetworks.provenance())
                    .setImages(VerificationImages.noise(16, 1, 28, 28, 3))
                    .optOverwrite(overwrite)
                    .optTolerance(1e-2)
                    .build()
                    .writeTo(target);
        }
        var fileMode = Files.getPosixFilePermissions(Files.createFile(tmp.resolve("probe")));
        var dirMode = Files.getPosixFilePermissions(Files.createDirectory(tmp.resolve("probe-dir")));
        try (Stream<Path> walk = Files.walk(target)) {
            for (Path p : walk.toList()) {
                var want = Files.isDirectory(p) ? dirMode : fileMode;
                assertEquals(want, Files.getPosixFilePermissions(p), p.toString());
            }
        }
        try (Stream<Path> list = Files.list(target.getParent())) {
            assertEquals(List.of(target), list.toList(), "no partial or old directory left");
        }
        model.close();
    }
}
