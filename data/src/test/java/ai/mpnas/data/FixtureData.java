package ai.mpnas.data;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The committed Fashion-MNIST fixture, as training and validation splits; the tests of the modules
 * that train (search, training) load it through this module's test jar.
 */
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
}
