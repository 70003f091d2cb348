package ai.mpnas.plugin.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.mpnas.plugin.quant.FakeQuant;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockSlot;
import ai.mpnas.plugin.space.SearchSpace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * The MobileNetV2 skeleton of a {@link SearchSpace}: stem, one middle block per block position,
 * head, global average pooling and classifier. The fixed network and the supernet differ only in
 * their middle blocks (a fixed {@link InvertedResidual} or none; a searchable block), so both
 * compute the same function of the same stem, head and classifier weights.
 *
 * <p>The children are added as {@code stem}, {@code block<i>} (only where there is a block),
 * {@code head} and {@code classifier}, in that order, directly under the network: their names and
 * positions are the parameter paths that saved parameters and checkpoints hold, and the order is
 * the order in which initialisation draws random weights.
 *
 * @param <B> the type of the middle blocks
 */
public abstract class MobileNetV2Skeleton<B extends Block> extends AbstractBlock {

    private final SearchSpace space;
    private final boolean quantized;
    private final QuantConvBnRelu6 stem;
    private final List<B> blocks;
    private final QuantConvBnRelu6 head;
    private final QuantDense classifier;

    /**
     * Builds the skeleton around the given middle blocks.
     *
     * @param version the version byte of the saved parameters
     * @param space the search space
     * @param quantized false for the float baseline
     * @param middle the block of a position, or null where the network has none (a skip)
     */
    protected MobileNetV2Skeleton(
            byte version, SearchSpace space, boolean quantized, Function<BlockSlot, B> middle) {
        super(version);
        this.space = space;
        this.quantized = quantized;
        stem = addChildBlock("stem", stem(space, quantized));
        List<B> list = new ArrayList<>();
        for (BlockSlot slot : space.blocks()) {
            B block = middle.apply(slot);
            list.add(block == null ? null : addChildBlock("block" + slot.index(), block));
        }
        blocks = Collections.unmodifiableList(list);
        head = addChildBlock("head", head(space, quantized));
        classifier = addChildBlock("classifier", classifier(space, quantized));
    }

    /** The stem: convolution, BatchNorm, ReLU6, output quantized at the bottleneck bits. */
    private static QuantConvBnRelu6 stem(SearchSpace space, boolean quantized) {
        return new QuantConvBnRelu6(
                QuantConv2d.builder()
                        .setInChannels(space.input().channels())
                        .setOutChannels(space.stem().channels())
                        .setKernel(space.stem().kernel())
                        .optStride(space.stem().stride())
                        .optWeightBits(FakeQuant.effectiveBits(space.stem().wbits(), quantized))
                        .build(),
                FakeQuant.effectiveBits(Architecture.BOTTLENECK_BITS, quantized));
    }

    /**
     * The head: 1x1 convolution, BatchNorm and ReLU6; its output is quantized after pooling, at
     * the classifier's input bits.
     */
    private static QuantConvBnRelu6 head(SearchSpace space, boolean quantized) {
        return new QuantConvBnRelu6(
                QuantConv2d.builder()
                        .setInChannels(lastSlot(space).outChannels())
                        .setOutChannels(space.head().channels())
                        .setKernel(1)
                        .optWeightBits(FakeQuant.effectiveBits(space.head().wbits(), quantized))
                        .build(),
                FakeQuant.FLOAT_BITS);
    }

    private static QuantDense classifier(SearchSpace space, boolean quantized) {
        return QuantDense.builder()
                .setInFeatures(space.head().channels())
                .setOutFeatures(space.classes())
                .optWeightBits(FakeQuant.effectiveBits(space.classifier().wbits(), quantized))
                .build();
    }

    private static BlockSlot lastSlot(SearchSpace space) {
        List<BlockSlot> slots = space.blocks();
        return slots.get(slots.size() - 1);
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
     * Returns whether weights and activations are fake-quantized (false for the float baseline).
     *
     * @return true if quantized
     */
    public boolean isQuantized() {
        return quantized;
    }

    /**
     * Returns the stem.
     *
     * @return the stem
     */
    public QuantConvBnRelu6 getStem() {
        return stem;
    }

    /**
     * Returns the middle blocks by position, null where the network has no block.
     *
     * @return the blocks, in network order
     */
    public List<B> getBlocks() {
        return blocks;
    }

    /**
     * Returns the middle block at a position.
     *
     * @param index the block index
     * @return the block, or null where the network has none (a skip)
     */
    public B getBlock(int index) {
        return blocks.get(index);
    }

    /**
     * Returns the head.
     *
     * @return the head
     */
    public QuantConvBnRelu6 getHead() {
        return head;
    }

    /**
     * Returns the classifier.
     *
     * @return the classifier
     */
    public QuantDense getClassifier() {
        return classifier;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray h = stem.forward(parameterStore, inputs, training).singletonOrThrow();
        for (B block : blocks) {
            if (block != null) {
                h = block.forward(parameterStore, new NDList(h), training).singletonOrThrow();
            }
        }
        h = head.forward(parameterStore, new NDList(h), training).singletonOrThrow();
        int bits = FakeQuant.effectiveBits(space.classifier().abits(), quantized);
        NDArray pooled = FakeQuant.bounded(Pool.globalAvgPool2d(h), bits);
        NDArray logits =
                classifier.forward(parameterStore, new NDList(pooled), training).singletonOrThrow();
        return new NDList(logits);
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
        for (BlockSlot slot : space.blocks()) {
            B block = blocks.get(slot.index());
            if (block != null) {
                block.initialize(
                        manager,
                        dataType,
                        new Shape(1, slot.inChannels(), slot.inHeight(), slot.inWidth()));
            }
        }
        BlockSlot last = lastSlot(space);
        head.initialize(
                manager,
                dataType,
                new Shape(1, last.outChannels(), last.outHeight(), last.outWidth()));
        classifier.initialize(manager, dataType, new Shape(1, space.head().channels()));
    }
}
