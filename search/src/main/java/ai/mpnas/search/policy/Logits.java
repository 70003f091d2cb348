package ai.mpnas.search.policy;

import java.util.Arrays;

/**
 * Numbers shaped like a policy's logits: per searchable block and {@link Decision}, one double per
 * value the decision may take there. The policy's logits, their gradients, the Gumbel noise of a
 * sample and Adam's moments all have this shape.
 *
 * <p>Copy semantics: arrays never cross the boundary uncopied. {@link #of} copies what it is
 * given, {@link #get} and {@link #toArray} return copies, {@link #copy} and {@link #zerosLike} are
 * new instances. The only public mutation is in place and says so: {@link #set} and {@link
 * #addScaled}. Equality is elementwise ({@link Arrays#deepEquals}).
 */
public final class Logits {

    private static final int DECISIONS = Decision.values().length;

    private final double[][][] values;

    private Logits(double[][][] values) {
        this.values = values;
    }

    /**
     * Returns logits holding a copy of an array.
     *
     * @param values indexed [block][decision ordinal][value], one row per {@link Decision}
     * @return the logits
     * @throws IllegalArgumentException if a block does not have one row per decision
     */
    public static Logits of(double[][][] values) {
        double[][][] copy = new double[values.length][][];
        for (int b = 0; b < values.length; b++) {
            if (values[b] == null || values[b].length != DECISIONS) {
                throw new IllegalArgumentException("block " + b + ": "
                        + (values[b] == null ? "no" : String.valueOf(values[b].length))
                        + " rows of values, expected one per decision (" + DECISIONS + ")");
            }
            copy[b] = new double[DECISIONS][];
            for (int d = 0; d < DECISIONS; d++) {
                copy[b][d] = values[b][d].clone();
            }
        }
        return new Logits(copy);
    }

    /** Wraps an array without copying it: for the package's own freshly built arrays. */
    static Logits wrap(double[][][] values) {
        return new Logits(values);
    }

    /**
     * Returns the number of blocks.
     *
     * @return the number of blocks
     */
    public int numBlocks() {
        return values.length;
    }

    /**
     * Returns a copy of the values of a decision at a block.
     *
     * @param block the block index
     * @param decision the decision
     * @return the values, in the decision's value order
     */
    public double[] get(int block, Decision decision) {
        return values[block][decision.ordinal()].clone();
    }

    /**
     * Replaces the values of a decision at a block, in place.
     *
     * @param block the block index
     * @param decision the decision
     * @param newValues the values, as many as the row has
     * @throws IllegalArgumentException if the length differs
     */
    public void set(int block, Decision decision, double[] newValues) {
        double[] target = row(block, decision.ordinal());
        if (newValues.length != target.length) {
            throw new IllegalArgumentException("block " + block + " decision '" + decision.key()
                    + "': " + newValues.length + " values for " + target.length);
        }
        System.arraycopy(newValues, 0, target, 0, target.length);
    }

    /**
     * The live row of a decision at a block, for the package's arithmetic; callers outside the
     * package go through {@link #get} and {@link #set}.
     */
    double[] row(int block, int decision) {
        return values[block][decision];
    }

    /**
     * Returns a deep copy.
     *
     * @return the copy
     */
    public Logits copy() {
        return of(values);
    }

    /**
     * Returns zeros of the same shape.
     *
     * @return the zeros
     */
    public Logits zerosLike() {
        double[][][] z = new double[values.length][DECISIONS][];
        for (int b = 0; b < values.length; b++) {
            for (int d = 0; d < DECISIONS; d++) {
                z[b][d] = new double[values[b][d].length];
            }
        }
        return new Logits(z);
    }

    /**
     * Returns a deep copy as a plain array (what the checkpoint's JSON holds).
     *
     * @return the values, indexed [block][decision ordinal][value]
     */
    public double[][][] toArray() {
        return copy().values;
    }

    /**
     * Adds {@code scale * x} to these values, in place.
     *
     * @param x values of the same shape
     * @param scale the factor
     */
    public void addScaled(Logits x, double scale) {
        for (int b = 0; b < values.length; b++) {
            for (int d = 0; d < DECISIONS; d++) {
                double[] target = values[b][d];
                double[] add = x.values[b][d];
                for (int j = 0; j < target.length; j++) {
                    target[j] += scale * add[j];
                }
            }
        }
    }

    /**
     * Returns the dot product with values of the same shape.
     *
     * @param y the other values
     * @return the sum of the elementwise products
     */
    public double dot(Logits y) {
        double sum = 0;
        for (int b = 0; b < values.length; b++) {
            for (int d = 0; d < DECISIONS; d++) {
                double[] xs = values[b][d];
                double[] ys = y.values[b][d];
                for (int j = 0; j < xs.length; j++) {
                    sum += xs[j] * ys[j];
                }
            }
        }
        return sum;
    }

    /**
     * Returns the Euclidean norm.
     *
     * @return the norm
     */
    public double norm() {
        return Math.sqrt(dot(this));
    }

    /** The index of the largest value of a row (the first on a tie). */
    static int argmax(double[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    /** {@inheritDoc} */
    @Override
    public boolean equals(Object o) {
        return o instanceof Logits other && Arrays.deepEquals(values, other.values);
    }

    /** {@inheritDoc} */
    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return Arrays.deepToString(values);
    }
}
