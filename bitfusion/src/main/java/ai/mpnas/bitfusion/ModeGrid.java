package ai.mpnas.bitfusion;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The precision-mode assignment of one layer geometry under {@link BitModes#CHEAPEST}, computed
 * once however many threads ask for it at the same time.
 *
 * <p>The assignment needs the geometry priced in every supported (w, a) mode. Threads that ask
 * while those prices are missing share them out: each takes modes nobody has taken yet and prices
 * them, then waits for the modes others took. So two threads that meet on layers of one geometry
 * (a layers file lists a geometry at several bit widths in a row) split its modes instead of each
 * pricing all of them, or one waiting idle for the other.
 */
final class ModeGrid {

    private final Layer geometry;
    private final List<Integer> widths;
    private final int n;
    private final LayerCost[] exact;
    private final AtomicInteger nextMode = new AtomicInteger();
    private final CountDownLatch unpriced;
    private volatile Throwable failure;
    private volatile LayerCost[][] assignment;

    /**
     * Creates an empty grid; nothing is priced until {@link #assignment} is called.
     *
     * @param geometry the layer (its bits are ignored)
     * @param widths the supported operand widths, narrowest first
     */
    ModeGrid(Layer geometry, List<Integer> widths) {
        this.geometry = geometry;
        this.widths = widths;
        this.n = widths.size();
        this.exact = new LayerCost[n * n];
        this.unpriced = new CountDownLatch(n * n);
    }

    /**
     * Returns the cost each (w, a) is priced at ({@link ModeAssignment#solve}), helping to price
     * the modes first if they are not all priced yet.
     *
     * @param priceExactly prices the geometry in exactly the mode it declares; throws {@link
     *     LayerCostException} when no tiling fits
     * @return the assignment, indexed by positions in the widths, weights first
     */
    LayerCost[][] assignment(Function<Layer, LayerCost> priceExactly) {
        LayerCost[][] result = assignment;
        if (result != null) {
            return result;
        }
        for (int mode = nextMode.getAndIncrement();
                mode < exact.length;
                mode = nextMode.getAndIncrement()) {
            price(mode, priceExactly);
        }
        awaitOthers();
        rethrowFailure();
        synchronized (this) {
            if (assignment == null) {
                assignment = ModeAssignment.solve(grid());
            }
            return assignment;
        }
    }

    private void price(int mode, Function<Layer, LayerCost> priceExactly) {
        Layer layer = geometry.withBits(widths.get(mode / n), widths.get(mode % n));
        try {
            exact[mode] = priceExactly.apply(layer);
        } catch (LayerCostException e) {
            exact[mode] = null; // this mode fits no tiling; a wider one may
        } catch (RuntimeException | Error e) {
            failure = e; // not a missing mode: every thread that asks rethrows it
        } finally {
            // whatever happened, the mode is done: no thread waits for it forever
            unpriced.countDown();
        }
    }

    private void awaitOthers() {
        boolean interrupted = false;
        while (true) {
            try {
                // every mode was taken by a thread that prices it before it waits itself, so this
                // ends even when the other threads are interrupted
                unpriced.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void rethrowFailure() {
        Throwable e = failure;
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
    }

    // The latch's countDown/await order makes every thread's writes to exact visible here.
    private LayerCost[][] grid() {
        LayerCost[][] grid = new LayerCost[n][n];
        for (int mode = 0; mode < exact.length; mode++) {
            grid[mode / n][mode % n] = exact[mode];
        }
        return grid;
    }
}
