package ai.mpnas.search.derive;

/**
 * Kendall's rank correlation tau-b of two paired samples, which counts ties: how well the
 * supernet's scores order candidates the way training them from scratch does. Over the n(n-1)/2
 * pairs, with C concordant and D discordant pairs, {@code n1} pairs tied in x and {@code n2} tied
 * in y: {@code tau_b = (C - D) / sqrt((n0 - n1) (n0 - n2))}. A pair tied in both counts in n1 and
 * n2 and in neither C nor D. Without ties it is tau-a, 1 for the same order and -1 for the
 * reverse.
 */
public final class KendallTau {

    private KendallTau() {}

    /**
     * Returns tau-b of the pairs {@code (x[i], y[i])}, by counting every pair (n is small: the
     * architectures of a ranking check).
     *
     * @param x the first values
     * @param y the second values, paired with {@code x}
     * @return tau-b in [-1, 1], or NaN if either sample is constant (no order to compare)
     * @throws IllegalArgumentException if the lengths differ, there are fewer than two pairs, or
     *     a value is NaN
     */
    public static double tauB(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException(
                    "Kendall's tau needs two samples of the same length, at least 2: got "
                            + x.length + " and " + y.length);
        }
        long concordant = 0;
        long discordant = 0;
        long tiedX = 0;
        long tiedY = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
                throw new IllegalArgumentException("Kendall's tau: pair " + i + " has a NaN");
            }
            for (int j = i + 1; j < x.length; j++) {
                int dx = order(x[i], x[j]);
                int dy = order(y[i], y[j]);
                tiedX += dx == 0 ? 1 : 0;
                tiedY += dy == 0 ? 1 : 0;
                if (dx != 0 && dy != 0) {
                    if (dx == dy) {
                        concordant++;
                    } else {
                        discordant++;
                    }
                }
            }
        }
        long pairs = (long) x.length * (x.length - 1) / 2;
        double denominator = Math.sqrt((double) (pairs - tiedX) * (pairs - tiedY));
        return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
    }

    /** -1, 0 or 1 as a is below, equal to (0.0 and -0.0 too) or above b. */
    private static int order(double a, double b) {
        return a < b ? -1 : a > b ? 1 : 0;
    }
}
