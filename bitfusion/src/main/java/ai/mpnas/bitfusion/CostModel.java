package ai.mpnas.bitfusion;

/**
 * Prices one layer on a Bit Fusion accelerator. Implementations are immutable, thread-safe and pure
 * functions of (configuration, layer).
 *
 * <pre>{@code
 * CostModel model = CostModel.builder()
 *         .setKind(CostModelKind.ORIGINAL)
 *         .optDepthwiseMode(DepthwiseMode.DECOMPOSED)
 *         .optBitModes(BitModes.EXACT)
 *         .build();
 * LayerCost cost = model.cost(layer);
 * }</pre>
 */
public interface CostModel {

    /**
     * Prices a layer.
     *
     * @param layer the layer
     * @return its cost
     * @throws LayerCostException if an operand is wider than pmax, or no tiling fits the buffers
     */
    LayerCost cost(Layer layer);

    /**
     * Returns which dense model this is.
     *
     * @return the kind
     */
    CostModelKind kind();

    /**
     * Returns the accelerator.
     *
     * @return the configuration
     */
    AcceleratorConfig config();

    /**
     * Returns how depthwise layers are mapped.
     *
     * @return the depthwise mode
     */
    DepthwiseMode depthwiseMode();

    /**
     * Returns which precision mode a layer is priced in.
     *
     * @return the bit modes
     */
    BitModes bitModes();

    /**
     * Returns how the tiling search visits candidates.
     *
     * @return the search mode
     */
    SearchMode searchMode();

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link CostModel}. Required: {@link #setKind}. Defaults: {@link
     * AcceleratorConfig#bitFusion45nm()}, {@link DepthwiseMode#GROUPED} (the project's default
     * mapping), {@link BitModes#CHEAPEST} (the project's default; {@link BitModes#EXACT} is what
     * the original simulator does), {@link SearchMode#PRUNED}.
     */
    final class Builder {
        private CostModelKind kind;
        private AcceleratorConfig config = AcceleratorConfig.bitFusion45nm();
        private DepthwiseMode depthwiseMode = DepthwiseMode.GROUPED;
        private SearchMode searchMode = SearchMode.PRUNED;
        private BitModes bitModes = BitModes.CHEAPEST;

        Builder() {}

        /**
         * Sets the dense model.
         *
         * @param kind ORIGINAL or APQ
         * @return this builder
         */
        public Builder setKind(CostModelKind kind) {
            this.kind = kind;
            return this;
        }

        /**
         * Sets the accelerator.
         *
         * @param config the configuration
         * @return this builder
         */
        public Builder optConfig(AcceleratorConfig config) {
            this.config = config;
            return this;
        }

        /**
         * Sets how depthwise layers are mapped.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder optDepthwiseMode(DepthwiseMode mode) {
            this.depthwiseMode = mode;
            return this;
        }

        /**
         * Sets which precision mode a layer is priced in.
         *
         * @param modes cheapest or exact
         * @return this builder
         */
        public Builder optBitModes(BitModes modes) {
            this.bitModes = modes;
            return this;
        }

        /**
         * Sets how the tiling search visits candidates (the result is the same).
         *
         * @param mode the search mode
         * @return this builder
         */
        public Builder optSearchMode(SearchMode mode) {
            this.searchMode = mode;
            return this;
        }

        /**
         * Builds the model.
         *
         * @return the model
         * @throws IllegalArgumentException if the kind is not set
         */
        public CostModel build() {
            if (kind == null) {
                throw new IllegalArgumentException(
                        "cost model kind not set; allowed: original|apq");
            }
            if (config == null || depthwiseMode == null || searchMode == null || bitModes == null) {
                throw new IllegalArgumentException(
                        "config, depthwise mode, search mode and bit modes must not be null");
            }
            return new LayerCostModel(kind, config, depthwiseMode, searchMode, bitModes);
        }
    }
}
