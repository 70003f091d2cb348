package ai.mpnas.plugin.supernet;

import ai.djl.ndarray.index.NDIndex;
import ai.mpnas.plugin.nn.FixedNetwork;
import ai.mpnas.plugin.nn.MobileNetV2Skeleton;
import ai.mpnas.plugin.nn.Norms;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The single-path supernet of a {@link SearchSpace}: the {@link MobileNetV2Skeleton} of {@link
 * FixedNetwork} with one {@link SearchableBlock} per searchable position. Before each forward pass
 * the caller (the search) sets one {@link BlockSample} per block with {@link #setSample}; only
 * those ops run. Pair the optimizer with {@link SampledPathOptimizer} over {@link #activeRegions()}
 * so a step leaves the weights of unsampled ops unchanged.
 */
public class SuperNet extends MobileNetV2Skeleton<SearchableBlock> {

    /** The region meaning "the whole parameter" in {@link #activeRegions()}. */
    public static final NDIndex WHOLE = new NDIndex();

    private static final byte VERSION = 1;

    private final WeightSharing sharing;
    private Map<String, NDIndex> activeRegions = Map.of();

    SuperNet(Builder builder) {
        super(
                VERSION,
                builder.space,
                builder.quantized,
                slot ->
                        new SearchableBlock(
                                slot, builder.space.choices(), builder.sharing, builder.quantized));
        sharing = builder.sharing;
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
     * Returns the weight-sharing mode.
     *
     * @return the mode
     */
    public WeightSharing getSharing() {
        return sharing;
    }

    /**
     * Sets the ops the next forward passes run, one sample per searchable block.
     *
     * @param samples the samples, in block order
     * @throws IllegalArgumentException if a sample is not a valid choice of its block
     */
    public void setSample(List<BlockSample> samples) {
        List<SearchableBlock> blocks = getBlocks();
        if (samples.size() != blocks.size()) {
            throw new IllegalArgumentException(
                    "got " + samples.size() + " samples for " + blocks.size() + " blocks");
        }
        List<BlockChoice> choices = samples.stream().map(BlockSample::choice).toList();
        new Architecture(getSearchSpace(), choices).validate("sample");
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
        return new Architecture(
                getSearchSpace(), getBlocks().stream().map(b -> b.getSample().choice()).toList());
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
        getStem().getParameters().values().forEach(p -> regions.put(p.getId(), WHOLE));
        for (SearchableBlock block : getBlocks()) {
            block.addActiveRegions(regions);
        }
        getHead().getParameters().values().forEach(p -> regions.put(p.getId(), WHOLE));
        getClassifier().getParameters().values().forEach(p -> regions.put(p.getId(), WHOLE));
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
        Norms.copyParameters(getStem(), target.getStem());
        for (int i = 0; i < getBlocks().size(); i++) {
            BlockChoice choice = architecture.blocks().get(i);
            if (!choice.skip()) {
                getBlock(i).copyTo(choice, target.getBlock(i));
            }
        }
        Norms.copyParameters(getHead(), target.getHead());
        Norms.copyParameters(getClassifier(), target.getClassifier());
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
