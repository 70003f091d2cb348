package ai.mpnas.data;

import ai.mpnas.plugin.space.Normalization;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to load: a dataset kind, its directory, and how to split, subset and batch it.
 *
 * <p>Build with {@code DatasetSpec.builder().setKind(DatasetKind.CIFAR10).optDataDir(dir)...
 * .build()}, then {@link Datasets#load(DatasetSpec, ai.djl.ndarray.NDManager)}.
 */
public final class DatasetSpec {

    /** Default fraction of the training set held out for validation. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

    /** Default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 64;

    private final DatasetKind kind;
    private final Path dataDir;
    private final double validationFraction;
    private final long seed;
    private final int batchSize;
    private final boolean shuffle;
    private final long trainLimit;
    private final long validationLimit;
    private final long testLimit;
    private final Cifar100.LabelKind cifar100Labels;
    private final Integer imageSize;
    private final Normalization normalization;

    private DatasetSpec(Builder b) {
        kind = b.kind;
        dataDir = b.dataDir;
        validationFraction = b.validationFraction;
        seed = b.seed;
        batchSize = b.batchSize;
        shuffle = b.shuffle;
        trainLimit = b.trainLimit;
        validationLimit = b.validationLimit;
        testLimit = b.testLimit;
        cifar100Labels = b.cifar100Labels;
        imageSize = b.imageSize;
        normalization = b.normalization;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the dataset kind.
     *
     * @return the kind
     */
    public DatasetKind getKind() {
        return kind;
    }

    /**
     * Returns the data directory: the one set, else the kind's default.
     *
     * @return the directory
     */
    public Path getDataDir() {
        return dataDir;
    }

    /**
     * Returns the fraction of the training set held out for validation.
     *
     * @return the fraction, in [0, 1)
     */
    public double getValidationFraction() {
        return validationFraction;
    }

    /**
     * Returns the seed of the train/validation split and of the training shuffle.
     *
     * @return the seed
     */
    public long getSeed() {
        return seed;
    }

    /**
     * Returns the batch size of all three splits.
     *
     * @return the batch size
     */
    public int getBatchSize() {
        return batchSize;
    }

    /**
     * Returns whether the training split is shuffled each epoch (validation and test never are).
     *
     * @return whether to shuffle
     */
    public boolean isShuffle() {
        return shuffle;
    }

    /**
     * Returns the maximum number of training samples (the first ones of the split).
     *
     * @return the limit, {@link Long#MAX_VALUE} for all
     */
    public long getTrainLimit() {
        return trainLimit;
    }

    /**
     * Returns the maximum number of validation samples (the first ones of the split).
     *
     * @return the limit, {@link Long#MAX_VALUE} for all
     */
    public long getValidationLimit() {
        return validationLimit;
    }

    /**
     * Returns the maximum number of test samples (the first ones of the test set).
     *
     * @return the limit, {@link Long#MAX_VALUE} for all
     */
    public long getTestLimit() {
        return testLimit;
    }

    /**
     * Returns which CIFAR-100 labels to use.
     *
     * @return fine (default) or coarse
     */
    public Cifar100.LabelKind getCifar100Labels() {
        return cifar100Labels;
    }

    /**
     * Returns the side images of an image folder are resized to, if set.
     *
     * @return the side in pixels, or empty to keep the images' own size
     */
    public Optional<Integer> getImageSize() {
        return Optional.ofNullable(imageSize);
    }

    /**
     * Returns the per-channel normalisation: the one set, else the kind's default.
     *
     * @return the normalisation
     */
    public Normalization getNormalization() {
        return normalization != null ? normalization : kind.defaultNormalization();
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "DatasetSpec["
                + kind
                + ", "
                + dataDir
                + ", validation "
                + validationFraction
                + ", seed "
                + seed
                + ", batch "
                + batchSize
                + "]";
    }

    /** A builder for {@link DatasetSpec}. */
    public static final class Builder {

        private DatasetKind kind;
        private Path dataDir;
        private double validationFraction = DEFAULT_VALIDATION_FRACTION;
        private long seed;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private boolean shuffle = true;
        private long trainLimit = Long.MAX_VALUE;
        private long validationLimit = Long.MAX_VALUE;
        private long testLimit = Long.MAX_VALUE;
        private Cifar100.LabelKind cifar100Labels = Cifar100.LabelKind.FINE;
        private Integer imageSize;
        private Normalization normalization;

        /** Constructs a builder; use {@link DatasetSpec#builder()}. */
        Builder() {}

        /**
         * Sets the dataset kind (required).
         *
         * @param kind the kind
         * @return this builder
         */
        public Builder setKind(DatasetKind kind) {
            this.kind = kind;
            return this;
        }

        /**
         * Sets the data directory (required unless the kind has a default, see {@link
         * DatasetKind#defaultDataDir()}).
         *
         * @param dataDir the directory holding the dataset's files
         * @return this builder
         */
        public Builder optDataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /**
         * Sets the fraction of the training set held out for validation (default {@value
         * DatasetSpec#DEFAULT_VALIDATION_FRACTION}).
         *
         * @param validationFraction the fraction, in [0, 1)
         * @return this builder
         */
        public Builder optValidationFraction(double validationFraction) {
            this.validationFraction = validationFraction;
            return this;
        }

        /**
         * Sets the seed of the split and the shuffle (default 0).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the batch size (default {@value DatasetSpec#DEFAULT_BATCH_SIZE}).
         *
         * @param batchSize the batch size, positive
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets whether the training split is shuffled each epoch (default true).
         *
         * @param shuffle whether to shuffle
         * @return this builder
         */
        public Builder optShuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * Keeps only the first {@code limit} samples of the training split, for quick runs.
         *
         * @param limit the limit, positive
         * @return this builder
         */
        public Builder optTrainLimit(long limit) {
            this.trainLimit = limit;
            return this;
        }

        /**
         * Keeps only the first {@code limit} samples of the validation split.
         *
         * @param limit the limit, positive
         * @return this builder
         */
        public Builder optValidationLimit(long limit) {
            this.validationLimit = limit;
            return this;
        }

        /**
         * Keeps only the first {@code limit} samples of the test set.
         *
         * @param limit the limit, positive
         * @return this builder
         */
        public Builder optTestLimit(long limit) {
            this.testLimit = limit;
            return this;
        }

        /**
         * Sets which CIFAR-100 labels to use (default fine).
         *
         * @param labels fine or coarse
         * @return this builder
         */
        public Builder optCifar100Labels(Cifar100.LabelKind labels) {
            this.cifar100Labels = labels;
            return this;
        }

        /**
         * Resizes image-folder images to {@code size x size} (default: their own size, which must
         * then be the same for all).
         *
         * @param size the side in pixels, positive
         * @return this builder
         */
        public Builder optImageSize(int size) {
            this.imageSize = size;
            return this;
        }

        /**
         * Overrides the kind's default normalisation.
         *
         * @param normalization the per-channel mean and std
         * @return this builder
         */
        public Builder optNormalization(Normalization normalization) {
            this.normalization = normalization;
            return this;
        }

        /**
         * Checks the settings and builds the spec.
         *
         * @return the spec
         * @throws IllegalArgumentException naming the setting and its allowed values if one is out
         *     of range, or if no data directory is set and the kind has no default
         */
        public DatasetSpec build() {
            Objects.requireNonNull(kind, "dataset: setKind is required");
            if (dataDir == null) {
                dataDir =
                        kind.defaultDataDir()
                                .orElseThrow(
                                        () ->
                                                new IllegalArgumentException(
                                                        "data-dir: required for dataset "
                                                                + kind
                                                                + " (only fashion-mnist has a"
                                                                + " default)"));
            }
            if (!(validationFraction >= 0 && validationFraction < 1)) {
                throw new IllegalArgumentException(
                        "validation-fraction: must be in [0, 1), found " + validationFraction);
            }
            if (batchSize <= 0) {
                throw new IllegalArgumentException(
                        "batch-size: must be positive, found " + batchSize);
            }
            checkLimit("train-limit", trainLimit);
            checkLimit("validation-limit", validationLimit);
            checkLimit("test-limit", testLimit);
            if (imageSize != null && imageSize <= 0) {
                throw new IllegalArgumentException(
                        "image-size: must be positive, found " + imageSize);
            }
            if (imageSize != null && kind != DatasetKind.IMAGE_FOLDER) {
                throw new IllegalArgumentException(
                        "image-size: only for image-folder datasets, not " + kind);
            }
            return new DatasetSpec(this);
        }

        private static void checkLimit(String name, long limit) {
            if (limit <= 0) {
                throw new IllegalArgumentException(name + ": must be positive, found " + limit);
            }
        }
    }
}
