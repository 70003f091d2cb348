package ai.mpnas.data;

import java.util.Arrays;
import java.util.Random;

/**
 * A deterministic split of a training set into a training part and a held-out validation part.
 *
 * <p>The validation part is {@code round(size * fraction)} indices chosen by a Fisher-Yates shuffle
 * seeded with {@code seed} ({@link Random}, whose sequence the Java specification fixes, so the
 * split is the same on every machine); the rest is the training part. Both are sorted ascending,
 * disjoint and together cover {@code 0..size-1}.
 *
 * @param train the indices of the training part, ascending
 * @param validation the indices of the validation part, ascending
 */
public record SplitPlan(long[] train, long[] validation) {

    /**
     * Copies the index arrays.
     *
     * @param train the training indices
     * @param validation the validation indices
     */
    public SplitPlan {
        train = train.clone();
        validation = validation.clone();
    }

    /**
     * Splits {@code 0..size-1}.
     *
     * @param size the number of samples in the training set
     * @param validationFraction the fraction held out for validation, in [0, 1)
     * @param seed the seed of the shuffle
     * @return the split
     * @throws IllegalArgumentException if the fraction is outside [0, 1) or size is negative
     */
    public static SplitPlan of(int size, double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException(
                    "validation fraction must be in [0, 1), found " + validationFraction);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, found " + size);
        }
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int held = (int) Math.round(size * validationFraction);
        long[] validation = Arrays.stream(order, 0, held).asLongStream().sorted().toArray();
        long[] train = Arrays.stream(order, held, size).asLongStream().sorted().toArray();
        return new SplitPlan(train, validation);
    }

    /**
     * Returns a copy of the training indices.
     *
     * @return the indices, ascending
     */
    @Override
    public long[] train() {
        return train.clone();
    }

    /**
     * Returns a copy of the validation indices.
     *
     * @return the indices, ascending
     */
    @Override
    public long[] validation() {
        return validation.clone();
    }

    /** {@inheritDoc} */
    @Override
    public boolean equals(Object o) {
        return o instanceof SplitPlan s
                && Arrays.equals(train, s.train)
                && Arrays.equals(validation, s.validation);
    }

    /** {@inheritDoc} */
    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(train) + Arrays.hashCode(validation);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "SplitPlan[train=" + train.length + ", validation=" + validation.length + "]";
    }
}
