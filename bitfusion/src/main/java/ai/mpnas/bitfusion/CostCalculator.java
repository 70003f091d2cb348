package ai.mpnas.bitfusion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Costs layers and networks with one {@link CostModel}: memoised per distinct layer (a thread-safe
 * cache, since a search prices the same layer many times) and in parallel over lists.
 *
 * <pre>{@code
 * CostCalculator calc = CostCalculator.builder()
 *         .setModel(CostModel.builder().setKind(CostModelKind.APQ).build())
 *         .build();
 * NetworkCost net = calc.costNetwork(layers);
 * }</pre>
 */
public final class CostCalculator {

    private final CostModel model;
    private final boolean cached;
    private final int threads;
    private final ConcurrentHashMap<Layer, LayerCost> cache = new ConcurrentHashMap<>();

    private CostCalculator(Builder builder) {
        this.model = builder.model;
        this.cached = builder.cached;
        this.threads = builder.threads;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the cost model.
     *
     * @return the model
     */
    public CostModel model() {
        return model;
    }

    /**
     * Prices one layer, from the cache when it was priced before.
     *
     * @param layer the layer
     * @return its cost
     * @throws LayerCostException if the layer cannot run or fits no tiling
     */
    public LayerCost cost(Layer layer) {
        if (!cached) {
            return model.cost(layer);
        }
        LayerCost cost = cache.get(layer);
        if (cost == null) {
            // Computed outside the map's lock: a duplicate computation is harmless (pure function).
            cost = model.cost(layer);
            LayerCost previous = cache.putIfAbsent(layer, cost);
            if (previous != null) {
                cost = previous;
            }
        }
        return cost;
    }

    /**
     * Prices many layers in parallel, keeping their order.
     *
     * @param layers the layers
     * @return their costs, in the same order
     * @throws LayerCostException for the first failing layer (lowest index), naming its index
     */
    public List<LayerCost> costAll(List<Layer> layers) {
        int n = layers.size();
        LayerCost[] costs = new LayerCost[n];
        RuntimeException[] failures = new RuntimeException[n];
        int workers = Math.min(threads, n);
        if (workers <= 1) {
            for (int i = 0; i < n; i++) {
                costOne(layers, i, costs, failures);
            }
        } else {
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool =
                    Executors.newFixedThreadPool(
                            workers,
                            r -> {
                                Thread t = new Thread(r, "bitfusion-cost");
                                t.setDaemon(true);
                                return t;
                            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    futures.add(
                            pool.submit(
                                    () -> {
                                        for (int i = next.getAndIncrement();
                                                i < n;
                                                i = next.getAndIncrement()) {
                                            costOne(layers, i, costs, failures);
                                        }
                                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while costing layers", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("costing worker failed", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        for (int i = 0; i < n; i++) {
            RuntimeException failure = failures[i];
            if (failure instanceof LayerCostException) {
                throw ((LayerCostException) failure).atIndex(i);
            } else if (failure != null) {
                throw failure;
            }
        }
        return Arrays.asList(costs);
    }

    private void costOne(
            List<Layer> layers, int i, LayerCost[] costs, RuntimeException[] failures) {
        try {
            costs[i] = cost(layers.get(i));
        } catch (RuntimeException e) {
            failures[i] = e;
        }
    }

    /**
     * Prices a network: every layer (in parallel) and the totals.
     *
     * @param layers the layers in execution order
     * @return the network cost
     * @throws LayerCostException for the first failing layer, naming its index
     */
    public NetworkCost costNetwork(List<Layer> layers) {
        return NetworkCost.of(model, layers, costAll(layers));
    }

    /**
     * Returns how many distinct layers are cached.
     *
     * @return the cache size
     */
    public int cacheSize() {
        return cache.size();
    }

    /** Empties the cache. */
    public void clearCache() {
        cache.clear();
    }

    /**
     * Builds a {@link CostCalculator}. Required: {@link #setModel}. Defaults: cache on, as many
     * threads as available processors.
     */
    public static final class Builder {
        private CostModel model;
        private boolean cached = true;
        private int threads = Runtime.getRuntime().availableProcessors();

        Builder() {}

        /**
         * Sets the cost model.
         *
         * @param model the model
         * @return this builder
         */
        public Builder setModel(CostModel model) {
            this.model = model;
            return this;
        }

        /**
         * Turns the per-layer memo cache on or off (off measures real costing).
         *
         * @param cached true to memoise
         * @return this builder
         */
        public Builder optCache(boolean cached) {
            this.cached = cached;
            return this;
        }

        /**
         * Sets how many threads {@link #costAll} uses.
         *
         * @param threads at least 1
         * @return this builder
         */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Builds the calculator.
         *
         * @return the calculator
         * @throws IllegalArgumentException if the model is missing or threads &lt; 1
         */
        public CostCalculator build() {
            if (model == null) {
                throw new IllegalArgumentException("cost model not set");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads: " + threads + "; allowed: >= 1");
            }
            return new CostCalculator(this);
        }
    }
}
