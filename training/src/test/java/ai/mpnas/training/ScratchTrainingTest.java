package ai.mpnas.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.mpnas.data.DatasetKind;
import ai.mpnas.data.DatasetSpec;
import ai.mpnas.data.InMemorySplits;
import ai.mpnas.plugin.nn.FixedNetwork;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.SearchSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchTrainingTest {

    /** The committed Fashion-MNIST fixture, from a module's working directory. */
    private static final Path FIXTURE = Path.of("..", "fixtures", "fashion-mnist");

    @Test
    void trainsSavesAndReloadsAMixedPrecisionNetwork(@TempDir Path dir) throws Exception {
        InMemorySplits data = fixture(1600, 400);
        SearchSpace space = SearchSpace.preset("fashion-mnist");
        Architecture arch = space.reference(4);
        ScratchTraining.Report report =
                ScratchTraining.builder()
                        .setArchitecture(arch)
                        .setData(data.train(), data.validation())
                        .setOutputDirectory(dir)
                        .optEpochs(2)
                        .optBatchSize(32)
                        .optProgress(false)
                        .build()
                        .run();
        assertTrue(report.top1() > 0.5, "top-1 " + report.top1());
        assertTrue(Files.exists(dir.resolve("model/mpnas-0000.params")));
        assertEquals(arch, Architecture.load(dir.resolve("model/architecture.json")));

        FixedNetwork reloaded =
                FixedNetwork.builder().setArchitecture(arch).optQuantized(true).build();
        try (Model model = Model.newInstance(ScratchTraining.MODEL_NAME)) {
            model.setBlock(reloaded);
            model.load(dir.resolve("model"), ScratchTraining.MODEL_NAME);
            try (NDManager manager = NDManager.newBaseManager()) {
                double top1 = TrainingSteps.accuracy(reloaded, data.validation(), manager, 100);
                assertEquals(report.top1(), top1, 1e-9);
            }
        }
    }

    @Test
    void resumesFromTheLastEpochCheckpoint(@TempDir Path dir) throws Exception {
        InMemorySplits data = fixture(320, 64);
        Architecture arch = SearchSpace.preset("fashion-mnist").reference(8);
        ScratchTraining.Builder training =
                ScratchTraining.builder()
                        .setArchitecture(arch)
                        .setData(data.train(), data.validation())
                        .setOutputDirectory(dir)
                        .optBatchSize(32)
                        .optProgress(false);
        training.optEpochs(1).build().run();
        CheckpointStore store = new CheckpointStore(dir.resolve("train-checkpoints"), 1);
        assertEquals(10, CheckpointStore.stepOf(store.latest().orElseThrow()));
        training.optEpochs(2).optResume(true).build().run();
        assertEquals(20, CheckpointStore.stepOf(store.latest().orElseThrow()));
    }

    /** The fixture's training set split into training and validation images (seed 3). */
    private static InMemorySplits fixture(int trainLimit, int validationLimit) throws IOException {
        return InMemorySplits.load(
                DatasetSpec.builder()
                        .setKind(DatasetKind.FASHION_MNIST)
                        .optDataDir(FIXTURE)
                        .optTrainLimit(trainLimit)
                        .optValidationLimit(validationLimit)
                        .optSeed(3)
                        .build());
    }
}
