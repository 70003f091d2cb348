package ai.mpnas.plugin.nn;

import ai.mpnas.plugin.quant.FakeQuant;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.BlockSlot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The quantized MobileNetV2-shaped network of one {@link Architecture}: the {@link
 * MobileNetV2Skeleton} with one {@link InvertedResidual} per non-skipped block at its bits. Input
 * NCHW float images, output logits.
 */
public class FixedNetwork extends MobileNetV2Skeleton<InvertedResidual> {

    /**
     * The model name of trained parameters: {@code mpnas train} saves them with {@code
     * Model.save(model/, }{@value}{@code )} as {@code mpnas-0000.params}.
     */
    public static final String MODEL_NAME = "mpnas";

    /** The file beside the parameters that says which network they belong to. */
    public static final String ARCHITECTURE_FILE = "architecture.json";

    private static final byte VERSION = 1;

    private final Architecture architecture;

    FixedNetwork(Builder builder) {
        super(
                VERSION,
                builder.architecture.space(),
                builder.quantized,
                slot -> block(builder.architecture, slot, builder.quantized));
        architecture = builder.architecture;
    }

    /** The block of a position, or null where the architecture skips it. */
    private static InvertedResidual block(
            Architecture architecture, BlockSlot slot, boolean quantized) {
        BlockChoice choice = architecture.blocks().get(slot.index());
        if (choice.skip()) {
            return null;
        }
        return InvertedResidual.builder()
                .setInChannels(slot.inChannels())
                .setOutChannels(slot.outChannels())
                .optExpansion(choice.m())
                .optKernel(choice.k())
                .optStride(slot.stride())
                .optWeightBits(FakeQuant.effectiveBits(choice.wbits(), quantized))
                .optActivationBits(FakeQuant.effectiveBits(choice.abits(), quantized))
                .build();
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
