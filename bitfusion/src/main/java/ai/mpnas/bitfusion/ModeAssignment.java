package ai.mpnas.bitfusion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the precision mode of every (w, a) of one layer geometry under {@link
 * BitModes#CHEAPEST} ({@code docs/bitfusion.md}, section "Precision modes").
 *
 * <p>Why not simply the least-energy mode of each (w, a): a mode with less energy can take more
 * cycles, so fewer bits could then cost more latency. The modes are therefore chosen together,
 * widest first: each (w, a) takes the least-energy mode at least as wide as its operands that
 * costs no more energy and no more cycles than the modes chosen for one width step more of either
 * operand. When no such mode remains, the choices above are revised (a depth-first search in that
 * order); one always exists, since pricing every (w, a) at the widest mode is monotone.
 */
final class ModeAssignment {

    private final LayerCost[][] exact;
    private final int n;
    private final LayerCost[][] chosen;
    private final List<List<LayerCost>> candidates = new ArrayList<>();

    private ModeAssignment(LayerCost[][] exact) {
        this.exact = exact;
        this.n = exact.length;
        this.chosen = new LayerCost[n][n];
    }

    /**
     * Returns the chosen cost of every (w, a).
     *
     * @param exact the cost of each supported mode priced as declared, null where no tiling fits;
     *     indices are positions in the supported widths, weights first
     * @return the cost each (w, a) is priced at, null where no mode at least as wide fits
     */
    static LayerCost[][] solve(LayerCost[][] exact) {
        ModeAssignment a = new ModeAssignment(exact);
        for (int node = 0; node < a.n * a.n; node++) {
            a.candidates.add(a.candidatesOf(a.row(node), a.col(node)));
        }
        if (!a.assign(0)) {
            throw new AssertionError("no monotone assignment; the widest mode always is one");
        }
        return a.chosen;
    }

    // Nodes in the search order: widest weights first, then widest activations.
    private int row(int node) {
        return n - 1 - node / n;
    }

    private int col(int node) {
        return n - 1 - node % n;
    }

    private List<LayerCost> candidatesOf(int w, int a) {
        List<LayerCost> list = new ArrayList<>();
        for (int x = w; x < n; x++) {
            for (int y = a; y < n; y++) {
                if (exact[x][y] != null) {
                    list.add(exact[x][y]);
                }
            }
        }
        // Least energy, then fewest cycles, then the narrowest mode (the list's order is stable).
        list.sort(
                Comparator.comparingDouble(LayerCost::energyTotalNj)
                        .thenComparingLong(LayerCost::totalCycles));
        return list;
    }

    private boolean assign(int node) {
        if (node == n * n) {
            return true;
        }
        int w = row(node);
        int a = col(node);
        LayerCost upW = w + 1 < n ? chosen[w + 1][a] : null;
        LayerCost upA = a + 1 < n ? chosen[w][a + 1] : null;
        List<LayerCost> list = candidates.get(node);
        if (list.isEmpty()) {
            chosen[w][a] = null;
            return assign(node + 1);
        }
        for (LayerCost c : list) {
            if (noDearer(c, upW) && noDearer(c, upA)) {
                chosen[w][a] = c;
                if (assign(node + 1)) {
                    return true;
                }
            }
        }
        chosen[w][a] = null;
        return false;
    }

    private static boolean noDearer(LayerCost c, LayerCost bound) {
        return bound == null
                || (c.energyTotalNj() <= bound.energyTotalNj()
                        && c.totalCycles() <= bound.totalCycles());
    }
}
