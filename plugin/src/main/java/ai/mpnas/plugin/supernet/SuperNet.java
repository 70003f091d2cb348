package ai.mpnas.plugin.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.mpnas.plugin.nn.FixedLayers;
import ai.mpnas.plugin.nn.FixedNetwork;
import ai.mpnas.plugin.nn.Norms;
import ai.mpnas.plugin.nn.QuantConvBnRelu6;
import ai.mpnas.plugin.nn.QuantDense;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.BlockSlot;
import ai.mpnas.plugin.space.SearchSpace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The single-path supernet of a {@link SearchSpace}: the fixed stem, head and classifier of {@link
 * FixedNetwork} and one {@link SearchableBlock} per searchable position. Before each forward pass
 * the caller (the search) sets one {@link BlockSample} per block with {@link #setSample}; only
 * those ops run. Pair the optimizer with {@link SampledPathOptimizer} over {@link #activeRegions()}
 * so a step leaves the weights of unsampled ops unchanged.
 */
public class SuperNet extends AbstractBlock {

    /** The region meaning "the whole parameter" in {@link #activeRegions()}. */
    public static final NDIndex WHOLE = new NDIndex();

    private static final byte VERSION = 1;

    private final SearchSpace space;
    private final WeightSharing sharing;
    private final boolean quantized;
    private final QuantConvBnRelu6 stem;
    private final List<SearchableBlock> blocks;
    private final QuantConvBnRelu6 head;
    private final QuantDense classifier;
    private Map<String, NDIndex> activeRegions = Map.of();

    SuperNet(Builder builder) {
        super(VERSION);
        space = builder.space;
        sharing = builder.sharing;
        quantized = builder.quantized;
        stem = addChildBlock("stem", FixedLayers.stem(space, quantized));
        List<SearchableBlock> list = new ArrayList<>();
        for (BlockSlot slot : space.blocks()) {
            list.add(
                    addChildBlock(
                            "block" + slot.index(),
                            new SearchableBlock(slot, space.choices(), sharing, quantized)));
        }
        blocks = Collections.unmodifiableList(list);
        head = addChildBlock("head", FixedLayers.head(space, quantized));
        classifier = addChildBlock("classifier", FixedLayers.classifier(space, quantized));
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the search space.
     *
     * @return the search space
     */
    public SearchSpace getSearchSpace() {
        return space;
    }

    /**
     * Returns the weight-sharing mode.
     *
     * @return the mode
     */
    public WeightSharing getSharing() {
        return sharing;
    }

    /**
     * Returns the searchable blocks, in network order.
     *
     * @return the blocks
     */
    public List<SearchableBlock> getBlocks() {
        return blocks;
    }

    /**
     * Sets the ops the next forward passes run, one sample per searchable block.
     *
     * @param samples the samples, in block order
     * @throws IllegalArgumentException if a sample is not a valid choice of its block
     */
    public void setSample(List<BlockSample> samples) {
        if (samples.size() != blocks.size()) {
            throw new IllegalArgumentException(
                    "got " + samples.size() + " samples for " + blocks.size() + " blocks");
        }
        List<BlockChoice> choices = samples.stream().map(BlockSample::choice).toList();
        new Architecture(space, choices).validate("sample");
        for (int i = 0; i < samples.size(); i++) {
            blocks.get(i).setSample(samples.get(i));
        }
        activeRegions = computeActiveRegions();
    }

    /**
     * Sets the ops of an architecture, without gates (e.g. to evaluate a fixed path).
     *
     * @param architecture the architecture
     */
    public void setArchitecture(Architecture architecture) {
        setSample(architecture.blocks().stream().map(BlockSample::of).toList());
    }

    /**
     * Returns the current path as an architecture.
     *
     * @return the architecture of the current samples
     */
    public Architecture currentArchitecture() {
        return new Architecture(space, blocks.stream().map(b -> b.getSample().choice()).toList());
    }

    /**
     * Returns the parameters (by id) the current sample uses, each with the region of it that is
     * used ({@link #WHOLE} for all of it; a channel prefix and kernel crop under {@link
     * WeightSharing#SHARED}). Parameters not in the map are not used by this path.
     *
     * @return parameter id to used region (empty before the first sample)
     */
    public Map<String, NDIndex> activeRegions() {
        return activeRegions;
    }

    private Map<String, NDIndex> computeActiveRegions() {
        Map<String, NDIndex> regions = new LinkedHashMap<>();
        stem.getParameters().values().forEach(p -> regions.put(p.getId(), WHOLE));
        for (SearchableBlock block : blocks) {
            block.addActiveRegions(regions);
        }
        head.getParameters().values().forEach(p -> regions.put(p.getId(), WHOLE));
        classifier.getParameters().values().forEach(p -> regions.put(p.getId(), WHOLE));
        return Collections.unmodifiableMap(regions);
    }

    /**
     * Copies the weights (and BatchNorm statistics) of an architecture's path into a fixed network
     * of that architecture, which then computes what this supernet computes on that path. Both must
     * be initialised.
     *
     * @param target a fixed network built from an architecture of this search space
     */
    public void copyPathTo(FixedNetwork target) {
        Architecture architecture = target.getArchitecture();
        Norms.copyParameters(stem, target.getStem());
        for (int i = 0; i < blocks.size(); i++) {
            BlockChoice choice = architecture.blocks().get(i);
            if (!choice.skip()) {
                blocks.get(i).copyTo(choice, target.getBlock(i));
            }
        }
        Norms.copyParameters(head, target.getHead());
        Norms.copyParameters(classifier, target.getClassifier());
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray h = stem.forward(parameterStore, inputs, training).singletonOrThrow();
        for (SearchableBlock block : blocks) {
            h = block.forward(parameterStore, new NDList(h), training).singletonOrThrow();
        }
        h = head.forward(parameterStore, new NDList(h), training).singletonOrThrow();
        int bits = FixedLayers.bits(space.classifier().abits(), quantized);
        return new NDList(FixedLayers.classify(parameterStore, h, classifier, bits, training));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), space.classes())};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        stem.initialize(manager, dataType, inputShapes);
        for (SearchableBlock block : blocks) {
            BlockSlot slot = block.getSlot();
            block.initialize(
                    manager,
                    dataType,
                    new Shape(1, slot.inChannels(), slot.inHeight(), slot.inWidth()));
        }
        BlockSlot last = blocks.get(blocks.size() - 1).getSlot();
        head.initialize(
                manager,
                dataType,
                new Shape(1, last.outChannels(), last.outHeight(), last.outWidth()));
        classifier.initialize(manager, dataType, new Shape(1, space.head().channels()));
    }

    /** The builder of a {@link SuperNet}. */
    public static final class Builder {

        private SearchSpace space;
        private WeightSharing sharing = WeightSharing.SHARED;
        private boolean quantized = true;

        Builder() {}

        /**
         * Sets the search space.
         *
         * @param space the search space
         * @return this builder
         */
        public Builder setSearchSpace(SearchSpace space) {
            this.space = space;
            return this;
        }

        /**
         * Sets the weight sharing; default {@link WeightSharing#SHARED}.
         *
         * @param sharing the weight sharing
         * @return this builder
         */
        public Builder optSharing(WeightSharing sharing) {
            this.sharing = sharing;
            return this;
        }

        /**
         * Sets whether to fake-quantize; default true (false: float baseline of every path).
         *
         * @param quantized whether to quantize
         * @return this builder
         */
        public Builder optQuantized(boolean quantized) {
            this.quantized = quantized;
            return this;
        }

        /**
         * Builds the supernet.
         *
         * @return the supernet
         * @throws IllegalArgumentException if no search space was set
         */
        public SuperNet build() {
            if (space == null) {
                throw new IllegalArgumentException("SuperNet needs a search space");
            }
            return new SuperNet(this);
        }
    }
}
