package ai.mpnas.data;

import ai.djl.training.dataset.RandomAccessDataset;

import java.util.Optional;

/**
 * The three splits of a loaded dataset and what a model needs to know about it.
 *
 * <p>{@link #train()} and {@link #validation()} are carved from the dataset's training set by a
 * seeded {@link SplitPlan}; {@link #test()} is the dataset's test set, never part of either. Each
 * split yields batches of float32 NCHW inputs, scaled to [0, 1] and normalised per channel, and
 * float32 class labels of shape (N).
 *
 * <p>The splits' arrays live in the {@link ai.djl.ndarray.NDManager} given to {@link
 * Datasets#load(DatasetSpec, ai.djl.ndarray.NDManager)}; closing it frees them.
 */
public final class DatasetSplits {

    private final DatasetInfo info;
    private final RandomAccessDataset train;
    private final RandomAccessDataset validation;
    private final RandomAccessDataset test;
    private final SeededShuffleSampler trainShuffle;

    /**
     * Constructs the splits; {@link Datasets#load} does.
     *
     * @param info the dataset info
     * @param train the training split
     * @param validation the validation split
     * @param test the test split
     * @param trainShuffle the sampler shuffling the training split, or null
     */
    DatasetSplits(
            DatasetInfo info,
            RandomAccessDataset train,
            RandomAccessDataset validation,
            RandomAccessDataset test,
            SeededShuffleSampler trainShuffle) {
        this.info = info;
        this.train = train;
        this.validation = validation;
        this.test = test;
        this.trainShuffle = trainShuffle;
    }

    /**
     * Returns the input shape, classes and normalisation.
     *
     * @return the dataset info
     */
    public DatasetInfo info() {
        return info;
    }

    /**
     * Returns the training split (shuffled each epoch unless the spec turned shuffling off).
     *
     * @return the training split
     */
    public RandomAccessDataset train() {
        return train;
    }

    /**
     * Returns the validation split, held out from the training set (in order; empty if the
     * validation fraction is 0).
     *
     * @return the validation split
     */
    public RandomAccessDataset validation() {
        return validation;
    }

    /**
     * Returns the test set (in order).
     *
     * @return the test split
     */
    public RandomAccessDataset test() {
        return test;
    }

    /**
     * Returns the sampler that shuffles the training split, so a resumed run can set its epoch.
     *
     * @return the sampler, empty if the training split is not shuffled
     */
    public Optional<SeededShuffleSampler> trainShuffle() {
        return Optional.ofNullable(trainShuffle);
    }
}
