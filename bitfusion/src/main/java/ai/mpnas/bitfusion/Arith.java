package ai.mpnas.bitfusion;

/** Exact integer helpers for the cost models. */
final class Arith {

    private Arith() {}

    /** ceil(a / b) for b > 0, as the simulator's {@code ceil_a_by_b} on exact integers. */
    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /**
     * ceil(log2 x) + 1 candidates, in the exact integer form bitlength(x - 1) + 1
     * (docs/bitfusion.md, "Tiling search").
     */
    static int candidates(long x) {
        return 64 - Long.numberOfLeadingZeros(x - 1) + 1;
    }

    /** Product that fails loudly instead of wrapping around. */
    static long mul(long a, long b) {
        return Math.multiplyExact(a, b);
    }

    /** Product of several factors that fails loudly instead of wrapping around. */
    static long mul(long a, long b, long c) {
        return Math.multiplyExact(Math.multiplyExact(a, b), c);
    }

    /** Product of several factors that fails loudly instead of wrapping around. */
    static long mul(long a, long b, long c, long d) {
        return Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(a, b), c), d);
    }

    /** The next power of two at or above x (x >= 1). */
    static long nextPowerOfTwo(long x) {
        return x <= 1 ? 1 : Long.highestOneBit(x - 1) << 1;
    }
}
