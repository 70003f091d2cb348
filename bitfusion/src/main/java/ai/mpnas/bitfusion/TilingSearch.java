package ai.mpnas.bitfusion;

/**
 * The tiling search ({@code docs/bitfusion.md}, section "Tiling search"): candidate tiles in the
 * simulator's nesting (b, then o, then
 * ic, then oc), every loop order, fewest cycles first, then strictly lower energy, and the first
 * (order, candidate) in the simulator's iteration order on an exact tie.
 */
final class TilingSearch {

    /** The winning tiling and the set-iteration index of the winning order. */
    record Choice(Tiling tiling, int orderIndex) {}

    private TilingSearch() {}

    /** The candidate tile sizes of one loop dimension, in the simulator's order. */
    private static int[] sizes(int extent, int step, int candidates) {
        int[] sizes = new int[candidates];
        for (int i = 0; i < candidates; i++) {
            sizes[i] = (int) Math.min((long) step << i, extent);
        }
        return sizes;
    }

    private static int[] batchSizes(DenseCall c) {
        return sizes(c.batch(), 1, Arith.candidates(c.batch()));
    }

    private static int[] outSizes(DenseCall c) {
        return sizes(c.o(), 1, Arith.candidates(c.o()));
    }

    private static int[] icSizes(DenseCall c) {
        return sizes(c.ic(), 1, Arith.candidates(c.ic()));
    }

    private static int[] ocSizes(DenseCall c, int m) {
        // oc steps in multiples of M, except with im2col where it steps from 1.
        return c.im2col()
                ? sizes(c.oc(), 1, Arith.candidates(c.oc()))
                : sizes(c.oc(), m, Arith.candidates(Arith.ceilDiv(c.oc(), m)));
    }

    /** A quirk kept: tile counts are ceilings and the last, partial tile is charged in full. */
    private static int count(int extent, int tile) {
        return (int) Arith.ceilDiv(extent, tile);
    }

    /**
     * The reference search: for every order in set-iteration order, every candidate priced with
     * {@link DenseModel#evaluate}; per order the first strictly better candidate is kept, then
     * across orders the first strictly better order. Returns null if nothing fits.
     */
    static Choice exhaustive(DenseCall c, DenseModel model) {
        int[] bs = batchSizes(c);
        int[] os = outSizes(c);
        int[] ics = icSizes(c);
        int[] ocs = ocSizes(c, model.config().cols());
        Choice best = null;
        long bestCycles = 0;
        double bestEnergy = 0;
        for (int order = 0; order < LoopOrders.COUNT; order++) {
            Tiling orderBest = null;
            long orderCycles = 0;
            double orderEnergy = 0;
            for (int b : bs) {
                for (int o : os) {
                    for (int ic : ics) {
                        for (int oc : ocs) {
                            Tiling t =
                                    new Tiling(
                                            b,
                                            count(c.batch(), b),
                                            o,
                                            count(c.o(), o),
                                            ic,
                                            count(c.ic(), ic),
                                            oc,
                                            count(c.oc(), oc));
                            TileCost cost = model.evaluate(c, t, LoopOrders.order(order));
                            if (cost == null) {
                                continue;
                            }
                            long cycles = cost.totalCycles();
                            double energy = cost.energy().totalNj();
                            if (orderBest == null
                                    || orderCycles > cycles
                                    || (orderCycles == cycles && orderEnergy > energy)) {
                                orderBest = t;
                                orderCycles = cycles;
                                orderEnergy = energy;
                            }
                        }
                    }
                }
            }
            if (orderBest != null
                    && (best == null
                            || bestCycles > orderCycles
                            || (bestCycles == orderCycles && bestEnergy > orderEnergy))) {
                best = new Choice(orderBest, order);
                bestCycles = orderCycles;
                bestEnergy = orderEnergy;
            }
        }
        return best;
    }

    /**
     * The fast search. It finds the lexicographic minimum of (cycles, energy, order index,
     * candidate index), which is exactly what the reference search's two levels of "first strictly
     * better" keep. Each candidate is priced once per class of equivalent orders (all orders in a
     * class give identical statistics; the class stands for its first order), and a candidate is
     * skipped when its cycle lower bound is strictly above the best cycles found. Returns null if
     * nothing fits.
     */
    static Choice pruned(DenseCall c, DenseModel model) {
        int[] bs = batchSizes(c);
        int[] os = outSizes(c);
        int[] ics = icSizes(c);
        int[] ocs = ocSizes(c, model.config().cols());
        DenseModel.FastEvaluator eval = model.fastEvaluator(c);
        long[] counts = new long[5];
        long bestCycles = Long.MAX_VALUE;
        double bestEnergy = Double.POSITIVE_INFINITY;
        int bestOrder = Integer.MAX_VALUE;
        Tiling bestTiling = null;
        for (int b : bs) {
            counts[Loop.B.ordinal()] = count(c.batch(), b);
            for (int o : os) {
                counts[Loop.OW.ordinal()] = count(c.o(), o);
                counts[Loop.OH.ordinal()] = counts[Loop.OW.ordinal()];
                for (int ic : ics) {
                    counts[Loop.IC.ordinal()] = count(c.ic(), ic);
                    for (int oc : ocs) {
                        counts[Loop.OC.ordinal()] = count(c.oc(), oc);
                        if (!eval.setTile(b, o, ic, oc, counts)) {
                            continue;
                        }
                        if (eval.cyclesLowerBound() > bestCycles) {
                            continue;
                        }
                        int mask = 0;
                        for (int l = 0; l < 5; l++) {
                            if (counts[l] > 1) {
                                mask |= 1 << l;
                            }
                        }
                        int[][] classes = LoopOrders.classLoops(mask);
                        int[] firstOrder = LoopOrders.classFirstOrder(mask);
                        boolean improved = false;
                        for (int k = 0; k < classes.length; k++) {
                            long cycles = eval.cycles(classes[k]);
                            if (cycles > bestCycles) {
                                continue;
                            }
                            double energy = eval.energy();
                            if (cycles < bestCycles
                                    || energy < bestEnergy
                                    || (energy == bestEnergy && firstOrder[k] < bestOrder)) {
                                bestCycles = cycles;
                                bestEnergy = energy;
                                bestOrder = firstOrder[k];
                                improved = true;
                            }
                        }
                        if (improved) {
                            bestTiling =
                                    new Tiling(
                                            b,
                                            (int) counts[0],
                                            o,
                                            (int) counts[1],
                                            ic,
                                            (int) counts[3],
                                            oc,
                                            (int) counts[4]);
                        }
                    }
                }
            }
        }
        return bestTiling == null ? null : new Choice(bestTiling, bestOrder);
    }
}
