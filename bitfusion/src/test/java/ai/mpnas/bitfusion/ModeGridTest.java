package ai.mpnas.bitfusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** One geometry's precision modes, priced once however many threads ask at the same time. */
class ModeGridTest {

    private static final AcceleratorConfig CONFIG = AcceleratorConfig.bitFusion45nm();
    private static final List<Integer> WIDTHS = CONFIG.supportedWidths();
    private static final Layer GEOMETRY = MobileNetV2Layers.layers(8, 8, 1).get(3);
    private static final CostModel EXACT = original(BitModes.EXACT);
    private static final CostModel CHEAPEST = original(BitModes.CHEAPEST);

    private static CostModel original(BitModes modes) {
        return CostModel.builder().setKind(CostModelKind.ORIGINAL).optBitModes(modes).build();
    }

    @Test
    void threadsAskingTogetherPriceEveryModeOnceAndGetTheCheapestModesAssignment()
            throws Exception {
        for (int round = 0; round < 20; round++) {
            ModeGrid grid = new ModeGrid(GEOMETRY, WIDTHS);
            Map<Layer, AtomicInteger> priced = new ConcurrentHashMap<>();
            Function<Layer, LayerCost> pricer =
                    layer -> {
                        priced.computeIfAbsent(layer, l -> new AtomicInteger()).incrementAndGet();
                        return EXACT.cost(layer);
                    };
            List<LayerCost[][]> results = askTogether(grid, pricer, 4);
            assertEquals(WIDTHS.size() * WIDTHS.size(), priced.size(), "modes priced");
            priced.forEach((layer, n) -> assertEquals(1, n.get(), "times " + layer + " priced"));
            for (LayerCost[][] result : results) {
                assertSame(results.get(0), result, "one assignment for every thread");
            }
            for (int w = 0; w < WIDTHS.size(); w++) {
                for (int a = 0; a < WIDTHS.size(); a++) {
                    Layer layer = GEOMETRY.withBits(WIDTHS.get(w), WIDTHS.get(a));
                    assertEquals(CHEAPEST.cost(layer), results.get(0)[w][a], layer.toString());
                }
            }
        }
    }

    @Test
    void aModeThatFitsNoTilingIsMissingNotAFailure() {
        Layer narrowest = GEOMETRY.withBits(WIDTHS.get(0), WIDTHS.get(0));
        ModeGrid grid = new ModeGrid(GEOMETRY, WIDTHS);
        LayerCost[][] assignment =
                grid.assignment(
                        layer -> {
                            if (layer.equals(narrowest)) {
                                throw new LayerCostException("no tiling fits (test)");
                            }
                            return EXACT.cost(layer);
                        });
        // (2, 2) takes a wider mode; no mode is as narrow as (2, 2) any more, so none is cheaper
        LayerCost chosen = assignment[0][0];
        assertTrue(chosen.runWbits() > 2 || chosen.runAbits() > 2, chosen.toString());
    }

    @Test
    void aFailureReachesEveryThreadThatAskedAndNoneWaitsForever() {
        assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> {
                    IllegalStateException bug = new IllegalStateException("a bug (test)");
                    Layer failing = GEOMETRY.withBits(WIDTHS.get(1), WIDTHS.get(2));
                    ModeGrid grid = new ModeGrid(GEOMETRY, WIDTHS);
                    Function<Layer, LayerCost> pricer =
                            layer -> {
                                if (layer.equals(failing)) {
                                    throw bug;
                                }
                                return EXACT.cost(layer);
                            };
                    ExecutorService pool = Executors.newFixedThreadPool(3);
                    try {
                        List<Future<LayerCost[][]>> asks = new ArrayList<>();
                        for (int t = 0; t < 3; t++) {
                            asks.add(pool.submit(() -> grid.assignment(pricer)));
                        }
                        for (Future<LayerCost[][]> ask : asks) {
                            Exception e = assertThrows(Exception.class, ask::get);
                            assertSame(bug, e.getCause());
                        }
                    } finally {
                        pool.shutdownNow();
                    }
                    assertSame(bug, assertThrows(IllegalStateException.class,
                            () -> grid.assignment(pricer)));
                });
    }

    @Test
    void anAssignmentOnceSolvedIsNotPricedAgain() {
        ModeGrid grid = new ModeGrid(GEOMETRY, WIDTHS);
        LayerCost[][] first = grid.assignment(EXACT::cost);
        LayerCost[][] again =
                grid.assignment(
                        layer -> {
                            throw new AssertionError("priced again: " + layer);
                        });
        assertSame(first, again);
    }

    private static List<LayerCost[][]> askTogether(
            ModeGrid grid, Function<Layer, LayerCost> pricer, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<LayerCost[][]>> asks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                asks.add(
                        pool.submit(
                                () -> {
                                    start.await();
                                    return grid.assignment(pricer);
                                }));
            }
            start.countDown();
            List<LayerCost[][]> results = new ArrayList<>();
            for (Future<LayerCost[][]> ask : asks) {
                results.add(ask.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
