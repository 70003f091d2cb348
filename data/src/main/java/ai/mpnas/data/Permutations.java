package ai.mpnas.data;

import java.util.Random;

/** Seeded permutations and per-step random sources: the whole random state of a run is (seed, step). */
public final class Permutations {

    private Permutations() {}

    /**
     * Returns the shuffled order of an epoch, a pure function of its arguments.
     *
     * @param n the number of items
     * @param seed the run seed
     * @param stream which data stream (e.g. 0 training, 1 validation)
     * @param epoch the epoch
     * @return a permutation of 0..n-1
     */
    public static int[] epochOrder(int n, long seed, int stream, int epoch) {
        Random rng = new Random(mix(seed, stream, epoch));
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * Returns the random source of one step, a pure function of its arguments.
     *
     * @param seed the run seed
     * @param step the global step
     * @return the random source
     */
    public static Random forStep(long seed, long step) {
        return new Random(mix(seed, 2, step));
    }

    private static long mix(long seed, long stream, long index) {
        long h = seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + index;
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        return h ^ (h >>> 29);
    }
}
