package ai.mpnas.plugin.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.mpnas.plugin.quant.FakeQuant;

/**
 * The MobileNetV2 inverted-residual block with quantized weights and activations: expand 1x1 (only
 * when m &gt; 1), BatchNorm, ReLU6 and activation quantizer; depthwise k x k with the stride,
 * BatchNorm, ReLU6 and activation quantizer; project 1x1 and BatchNorm (linear bottleneck); plus
 * the input when the block keeps its shape.
 */
public class InvertedResidual extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int inChannels;
    private final int outChannels;
    private final int expansion;
    private final int stride;
    private final int weightBits;
    private final int activationBits;
    private final QuantConv2d expand;
    private final BatchNorm expandNorm;
    private final QuantConv2d depthwise;
    private final BatchNorm depthwiseNorm;
    private final QuantConv2d project;
    private final BatchNorm projectNorm;

    InvertedResidual(Builder builder) {
        super(VERSION);
        inChannels = builder.inChannels;
        outChannels = builder.outChannels;
        expansion = builder.expansion;
        stride = builder.stride;
        weightBits = builder.weightBits;
        activationBits = builder.activationBits;
        int hidden = inChannels * expansion;
        if (expansion > 1) {
            expand =
                    addChildBlock(
                            "expand",
                            QuantConv2d.builder()
                                    .setInChannels(inChannels)
                                    .setOutChannels(hidden)
                                    .setKernel(1)
                                    .optWeightBits(weightBits)
                                    .build());
            expandNorm = addChildBlock("expand_bn", Norms.batchNorm());
        } else {
            expand = null;
            expandNorm = null;
        }
        depthwise =
                addChildBlock(
                        "depthwise",
                        QuantConv2d.builder()
                                .setInChannels(hidden)
                                .setOutChannels(hidden)
                                .setKernel(builder.kernel)
                                .optStride(stride)
                                .optGroups(hidden)
                                .optWeightBits(weightBits)
                                .build());
        depthwiseNorm = addChildBlock("depthwise_bn", Norms.batchNorm());
        project =
                addChildBlock(
                        "project",
                        QuantConv2d.builder()
                                .setInChannels(hidden)
                                .setOutChannels(outChannels)
                                .setKernel(1)
                                .optWeightBits(weightBits)
                                .build());
        projectNorm = addChildBlock("project_bn", Norms.batchNorm());
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
     * Computes an inverted-residual block from explicit weights and BatchNorm blocks: the one
     * implementation shared by this block and the supernet's weight-sharing path, so that both
     * compute the same numbers.
     *
     * @param parameterStore the parameter store (for the BatchNorm blocks)
     * @param x the input, NCHW
     * @param training whether this is a training pass
     * @param expandWeight the expand weight, or null when m = 1
     * @param expandNorm the expand BatchNorm, or null when m = 1
     * @param depthwiseWeight the depthwise weight (hidden, 1, k, k)
     * @param depthwiseNorm the depthwise BatchNorm
     * @param projectWeight the project weight (out, hidden, 1, 1)
     * @param projectNorm the project BatchNorm
     * @param stride the depthwise stride
     * @param weightBits the weight bits
     * @param activationBits the activation bits
     * @param branchScale a scalar the branch (the last BatchNorm's output) is multiplied by before
     *     the input is added, or null ({@link Norms#scaledBatchNorm})
     * @param residual whether to add the input
     * @return the block output
     */
    public static NDArray compute(
            ParameterStore parameterStore,
            NDArray x,
            boolean training,
            NDArray expandWeight,
            Block expandNorm,
            NDArray depthwiseWeight,
            Block depthwiseNorm,
            NDArray projectWeight,
            Block projectNorm,
            int stride,
            int weightBits,
            int activationBits,
            NDArray branchScale,
            boolean residual) {
        NDArray h = x;
        if (expandWeight != null) {
            h = QuantConv2d.convolve(h, expandWeight, weightBits, 1, 1);
            h = Norms.normalize(parameterStore, expandNorm, h, training);
            h = FakeQuant.activation(h, activationBits);
        }
        int hidden = Math.toIntExact(depthwiseWeight.getShape().get(0));
        h = QuantConv2d.convolve(h, depthwiseWeight, weightBits, stride, hidden);
        h = Norms.normalize(parameterStore, depthwiseNorm, h, training);
        h = FakeQuant.activation(h, activationBits);
        h = QuantConv2d.convolve(h, projectWeight, weightBits, 1, 1);
        h =
                branchScale == null
                        ? Norms.normalize(parameterStore, projectNorm, h, training)
                        : Norms.scaledBatchNorm(parameterStore, projectNorm, h, training, branchScale);
        return residual ? h.add(x) : h;
    }

    /**
     * Runs the block at the given bits (the supernet runs one set of weights at any bits).
     *
     * @param parameterStore the parameter store
     * @param x the input
     * @param training whether this is a training pass
     * @param wbits the weight bits
     * @param abits the activation bits
     * @return the output
     */
    public NDArray forward(
            ParameterStore parameterStore, NDArray x, boolean training, int wbits, int abits) {
        return compute(parameterStore, x, training, wbits, abits, null, hasResidual());
    }

    /**
     * Runs the block's branch at the given bits, multiplied by a scalar, without adding the input
     * even where the block has a residual connection (the supernet gates the branch alone).
     *
     * @param parameterStore the parameter store
     * @param x the input
     * @param training whether this is a training pass
     * @param wbits the weight bits
     * @param abits the activation bits
     * @param scale the scalar, or null for none
     * @return the branch output
     */
    public NDArray branch(
            ParameterStore parameterStore,
            NDArray x,
            boolean training,
            int wbits,
            int abits,
            NDArray scale) {
        return compute(parameterStore, x, training, wbits, abits, scale, false);
    }

    private NDArray compute(
            ParameterStore parameterStore,
            NDArray x,
            boolean training,
            int wbits,
            int abits,
            NDArray branchScale,
            boolean residual) {
        var device = x.getDevice();
        NDArray e =
                expand == null
                        ? null
                        : parameterStore.getValue(expand.getWeight(), device, training);
        NDArray d = parameterStore.getValue(depthwise.getWeight(), device, training);
        NDArray p = parameterStore.getValue(project.getWeight(), device, training);
        return compute(
                parameterStore,
                x,
                training,
                e,
                expandNorm,
                d,
                depthwiseNorm,
                p,
                projectNorm,
                stride,
                wbits,
                abits,
                branchScale,
                residual);
    }

    /**
     * Returns the expand convolution.
     *
     * @return the expand convolution, or null when m = 1
     */
    public QuantConv2d getExpand() {
        return expand;
    }

    /**
     * Returns the BatchNorm after the expand convolution.
     *
     * @return the BatchNorm, or null when m = 1
     */
    public BatchNorm getExpandNorm() {
        return expandNorm;
    }

    /**
     * Returns the depthwise convolution.
     *
     * @return the depthwise convolution
     */
    public QuantConv2d getDepthwise() {
        return depthwise;
    }

    /**
     * Returns the BatchNorm after the depthwise convolution.
     *
     * @return the BatchNorm
     */
    public BatchNorm getDepthwiseNorm() {
        return depthwiseNorm;
    }

    /**
     * Returns the project convolution.
     *
     * @return the project convolution
     */
    public QuantConv2d getProject() {
        return project;
    }

    /**
     * Returns the BatchNorm after the project convolution.
     *
     * @return the BatchNorm
     */
    public BatchNorm getProjectNorm() {
        return projectNorm;
    }

    /**
     * Returns the weight bits.
     *
     * @return the weight bits
     */
    public int getWeightBits() {
        return weightBits;
    }

    /**
     * Returns the bits of the ReLU6 activations after expand and depthwise.
     *
     * @return the activation bits
     */
    public int getActivationBits() {
        return activationBits;
    }

    /**
     * Returns the depthwise stride.
     *
     * @return the stride
     */
    public int getStride() {
        return stride;
    }

    /**
     * Returns whether the input is added to the output (stride 1 and same channels).
     *
     * @return true for a residual block
     */
    public boolean hasResidual() {
        return stride == 1 && inChannels == outChannels;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return new NDList(
                forward(
                        parameterStore,
                        inputs.singletonOrThrow(),
                        training,
                        weightBits,
                        activationBits));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {
            new Shape(
                    in.get(0),
                    outChannels,
                    (in.get(2) - 1) / stride + 1,
                    (in.get(3) - 1) / stride + 1)
        };
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        int hidden = inChannels * expansion;
        if (expand != null) {
            expand.initialize(manager, dataType, inputShapes);
            Norms.initialize(expandNorm, manager, dataType, hidden);
        }
        depthwise.initialize(manager, dataType, new Shape(1, hidden, 1, 1));
        Norms.initialize(depthwiseNorm, manager, dataType, hidden);
        project.initialize(manager, dataType, new Shape(1, hidden, 1, 1));
        Norms.initialize(projectNorm, manager, dataType, outChannels);
    }

    /** The builder of an {@link InvertedResidual}. */
    public static final class Builder {

        private int inChannels;
        private int outChannels;
        private int expansion = 1;
        private int kernel = 3;
        private int stride = 1;
        private int weightBits = FakeQuant.FLOAT_BITS;
        private int activationBits = FakeQuant.FLOAT_BITS;

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
         * Sets the expansion ratio m; default 1 (no expand convolution).
         *
         * @param expansion the expansion ratio
         * @return this builder
         */
        public Builder optExpansion(int expansion) {
            this.expansion = expansion;
            return this;
        }

        /**
         * Sets the depthwise kernel size; default 3.
         *
         * @param kernel the kernel size
         * @return this builder
         */
        public Builder optKernel(int kernel) {
            this.kernel = kernel;
            return this;
        }

        /**
         * Sets the depthwise stride; default 1.
         *
         * @param stride the stride
         * @return this builder
         */
        public Builder optStride(int stride) {
            this.stride = stride;
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
         * Sets the activation bits; default {@link FakeQuant#FLOAT_BITS} (ReLU6 only).
         *
         * @param activationBits the activation bits
         * @return this builder
         */
        public Builder optActivationBits(int activationBits) {
            this.activationBits = activationBits;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if a size is missing
         */
        public InvertedResidual build() {
            if (inChannels < 1 || outChannels < 1 || expansion < 1 || kernel < 1 || stride < 1) {
                throw new IllegalArgumentException(
                        "InvertedResidual needs positive channels, expansion, kernel and stride");
            }
            return new InvertedResidual(this);
        }
    }
}
