package ai.mpnas.plugin.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import ai.mpnas.plugin.engine.NativeCopy;
import ai.mpnas.plugin.nn.InvertedResidual;
import ai.mpnas.plugin.nn.Norms;
import ai.mpnas.plugin.quant.FakeQuant;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.BlockSlot;
import ai.mpnas.plugin.space.ChoiceSets;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One searchable block position of the supernet. Each forward pass runs only the op of the current
 * {@link BlockSample} (single path): the identity for a skip, otherwise the inverted residual block
 * with the sampled m, k and bits.
 *
 * <p>The sample's gate multiplies the block's branch, before the input is added where the block
 * keeps its shape: {@code x + g * F(x)}, as in the gated single-path supernets of ProxylessNAS. A
 * gate on the whole output, {@code g * (x + F(x))}, would carry no gradient: the next convolution's
 * BatchNorm (batch statistics) undoes any scale of its input, so the loss does not depend on g. On
 * the branch the gate's gradient is {@code <dL/dy, F(x)>}, whether more of this op's output would
 * lower the loss. Blocks that change shape have no input to add, so their gate multiplies the
 * output: it learns only how that output's scale mixes with the next block's branch, and nothing
 * where a plain convolution follows. A skip is the zero branch and leaves its gate unused (its
 * decision learns from the samples that run the block).
 */
