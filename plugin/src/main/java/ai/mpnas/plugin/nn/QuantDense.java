package ai.mpnas.plugin.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import ai.mpnas.plugin.quant.FakeQuant;

/**
 * A fully connected layer whose weights are fake-quantized per output unit; the float bias is added
 * after the product (it becomes the export's float bias).
 */
public class QuantDense extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int outFeatures;
    private final int weightBits;
    private final Parameter weight;
    private final Parameter bias;

    QuantDense(Builder builder) {
        super(VERSION);
        outFeatures = builder.outFeatures;
        weightBits = builder.weightBits;
        weight =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(builder.outFeatures, builder.inFeatures))
                                .optInitializer(new XavierInitializer())
                                .build());
        bias =
                addParameter(
                        Parameter.builder()
                                .setName("bias")
                                .setType(Parameter.Type.BIAS)
                                .optShape(new Shape(builder.outFeatures))
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
     * Returns the weight parameter.
     *
     * @return the weight (out, in)
     */
    public Parameter getWeight() {
        return weight;
    }

    /**
     * Returns the bias parameter.
     *
     * @return the bias (out)
     */
    public Parameter getBias() {
        return bias;
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
        NDArray b = parameterStore.getValue(bias, x.getDevice(), training);
        // see QuantConv2d#convolve: weight-derived arrays belong to a per-call scope
        try (NDManager scope = x.getManager().newSubManager()) {
            scope.tempAttachAll(w);
            return Linear.linear(x, FakeQuant.weight(w, weightBits), b);
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outFeatures)};
    }

    /** The builder of a {@link QuantDense}. */
    public static final class Builder {

        private int inFeatures;
        private int outFeatures;
        private int weightBits = FakeQuant.FLOAT_BITS;

        Builder() {}

        /**
         * Sets the input features.
         *
         * @param inFeatures the input features
         * @return this builder
         */
        public Builder setInFeatures(int inFeatures) {
            this.inFeatures = inFeatures;
            return this;
        }

        /**
         * Sets the output features.
         *
         * @param outFeatures the output features
         * @return this builder
         */
        public Builder setOutFeatures(int outFeatures) {
            this.outFeatures = outFeatures;
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
         * Builds the layer.
         *
         * @return the block
         * @throws IllegalArgumentException if a size is missing
         */
        public QuantDense build() {
            if (inFeatures < 1 || outFeatures < 1) {
                throw new IllegalArgumentException("QuantDense needs positive in and out features");
            }
            return new QuantDense(this);
        }
    }
}
