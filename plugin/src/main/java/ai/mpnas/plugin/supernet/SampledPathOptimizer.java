package ai.mpnas.plugin.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.optimizer.Optimizer;
import ai.mpnas.plugin.engine.NativeCopy;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An optimizer that applies a delegate only to the parameters, and parts of parameters, that the
 * current path used. Engines keep stale gradients on parameters a single path did not touch, and
 * momentum and weight decay move them even with a zero gradient; this wrapper skips unused
 * parameters entirely and restores the unused part of a partly used (shared) parameter after the
 * delegate's update, so unsampled weights stay exactly unchanged. (The delegate's optimizer state
 * for the unused part of a shared parameter still decays.)
 */
public class SampledPathOptimizer extends Optimizer {

    private final Optimizer delegate;
    private final Supplier<Map<String, NDIndex>> regions;

    SampledPathOptimizer(Builder builder) {
        super(builder);
        delegate = builder.delegate;
        regions = builder.regions;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        NDIndex region = regions.get().get(parameterId);
        if (region == null) {
            return;
        }
        if (region.getRank() == 0) {
            delegate.update(parameterId, weight, grad);
            return;
        }
        try (NDArray before = weight.duplicate()) {
            delegate.update(parameterId, weight, grad);
            // both copies stay inside the engine (NativeCopy says why copyTo would not do)
            try (NDArray view = weight.get(region);
                    NDArray updated = view.duplicate()) {
                NativeCopy.copy(before, weight);
                weight.set(region, updated);
            }
        }
    }

    /** The builder of a {@link SampledPathOptimizer}. */
    public static final class Builder extends OptimizerBuilder<Builder> {

        private Optimizer delegate;
        private Supplier<Map<String, NDIndex>> regions;

        Builder() {}

        /**
         * Sets the optimizer that does the actual updates.
         *
         * @param delegate the optimizer
         * @return this builder
         */
        public Builder setOptimizer(Optimizer delegate) {
            this.delegate = delegate;
            return this;
        }

        /**
         * Sets where the used regions of the current step come from, typically {@code
         * superNet::activeRegions}.
         *
         * @param regions parameter id to used region ({@link SuperNet#WHOLE} for all)
         * @return this builder
         */
        public Builder setActiveRegions(Supplier<Map<String, NDIndex>> regions) {
            this.regions = regions;
            return this;
        }

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         */
        public SampledPathOptimizer build() {
            Objects.requireNonNull(delegate, "optimizer");
            Objects.requireNonNull(regions, "active regions");
            return new SampledPathOptimizer(this);
        }
    }
}
