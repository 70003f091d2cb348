package ai.mpnas.plugin.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import ai.mpnas.plugin.quant.FakeQuant;

/**
 * A 2-D convolution without bias (a BatchNorm follows) whose weights are fake-quantized per output
 * channel at a fixed bit width; same padding ({@code k / 2}). The parameter shape is known at
 * construction, so the block initialises without a forward pass.
 */
public class QuantConv2d extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int groups;
    private final int weightBits;
    private final Parameter weight;

    QuantConv2d(Builder builder) {
        super(VERSION);
        inChannels = builder.inChannels;
        outChannels = builder.outChannels;
        kernel = builder.kernel;
        stride = builder.stride;
        groups = builder.groups;
        weightBits = builder.weightBits;
        weight =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(
                                        new Shape(outChannels, inChannels / groups, kernel, kernel))
                                .optInitializer(
                                        new XavierInitializer(
                                                XavierInitializer.RandomType.GAUSSIAN,
                                                XavierInitializer.FactorType.IN,
                                                2))
                                .build());
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
     * Convolves with a fake-quantized weight, same padding, no bias.
     *
     * @param x the input, NCHW
     * @param weight the float weight (O, I/groups, k, k)
     * @param bits the weight bits ({@link FakeQuant#FLOAT_BITS} for none)
     * @param stride the stride
     * @param groups the groups
     * @return the output
     */
    public static NDArray convolve(NDArray x, NDArray weight, int bits, int stride, int groups) {
        long k = weight.getShape().get(2);
        long pad = k / 2;
        // Ops on the weight would otherwise be owned by the parameter's manager and live as long
        // as the model: own them by a scope closed after the step's last use. Closing the handles
        // is safe, the autograd graph keeps what backward needs.
        try (NDManager scope = x.getManager().newSubManager()) {
            scope.tempAttachAll(weight);
            return Conv2d.conv2d(
                            x,
                            FakeQuant.weight(weight, bits),
                            null,
                            new Shape(stride, stride),
                            new Shape(pad, pad),
                            new Shape(1, 1),
                            groups)
                    .singletonOrThrow();
        }
    }

    /**
     * Returns the weight parameter.
     *
     * @return the weight
     */
    public Parameter getWeight() {
        return weight;
    }

    /**
     * Returns the input channels.
     *
     * @return the input channels
     */
    public int getInChannels() {
        return inChannels;
    }

    /**
     * Returns the output channels.
     *
     * @return the output channels
     */
    public int getOutChannels() {
        return outChannels;
    }

    /**
     * Returns the kernel size.
     *
     * @return the kernel size
     */
    public int getKernel() {
        return kernel;
    }

    /**
     * Returns the stride.
     *
     * @return the stride
     */
    public int getStride() {
        return stride;
    }

    /**
     * Returns the groups.
     *
     * @return the groups
     */
    public int getGroups() {
        return groups;
    }

    /**
     * Returns the weight bits.
     *
     * @return the weight bits
     */
    public int getWeightBits() {
        return weightBits;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
        return new NDList(convolve(x, w, weightBits, stride, groups));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long h = (in.get(2) + 2 * (kernel / 2) - kernel) / stride + 1;
        long w = (in.get(3) + 2 * (kernel / 2) - kernel) / stride + 1;
        return new Shape[] {new Shape(in.get(0), outChannels, h, w)};
    }

    /** The builder of a {@link QuantConv2d}. */
    public static final class Builder {

        private int inChannels;
        private int outChannels;
        private int kernel;
        private int stride = 1;
        private int groups = 1;
        private int weightBits = FakeQuant.FLOAT_BITS;

        Builder() {}

        /**
         * Sets the input channels.
         *
         * @param inChannels the input channels
         * @return this builder
         */
        public Builder setInChannels(int inChannels) {
            this.inChannels = inChannels;
            return this;
        }

        /**
         * Sets the output channels.
         *
         * @param outChannels the output channels
         * @return this builder
         */
        public Builder setOutChannels(int outChannels) {
            this.outChannels = outChannels;
            return this;
        }

        /**
         * Sets the (square, odd) kernel size.
         *
         * @param kernel the kernel size
         * @return this builder
         */
        public Builder setKernel(int kernel) {
            this.kernel = kernel;
            return this;
        }

        /**
         * Sets the stride; default 1.
         *
         * @param stride the stride
         * @return this builder
         */
        public Builder optStride(int stride) {
            this.stride = stride;
            return this;
        }

        /**
         * Sets the groups; default 1, equal to the channels for a depthwise convolution.
         *
         * @param groups the groups
         * @return this builder
         */
        public Builder optGroups(int groups) {
            this.groups = groups;
            return this;
        }

        /**
         * Sets the weight bits; default {@link FakeQuant#FLOAT_BITS} (not quantized).
         *
         * @param weightBits the weight bits
         * @return this builder
         */
        public Builder optWeightBits(int weightBits) {
            this.weightBits = weightBits;
            return this;
        }

        /**
         * Builds the convolution.
         *
         * @return the block
         * @throws IllegalArgumentException if a size is missing or inconsistent
         */
        public QuantConv2d build() {
            if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || groups < 1) {
                throw new IllegalArgumentException(
                        "QuantConv2d needs positive inChannels, outChannels, kernel, stride,"
                                + " groups");
            }
            if (inChannels % groups != 0 || outChannels % groups != 0) {
                throw new IllegalArgumentException("groups must divide the channels");
            }
            return new QuantConv2d(this);
        }
    }
}