public class SearchableBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final BlockSlot slot;
    private final ChoiceSets choices;
    private final WeightSharing sharing;
    private final boolean quantized;
    private final int maxHidden;
    private final int maxKernel;
    private final Parameter expandWeight;
    private final Parameter depthwiseWeight;
    private final Parameter projectWeight;
    private final Map<PathKey, BatchNorm[]> norms = new LinkedHashMap<>();
    private final Map<String, InvertedResidual> candidates = new LinkedHashMap<>();
    private BlockSample sample;

    SearchableBlock(BlockSlot slot, ChoiceSets choices, WeightSharing sharing, boolean quantized) {
        super(VERSION);
        this.slot = slot;
        this.choices = choices;
        this.sharing = sharing;
        this.quantized = quantized;
        maxHidden = slot.inChannels() * choices.maxM();
        maxKernel = choices.maxK();
        if (sharing == WeightSharing.SHARED) {
            boolean anyExpand = choices.m().stream().anyMatch(m -> m > 1);
            expandWeight =
                    anyExpand
                            ? addParameter(
                                    weight(
                                            "expand_weight",
                                            new Shape(maxHidden, slot.inChannels(), 1, 1)))
                            : null;
            depthwiseWeight =
                    addParameter(
                            weight(
                                    "depthwise_weight",
                                    new Shape(maxHidden, 1, maxKernel, maxKernel)));
            projectWeight =
                    addParameter(
                            weight(
                                    "project_weight",
                                    new Shape(slot.outChannels(), maxHidden, 1, 1)));
            for (int m : choices.m()) {
                for (int k : choices.k()) {
                    String key = BlockChoice.of(m, k, 0, 0).weightKey();
                    BatchNorm[] trio = new BatchNorm[3];
                    norms.put(new PathKey(m, k), trio);
                    if (m > 1) {
                        trio[0] = addChildBlock(key + "_expand_bn", Norms.batchNorm());
                    }
                    trio[1] = addChildBlock(key + "_depthwise_bn", Norms.batchNorm());
                    trio[2] = addChildBlock(key + "_project_bn", Norms.batchNorm());
                }
            }
        } else {
            expandWeight = null;
            depthwiseWeight = null;
            projectWeight = null;
            for (int m : choices.m()) {
                for (int k : choices.k()) {
                    String key = BlockChoice.of(m, k, 0, 0).weightKey();
                    candidates.put(
                            key,
                            addChildBlock(
                                    key,
                                    InvertedResidual.builder()
                                            .setInChannels(slot.inChannels())
                                            .setOutChannels(slot.outChannels())
                                            .optExpansion(m)
                                            .optKernel(k)
                                            .optStride(slot.stride())
                                            .build()));
                }
            }
        }
    }

    private static Parameter weight(String name, Shape shape) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.WEIGHT)
                .optShape(shape)
                .optInitializer(
                        new XavierInitializer(
                                XavierInitializer.RandomType.GAUSSIAN,
                                XavierInitializer.FactorType.IN,
                                2))
                .build();
    }

    /**
     * Returns the geometry of this block position.
     *
     * @return the slot
     */
    public BlockSlot getSlot() {
        return slot;
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
     * Sets the op the next forward passes run.
     *
     * @param sample the sample
     */
    public void setSample(BlockSample sample) {
        this.sample = sample;
    }

    /**
     * Returns the current sample.
     *
     * @return the sample, or null before the first {@link #setSample}
     */
    public BlockSample getSample() {
        return sample;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        if (sample == null) {
            throw new IllegalStateException("block " + slot.index() + ": no sample set");
        }
        NDArray x = inputs.singletonOrThrow();
        BlockChoice c = sample.choice();
        if (c.skip()) {
            return new NDList(x);
        }
        NDArray out = branch(parameterStore, x, training, c, sample.gate());
        return new NDList(slot.keepsShape() ? out.add(x) : out);
    }

    /**
     * The block's output before its input is added (all of it where the shape changes), times the
     * gate, which is folded into the last BatchNorm's scale and shift (the same numbers as
     * multiplying the output, without a pass over it: {@link Norms#scaledBatchNorm}).
     */
    private NDArray branch(
            ParameterStore ps, NDArray x, boolean training, BlockChoice c, NDArray gate) {
        int wbits = FakeQuant.effectiveBits(c.wbits(), quantized);
        int abits = FakeQuant.effectiveBits(c.abits(), quantized);
        if (sharing == WeightSharing.SEPARATE) {
            return candidates.get(c.weightKey()).branch(ps, x, training, wbits, abits, gate);
        }
        var device = x.getDevice();
        Regions r = regions(c);
        NDArray expandFull = c.m() > 1 ? ps.getValue(expandWeight, device, training) : null;
        NDArray depthwiseFull = ps.getValue(depthwiseWeight, device, training);
        NDArray projectFull = ps.getValue(projectWeight, device, training);
        // the slices would otherwise be owned by the parameters' manager for the model's life
        try (NDManager scope = x.getManager().newSubManager()) {
            scope.tempAttachAll(depthwiseFull, projectFull);
            NDArray e = null;
            if (expandFull != null) {
                scope.tempAttachAll(expandFull);
                e = slice(expandFull, r.expand);
            }
            NDArray d = slice(depthwiseFull, r.depthwise);
            NDArray p = slice(projectFull, r.project);
            BatchNorm[] trio = norms.get(new PathKey(c.m(), c.k()));
            return InvertedResidual.compute(
                    ps,
                    x,
                    training,
                    e,
                    trio[0],
                    d,
                    trio[1],
                    p,
                    trio[2],
                    slot.stride(),
                    wbits,
                    abits,
                    gate,
                    false);
        }
    }

    /**
     * Adds to {@code out} the parameters (by id) the current sample uses, each with the region it
     * uses ({@link SuperNet#WHOLE} for all of it).
     *
     * @param out the map to add to
     */
    void addActiveRegions(Map<String, NDIndex> out) {
        BlockChoice c = sample.choice();
        if (c.skip()) {
            return;
        }
        if (sharing == WeightSharing.SEPARATE) {
            Block candidate = candidates.get(c.weightKey());
            candidate.getParameters().values().forEach(p -> out.put(p.getId(), SuperNet.WHOLE));
            return;
        }
        Regions r = regions(c);
        if (c.m() > 1) {
            out.put(expandWeight.getId(), r.expand);
        }
        out.put(depthwiseWeight.getId(), r.depthwise);
        out.put(projectWeight.getId(), r.project);
        for (BatchNorm norm : norms.get(new PathKey(c.m(), c.k()))) {
            if (norm != null) {
                norm.getParameters().values().forEach(p -> out.put(p.getId(), SuperNet.WHOLE));
            }
        }
    }

    /**
     * Copies the weights of one choice into a fixed block of the same (m, k), so that the fixed
     * block computes what this block computes for that choice.
     *
     * @param choice the choice (not a skip)
     * @param target the fixed block
     */
    void copyTo(BlockChoice choice, InvertedResidual target) {
        if (sharing == WeightSharing.SEPARATE) {
            Norms.copyParameters(candidates.get(choice.weightKey()), target);
            return;
        }
        Regions r = regions(choice);
        BatchNorm[] trio = norms.get(new PathKey(choice.m(), choice.k()));
        if (choice.m() > 1) {
            copySlice(expandWeight, r.expand, target.getExpand().getWeight());
            Norms.copyParameters(trio[0], target.getExpandNorm());
        }
        copySlice(depthwiseWeight, r.depthwise, target.getDepthwise().getWeight());
        Norms.copyParameters(trio[1], target.getDepthwiseNorm());
        copySlice(projectWeight, r.project, target.getProject().getWeight());
        Norms.copyParameters(trio[2], target.getProjectNorm());
    }

    private static void copySlice(Parameter shared, NDIndex region, Parameter target) {
        if (region.getRank() == 0) {
            NativeCopy.copy(shared.getArray(), target.getArray());
            return;
        }
        try (NDArray part = shared.getArray().get(region)) {
            NativeCopy.copy(part, target.getArray());
        }
    }

    /**
     * Returns the parts of the shared weights a choice uses; {@link SuperNet#WHOLE} where it uses
     * all of a weight, so that neither the forward pass nor the optimizer copies it.
     */
    private Regions regions(BlockChoice c) {
        int hidden = slot.inChannels() * c.m();
        int off = (maxKernel - c.k()) / 2;
        boolean allChannels = hidden == maxHidden;
        NDIndex channels = allChannels ? SuperNet.WHOLE : new NDIndex().addSliceDim(0, hidden);
        NDIndex depthwise =
                allChannels && c.k() == maxKernel
                        ? SuperNet.WHOLE
                        : new NDIndex()
                                .addSliceDim(0, hidden)
                                .addAllDim()
                                .addSliceDim(off, off + c.k())
                                .addSliceDim(off, off + c.k());
        NDIndex project =
                allChannels ? SuperNet.WHOLE : new NDIndex().addAllDim().addSliceDim(0, hidden);
        return new Regions(channels, depthwise, project);
    }

    private static NDArray slice(NDArray weight, NDIndex region) {
        return region.getRank() == 0 ? weight : weight.get(region);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {
            new Shape(inputShapes[0].get(0), slot.outChannels(), slot.outHeight(), slot.outWidth())
        };
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = new Shape(1, slot.inChannels(), slot.inHeight(), slot.inWidth());
        for (InvertedResidual candidate : candidates.values()) {
            candidate.initialize(manager, dataType, in);
        }
        for (Map.Entry<PathKey, BatchNorm[]> entry : norms.entrySet()) {
            BatchNorm[] trio = entry.getValue();
            int hidden = slot.inChannels() * entry.getKey().m();
            if (trio[0] != null) {
                Norms.initialize(trio[0], manager, dataType, hidden);
            }
            Norms.initialize(trio[1], manager, dataType, hidden);
            Norms.initialize(trio[2], manager, dataType, slot.outChannels());
        }
    }

    private record PathKey(int m, int k) {}

    private record Regions(NDIndex expand, NDIndex depthwise, NDIndex project) {}
}
