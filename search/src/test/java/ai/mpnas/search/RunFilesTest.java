package ai.mpnas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.mpnas.bitfusion.AcceleratorConfig;
import ai.mpnas.bitfusion.BitModes;
import ai.mpnas.bitfusion.CostModelKind;
import ai.mpnas.bitfusion.DepthwiseMode;
import ai.mpnas.data.DatasetInfo;
import ai.mpnas.formats.RunArchitecture;
import ai.mpnas.formats.RunMetrics;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.Normalization;
import ai.mpnas.plugin.space.SearchSpace;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run file writers give the very bytes of a real run's files from the same inputs. */
class RunFilesTest {

    private static final Path RUNS = Path.of("..", "fixtures", "runs");

    private static final SearchSpace SPACE = SearchSpace.preset("fashion-mnist");

    /** How the reduced protocol priced its runs. */
    private static final RunFiles.Pricing PRICING =
            RunFiles.Pricing.of(CostModelKind.ORIGINAL, DepthwiseMode.GROUPED, BitModes.CHEAPEST,
                    AcceleratorConfig.bitFusion45nm(), 1);

    @TempDir Path dir;

    @Test
    void aBaselinesArchitectureFileIsWrittenAsBefore() throws IOException {
        Path real = RUNS.resolve("random").resolve(RunArchitecture.FILE);
        Architecture arch =
                Architecture.fromCode(SPACE, RunArchitecture.read(real).definition().get("code")
                        .asText());
        RunFiles.writeArchitecture(dir, arch, PRICING, "random-best-of-10");
        assertEquals(Files.readString(real), Files.readString(dir.resolve(RunArchitecture.FILE)));
    }

    @Test
    void aTrainedRunsMetricsAreWrittenAsBefore() throws IOException {
        Path real = RUNS.resolve("search").resolve(RunMetrics.FILE);
        RunMetrics was = RunMetrics.read(real);
        DatasetInfo info =
                new DatasetInfo(was.dataset(), 1, 28, 28, was.classes(),
                        new Normalization(new float[] {0.2860f}, new float[] {0.3530f}),
                        1 / 255f);
        ObjectNode recipe = new ObjectMapper().createObjectNode();
        recipe.put("origin", "search");
        recipe.put("epochs", 2);
        recipe.put("batch", 64);
        recipe.put("learning_rate", 0.05f);
        recipe.put("seed", 1L);
        recipe.put("train_images", 60000);
        recipe.put("engine", "MXNet");
        recipe.put("test_images", 10000);
        RunFiles.writeMetrics(dir, Architecture.fromCode(SPACE, was.architecture()), PRICING,
                was.top1(), info, Path.of(was.datasetDir()), recipe);
        assertEquals(Files.readString(real), Files.readString(dir.resolve(RunMetrics.FILE)));
    }
}
