package ai.mpnas.plugin.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.BlockSlot;
import ai.mpnas.plugin.space.SearchSpace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The quantized MobileNetV2-shaped network of one {@link Architecture}: stem, one {@link
 * InvertedResidual} per non-skipped block at its bits, head, pooling and classifier. Input NCHW
 * float images, output logits.
 */
public class FixedNetwork extends AbstractBlock {

    /**
     * The model name of trained parameters: {@code mpnas train} saves them with {@code
     * Model.save(model/, }{@value}{@code )} as {@code mpnas-0000.params}.
     */
    public static final String MODEL_NAME = "mpnas";

    /** The file beside the parameters that says which network they belong to. */
    public static final String ARCHITECTURE_FILE = "architecture.json";

    private static final byte VERSION = 1;

    private final Architecture architecture;
    private final boolean quantized;
    private final QuantConvBnRelu6 stem;
    private final List<InvertedResidual> blocks;
    private final QuantConvBnRelu6 head;
    private final QuantDense classifier;

    FixedNetwork(Builder builder) {
        super(VERSION);
        architecture = builder.architecture;
        quantized = builder.quantized;
        SearchSpace space = architecture.space();
        stem = addChildBlock("stem", FixedLayers.stem(space, quantized));
        List<InvertedResidual> list = new ArrayList<>();
        for (BlockSlot slot : space.blocks()) {
            BlockChoice choice = architecture.blocks().get(slot.index());
            if (choice.skip()) {
                list.add(null);
                continue;
            }
            list.add(
                    addChildBlock(
                            "block" + slot.index(),
                            InvertedResidual.builder()
                                    .setInChannels(slot.inChannels())
                                    .setOutChannels(slot.outChannels())
                                    .optExpansion(choice.m())
                                    .optKernel(choice.k())
                                    .optStride(slot.stride())
                                    .optWeightBits(FixedLayers.bits(choice.wbits(), quantized))
                                    .optActivationBits(FixedLayers.bits(choice.abits(), quantized))
                                    .build()));
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
     * Builds the (uninitialised) quantized network of a trained model directory, the {@code model/}
     * directory {@code mpnas train} writes: its {@value #ARCHITECTURE_FILE} says which network its
     * parameters belong to. Load the parameters with {@code Model.load(modelDir, }{@value
     * #MODEL_NAME}{@code )}, or let DJL do it through {@link FixedNetworkBlockFactory}.
     *
     * @param modelDir the model directory
     * @return the network
     * @throws NoSuchFileException naming the architecture file if it is missing
     * @throws IOException if it cannot be read
     * @throws ai.mpnas.plugin.space.SpecException naming the file if its content is invalid
     */
    public static FixedNetwork fromModelDirectory(Path modelDir) throws IOException {
        Path file = modelDir.resolve(ARCHITECTURE_FILE);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(
                    file.toString(),
                    null,
                    "missing; allowed: the model/ directory of a run after 'mpnas train'");
        }
        return builder().setArchitecture(Architecture.load(file)).optQuantized(true).build();
    }

    /**
     * Returns the architecture.
     *
     * @return the architecture
     */
    public Architecture getArchitecture() {
        return architecture;
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
     * Returns the block at a position, or null where the architecture skips it.
     *
     * @param index the block index
     * @return the block or null
     */
    public InvertedResidual getBlock(int index) {
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
        for (InvertedResidual block : blocks) {
            if (block != null) {
                h = block.forward(parameterStore, new NDList(h), training).singletonOrThrow();
            }
        }
        h = head.forward(parameterStore, new NDList(h), training).singletonOrThrow();
        int bits = FixedLayers.bits(architecture.space().classifier().abits(), quantized);
        return new NDList(FixedLayers.classify(parameterStore, h, classifier, bits, training));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), architecture.space().classes())};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        stem.initialize(manager, dataType, inputShapes);
        for (BlockSlot slot : architecture.space().blocks()) {
            InvertedResidual block = blocks.get(slot.index());
            if (block != null) {
                block.initialize(
                        manager,
                        dataType,
                        new Shape(1, slot.inChannels(), slot.inHeight(), slot.inWidth()));
            }
        }
        List<BlockSlot> slots = architecture.space().blocks();
        BlockSlot last = slots.get(slots.size() - 1);
        head.initialize(
                manager,
                dataType,
                new Shape(1, last.outChannels(), last.outHeight(), last.outWidth()));
        classifier.initialize(
                manager, dataType, new Shape(1, architecture.space().head().channels()));
    }

    /** The builder of a {@link FixedNetwork}. */
    public static final class Builder {

        private Architecture architecture;
        private boolean quantized = true;

        Builder() {}

        /**
         * Sets the architecture.
         *
         * @param architecture the architecture
         * @return this builder
         */
        public Builder setArchitecture(Architecture architecture) {
            this.architecture = architecture;
            return this;
        }

        /**
         * Sets whether to fake-quantize; default true. False gives the float baseline of the same
         * network (ReLU6 kept).
         *
         * @param quantized whether to quantize
         * @return this builder
         */
        public Builder optQuantized(boolean quantized) {
            this.quantized = quantized;
            return this;
        }

        /**
         * Builds the network.
         *
         * @return the network
         * @throws IllegalArgumentException if no architecture was set
         */
        public FixedNetwork build() {
            if (architecture == null) {
                throw new IllegalArgumentException("FixedNetwork needs an architecture");
            }
            return new FixedNetwork(this);
        }
    }
}
