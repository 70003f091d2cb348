package ai.mpnas.bitfusion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The 120 loop orders in the order the simulator visits them, and their equivalence classes.
 *
 * <p>The simulator builds the orders as a Python {@code set} of permutations and keeps the first
 * order that reaches the optimum ({@code docs/bitfusion.md}, section "Tiling search"), so the
 * iteration order decides exact ties. The
 * table below is that iteration order under the reference run's {@code PYTHONHASHSEED=0} (CPython
 * 3.11); its first entry is the order the reference reports whenever all 120 orders tie.
 *
 * <p>Only loops with more than one tile change the promotion walk (a loop of count 1 multiplies by
 * 1 and keeps the buffer within capacity), and OW and OH always have equal counts and dependences.
 * So for a given set of active loops, orders fall into classes by the relative order of the active
 * loops with OH read as OW; every order in a class gives identical statistics.
 */
final class LoopOrders {

    /** Outer to inner, in the simulator's set-iteration order (see the class comment). */
    private static final String[] SET_ORDER = {
        "B OC OH IC OW", "IC OC OH OW B", "IC OH OC OW B", "OC IC B OW OH",
        "OC B OH IC OW", "OH OC IC OW B", "IC OH B OW OC", "OC IC OW B OH",
        "OH OC OW IC B", "B OC OW IC OH", "B IC OW OH OC", "OW OC B IC OH",
        "IC OC OW OH B", "B OC IC OW OH", "OW IC B OC OH", "B OH OW OC IC",
        "B OW OC IC OH", "OH B OC IC OW", "OH OC OW B IC", "OH OW IC B OC",
        "OW OH B OC IC", "OC OW OH IC B", "IC OW OH OC B", "OH OC IC B OW",
        "OW OH OC B IC", "B OC OW OH IC", "OW IC OC B OH", "OC OW B IC OH",
        "B OW OH IC OC", "OC IC B OH OW", "OC IC OH B OW", "OC IC OH OW B",
        "B OH OC OW IC", "OH IC OC OW B", "IC OC OW B OH", "OC OH B OW IC",
        "OW OH IC OC B", "OH OW OC B IC", "OC OH IC OW B", "OW OC IC OH B",
        "OC OH OW IC B", "OW OH IC B OC", "B OW OH OC IC", "OH OW IC OC B",
        "OC OH B IC OW", "OW OC OH IC B", "B OC IC OH OW", "OC IC OW OH B",
        "B IC OC OW OH", "B IC OC OH OW", "OW IC OH OC B", "B OC OH OW IC",
        "IC OC B OW OH", "OC B OH OW IC", "OC B IC OW OH", "OC B IC OH OW",
        "OW IC B OH OC", "OH B OW OC IC", "OH OC B IC OW", "IC OC OH B OW",
        "OC OW IC B OH", "OC OW IC OH B", "IC OW OH B OC", "OC B OW OH IC",
        "OW IC OC OH B", "OW B OH OC IC", "OH IC OW OC B", "OH IC OC B OW",
        "OC B OW IC OH", "IC OW B OC OH", "B OH IC OC OW", "OH IC B OC OW",
        "OC OH IC B OW", "OH IC OW B OC", "OH B OW IC OC", "OW B OC OH IC",
        "OH OW OC IC B", "OW B IC OH OC", "B OW IC OC OH", "IC OW B OH OC",
        "OW B OC IC OH", "IC OC B OH OW", "B OH IC OW OC", "OH IC B OW OC",
        "IC OW OC OH B", "B IC OW OC OH", "IC B OW OC OH", "OW IC OH B OC",
        "IC B OC OW OH", "OH B IC OW OC", "IC B OH OW OC", "OW OC B OH IC",
        "OW OC OH B IC", "OW OC IC B OH", "IC OH OW B OC", "OH OW B OC IC",
        "OW OH B IC OC", "IC B OW OH OC", "B OH OW IC OC", "B OW OC OH IC",
        "OW OH OC IC B", "OW B IC OC OH", "OH B OC OW IC", "B OH OC IC OW",
        "OC OW OH B IC", "IC OH B OC OW", "OH OC B OW IC", "IC OW OC B OH",
        "OH B IC OC OW", "B IC OH OC OW", "IC B OH OC OW", "IC OH OC B OW",
        "OC OW B OH IC", "OH OW B IC OC", "B IC OH OW OC", "OC OH OW B IC",
        "OW B OH IC OC", "B OW IC OH OC", "IC B OC OH OW", "IC OH OW OC B",
    };

