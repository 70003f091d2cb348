package ai.mpnas.bitfusion;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The twelve access counters of a cost result, in bits, named as in the reference outputs.
 *
 * @param ibufRead bits read from IBUF into the array
 * @param ibufWrite bits written into IBUF (DRAM fills)
 * @param wbufRead bits read from WBUF into the array
 * @param wbufWrite bits written into WBUF (DRAM fills)
 * @param obufRead bits read from OBUF
 * @param obufWrite bits written into OBUF
 * @param dramRead bits read from DRAM
 * @param dramWrite bits written to DRAM
 * @param dramReadIntoIbuf the part of the DRAM reads that fills IBUF
 * @param dramReadIntoWbuf the part of the DRAM reads that fills WBUF
 * @param dramReadIntoObuf the part of the DRAM reads that reloads partial sums into OBUF
 * @param dramWriteFromObuf the DRAM writes, all drained from OBUF
 */
public record AccessBits(
        long ibufRead,
        long ibufWrite,
        long wbufRead,
        long wbufWrite,
        long obufRead,
        long obufWrite,
        long dramRead,
        long dramWrite,
        long dramReadIntoIbuf,
        long dramReadIntoWbuf,
        long dramReadIntoObuf,
        long dramWriteFromObuf) {

    /** The counter names in the reference outputs, in record order. */
    public static final List<String> NAMES =
            List.of(
                    "ibuf_read",
                    "ibuf_write",
                    "wbuf_read",
                    "wbuf_write",
                    "obuf_read",
                    "obuf_write",
                    "dram_read",
                    "dram_write",
                    "dram_read_into_ibuf",
                    "dram_read_into_wbuf",
                    "dram_read_into_obuf",
                    "dram_write_from_obuf");

    /** All counters zero, the neutral element of {@link #plus}. */
    public static final AccessBits ZERO = new AccessBits(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * Returns every counter multiplied by n (the simulator's {@code Stats * n}).
     *
     * @param n the multiplier
     * @return the scaled counters
     * @throws ArithmeticException if a counter overflows 64 bits
     */
    public AccessBits times(long n) {
        long[] v = toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.multiplyExact(v[i], n);
        }
        return fromArray(v);
    }

    /**
     * Returns the counter-wise sum.
     *
     * @param other the counters to add
     * @return the sum
     * @throws ArithmeticException if a counter overflows 64 bits
     */
    public AccessBits plus(AccessBits other) {
        long[] a = toArray();
        long[] b = other.toArray();
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.addExact(a[i], b[i]);
        }
        return fromArray(a);
    }

    /**
     * Returns the counters keyed by their reference names, in {@link #NAMES} order.
     *
     * @return an ordered map
     */
    public Map<String, Long> toMap() {
        long[] v = toArray();
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i++) {
            map.put(NAMES.get(i), v[i]);
        }
        return map;
    }

    /**
     * Returns the counters in {@link #NAMES} order.
     *
     * @return a new array of 12 counters
     */
    public long[] toArray() {
        return new long[] {
            ibufRead,
            ibufWrite,
            wbufRead,
            wbufWrite,
            obufRead,
            obufWrite,
            dramRead,
            dramWrite,
            dramReadIntoIbuf,
            dramReadIntoWbuf,
            dramReadIntoObuf,
            dramWriteFromObuf
        };
    }

    /**
     * Builds counters from an array in {@link #NAMES} order.
     *
     * @param v 12 counters
     * @return the record
     */
    public static AccessBits fromArray(long[] v) {
        if (v.length != NAMES.size()) {
            throw new IllegalArgumentException("expected 12 counters, got " + v.length);
        }
        return new AccessBits(
                v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]);
    }
}
