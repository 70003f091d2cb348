package ai.mpnas.plugin.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.mpnas.plugin.quant.FakeQuant;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockSlot;
import ai.mpnas.plugin.space.SearchSpace;

import java.util.List;

/**
 * Builds the fixed layers shared by the fixed network and the supernet (stem, head, classifier), so
 * both compute the same function of the same weights.
 */
public final class FixedLayers {

    private FixedLayers() {}

    /**
     * Creates the stem: quantized convolution, BatchNorm, ReLU6, output quantized at {@link
     * Architecture#BOTTLENECK_BITS}.
     *
     * @param space the search space
     * @param quantized false for the float baseline
     * @return the stem block
     */
    public static QuantConvBnRelu6 stem(SearchSpace space, boolean quantized) {
        return new QuantConvBnRelu6(
                QuantConv2d.builder()
                        .setInChannels(space.input().channels())
                        .setOutChannels(space.stem().channels())
                        .setKernel(space.stem().kernel())
                        .optStride(space.stem().stride())
                        .optWeightBits(bits(space.stem().wbits(), quantized))
                        .build(),
                bits(Architecture.BOTTLENECK_BITS, quantized));
    }

    /**
     * Creates the head: quantized 1x1 convolution, BatchNorm and ReLU6 (its output is quantized
     * after pooling, see {@link #classify}).
     *
     * @param space the search space
     * @param quantized false for the float baseline
     * @return the head block
     */
    public static QuantConvBnRelu6 head(SearchSpace space, boolean quantized) {
        List<BlockSlot> slots = space.blocks();
        return new QuantConvBnRelu6(
                QuantConv2d.builder()
                        .setInChannels(slots.get(slots.size() - 1).outChannels())
                        .setOutChannels(space.head().channels())
                        .setKernel(1)
                        .optWeightBits(bits(space.head().wbits(), quantized))
                        .build(),
                FakeQuant.FLOAT_BITS);
    }

    /**
     * Creates the classifier.
     *
     * @param space the search space
     * @param quantized false for the float baseline
     * @return the classifier block
     */
    public static QuantDense classifier(SearchSpace space, boolean quantized) {
        return QuantDense.builder()
                .setInFeatures(space.head().channels())
                .setOutFeatures(space.classes())
                .optWeightBits(bits(space.classifier().wbits(), quantized))
                .build();
    }

    /**
     * Global average pooling, quantization of the pooled ReLU6 features at the classifier's input
     * bits, and the classifier.
     *
     * @param parameterStore the parameter store
     * @param features the head output (N, C, H, W)
     * @param classifier the classifier
     * @param inputBits the classifier's input bits
     * @param training whether this is a training pass
     * @return the logits (N, classes)
     */
    public static NDArray classify(
            ParameterStore parameterStore,
            NDArray features,
            QuantDense classifier,
            int inputBits,
            boolean training) {
        NDArray pooled = FakeQuant.bounded(Pool.globalAvgPool2d(features), inputBits);
        return classifier.forward(parameterStore, new NDList(pooled), training).singletonOrThrow();
    }

    /**
     * Returns {@code bits}, or {@link FakeQuant#FLOAT_BITS} when not quantized.
     *
     * @param bits the bits
     * @param quantized whether quantization is on
     * @return the effective bits
     */
    public static int bits(int bits, boolean quantized) {
        return quantized ? bits : FakeQuant.FLOAT_BITS;
    }
}
