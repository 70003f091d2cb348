package ai.mpnas.search;

import ai.djl.ndarray.NDManager;
import ai.mpnas.data.DatasetKind;
import ai.mpnas.data.DatasetSpec;
import ai.mpnas.data.DatasetSplits;
import ai.mpnas.data.Datasets;
import ai.mpnas.data.InMemoryImages;
import ai.mpnas.plugin.space.SearchSpace;
import java.io.IOException;
import java.nio.file.Path;

/** The committed Fashion-MNIST fixture, as the search's training and validation splits. */
public final class FixtureData {

    /** The fixture directory, from a module's working directory. */
    public static final Path DIR = Path.of("..", "fixtures", "fashion-mnist");

    /** The training split. */
    public final InMemoryImages train;

    /** The validation split. */
    public final InMemoryImages validation;

    private FixtureData(InMemoryImages train, InMemoryImages validation) {
        this.train = train;
        this.validation = validation;
    }

    /**
     * Loads the fixture's training set, split into training and validation images (seed 3).
     *
     * @param trainLimit training images to keep
     * @param validationLimit validation images to keep
     * @return the splits
     * @throws IOException if the fixture cannot be read
     */
    public static FixtureData load(int trainLimit, int validationLimit) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            DatasetSplits splits =
                    Datasets.load(
                            DatasetSpec.builder()
                                    .setKind(DatasetKind.FASHION_MNIST)
                                    .optDataDir(DIR)
                                    .optTrainLimit(trainLimit)
                                    .optValidationLimit(validationLimit)
                                    .optSeed(3)
                                    .build(),
                            manager);
            return new FixtureData(
                    InMemoryImages.of(splits.train(), manager),
                    InMemoryImages.of(splits.validation(), manager));
        }
    }

    /**
     * The settings of the search tests: the fashion-mnist space, two epochs (one of warm-up) of
     * eight steps of 32 images, a checkpoint every five steps, four derivation candidates, seed
     * 2. Tests override what they are about.
     */
    static SearchSettings.Builder smallSearch() {
        return SearchSettings.builder()
                .setSearchSpace(SearchSpace.preset("fashion-mnist"))
                .optEpochs(2, 1)
                .optBatchSize(32)
                .optStepsPerEpoch(8)
                .optCheckpointEvery(5)
                .optDerivationCandidates(4)
                .optSeed(2);
    }
}
