package ai.mpnas.search.policy;

/**
 * Arithmetic on arrays shaped like a policy's logits, indexed [block][decision][value] (see
 * {@link ArchitecturePolicy#zerosLike()}): gradients and their estimates.
 */
public final class LogitArrays {

    private LogitArrays() {}

    /**
     * Adds {@code scale * x} to {@code target} in place.
     *
     * @param target the array to add to
     * @param x the array to add, shaped like {@code target}
     * @param scale the factor
     */
    public static void addScaled(double[][][] target, double[][][] x, double scale) {
        for (int b = 0; b < target.length; b++) {
            for (int d = 0; d < target[b].length; d++) {
                for (int j = 0; j < target[b][d].length; j++) {
                    target[b][d][j] += scale * x[b][d][j];
                }
            }
        }
    }

    /**
     * Returns the dot product of two arrays of the same shape.
     *
     * @param x one array
     * @param y the other
     * @return the sum of their elementwise products
     */
    public static double dot(double[][][] x, double[][][] y) {
        double sum = 0;
        for (int b = 0; b < x.length; b++) {
            for (int d = 0; d < x[b].length; d++) {
                for (int j = 0; j < x[b][d].length; j++) {
                    sum += x[b][d][j] * y[b][d][j];
                }
            }
        }
        return sum;
    }

    /**
     * Returns the Euclidean norm of an array.
     *
     * @param x the array
     * @return its norm
     */
    public static double norm(double[][][] x) {
        return Math.sqrt(dot(x, x));
    }

    /** The index of the largest value (the first on a tie). */
    static int argmax(double[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }
}
