package ai.mpnas.data;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;

/**
 * A {@link Sampler.SubSampler} whose order in epoch e is a fixed function of (seed, e).
 *
 * <p>DJL's {@code RandomSampler} draws from a process-wide random generator, so the order of an
 * epoch depends on everything else that drew before it; a resumed run could not replay it. Each
 * call to {@link #sample(RandomAccessDataset)} starts the next epoch; {@link #setEpoch(long)} moves
 * to a given epoch, for resuming.
 */
public final class SeededShuffleSampler implements Sampler.SubSampler {

    private final long seed;
    private long epoch;

    /**
     * Constructs a sampler that starts at epoch 0.
     *
     * @param seed the seed
     */
    public SeededShuffleSampler(long seed) {
        this.seed = seed;
    }

    /**
     * Returns the epoch the next {@link #sample(RandomAccessDataset)} call will shuffle for.
     *
     * @return the epoch, from 0
     */
    public synchronized long getEpoch() {
        return epoch;
    }

    /**
     * Sets the epoch the next {@link #sample(RandomAccessDataset)} call will shuffle for.
     *
     * @param epoch the epoch, from 0
     */
    public synchronized void setEpoch(long epoch) {
        this.epoch = epoch;
    }

    /** {@inheritDoc} */
    @Override
    public Iterator<Long> sample(RandomAccessDataset dataset) {
        long e;
        synchronized (this) {
            e = epoch++;
        }
        int size = Math.toIntExact(dataset.size());
        long[] order = new long[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        // java.util.Random's sequence is fixed by the Java specification, so an epoch's order is
        // the same on every JVM; the odd multiplier spreads nearby epochs over the seed space.
        Random random = new Random(seed + 0x9E3779B97F4A7C15L * (e + 1));
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return Arrays.stream(order).iterator();
    }
}
