package ai.mpnas.data;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A dataset's splits held in memory as model inputs: what the search (train and validation
 * splits) and training from scratch (train, or train + validation, and test) consume.
 *
 * @param info the dataset's shape, classes and normalisation
 * @param train the training split
 * @param validation the validation split (carved from the training set; may be empty)
 * @param test the test set
 * @param dataDir the directory the files were read from
 */
public record InMemorySplits(
        DatasetInfo info,
        InMemoryImages train,
        InMemoryImages validation,
        InMemoryImages test,
        Path dataDir) {

    /**
     * Loads and checks a dataset, then copies its splits into memory.
     *
     * @param spec the dataset, its directory and split
     * @return the splits
     * @throws IOException if files cannot be read (bad files raise {@code InvalidDatasetException})
     */
    public static InMemorySplits load(DatasetSpec spec) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            DatasetSplits splits = Datasets.load(spec, manager);
            InMemoryImages validation =
                    spec.getValidationFraction() > 0
                            ? InMemoryImages.of(splits.validation(), manager)
                            : null;
            return new InMemorySplits(
                    splits.info(),
                    InMemoryImages.of(splits.train(), manager),
                    validation,
                    InMemoryImages.of(splits.test(), manager),
                    spec.getDataDir());
        }
    }
}