    /** Number of orders. */
    static final int COUNT = SET_ORDER.length;

    private static final LoopOrder[] ORDERS = new LoopOrder[COUNT];

    /** [order][i]: loop ordinal at position i, innermost first. */
    private static final int[][] INNER_FIRST = new int[COUNT][];

    /** How many class keys there are: base-5 numbers of up to five digits ({@link #classKey}). */
    private static final int CLASS_KEYS = 5 * 5 * 5 * 5 * 5;

    /** [mask][class]: the active loop ordinals of the class, innermost first. */
    private static final int[][][] CLASS_LOOPS = new int[1 << 5][][];

    /** [mask][class]: index of the first order (in set order) of the class; ascending. */
    private static final int[][] CLASS_FIRST_ORDER = new int[1 << 5][];

    static {
        Loop[] loops = Loop.values();
        for (int i = 0; i < COUNT; i++) {
            String[] names = SET_ORDER[i].split(" ");
            List<Loop> outerToInner = new ArrayList<>();
            for (String name : names) {
                outerToInner.add(Loop.valueOf(name));
            }
            ORDERS[i] = new LoopOrder(outerToInner);
            int[] inner = new int[loops.length];
            for (int j = 0; j < loops.length; j++) {
                inner[j] = outerToInner.get(loops.length - 1 - j).ordinal();
            }
            INNER_FIRST[i] = inner;
        }
        // Plain loops, not streams and string keys: this runs in every JVM that prices a layer,
        // interpreted, and streams made it take tens of milliseconds of a short `mpnas cost`.
        for (int mask = 0; mask < (1 << 5); mask++) {
            int[][] classLoops = new int[COUNT][];
            int[] classFirst = new int[COUNT];
            boolean[] seen = new boolean[CLASS_KEYS];
            int classes = 0;
            for (int i = 0; i < COUNT; i++) {
                int[] active = activeLoops(INNER_FIRST[i], mask);
                int key = classKey(active);
                if (!seen[key]) {
                    seen[key] = true;
                    classFirst[classes] = i;
                    classLoops[classes] = active;
                    classes++;
                }
            }
            CLASS_LOOPS[mask] = Arrays.copyOf(classLoops, classes);
            CLASS_FIRST_ORDER[mask] = Arrays.copyOf(classFirst, classes);
        }
    }

    /** The loops of an order (innermost first) that are active in the mask, in the same order. */
    private static int[] activeLoops(int[] innerFirst, int mask) {
        int[] active = new int[Integer.bitCount(mask)];
        int n = 0;
        for (int loop : innerFirst) {
            if ((mask & (1 << loop)) != 0) {
                active[n++] = loop;
            }
        }
        return active;
    }

    /**
     * The class of an order: its active loops in order, OH read as OW (OW and OH have equal counts
     * and dependences, so they are interchangeable), as the digits of a base-5 number.
     */
    private static int classKey(int[] active) {
        int key = 0;
        for (int loop : active) {
            key = key * 5 + (loop == Loop.OH.ordinal() ? Loop.OW.ordinal() : loop);
        }
        return key;
    }

    private LoopOrders() {}

    /** Returns the order at a set-iteration index. */
    static LoopOrder order(int index) {
        return ORDERS[index];
    }

    /** Returns the loop ordinals of an order, innermost first (shared array: do not modify). */
    static int[] innerFirst(int index) {
        return INNER_FIRST[index];
    }

    /** Returns the classes' active loops, innermost first, for a mask of loops with count > 1. */
    static int[][] classLoops(int mask) {
        return CLASS_LOOPS[mask];
    }

    /** Returns the classes' first order indexes (ascending) for a mask of loops with count > 1. */
    static int[] classFirstOrder(int mask) {
        return CLASS_FIRST_ORDER[mask];
    }
}
