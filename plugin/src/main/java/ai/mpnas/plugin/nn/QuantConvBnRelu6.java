package ai.mpnas.plugin.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.mpnas.plugin.quant.FakeQuant;

/**
 * A fixed layer of the network: quantized convolution, BatchNorm, ReLU6 and an activation quantizer
 * on the output (the stem, and the head without output quantizer).
 */
public class QuantConvBnRelu6 extends AbstractBlock {

    private static final byte VERSION = 1;

    private final QuantConv2d conv;
    private final BatchNorm norm;
    private final int activationBits;

    /**
     * Creates the layer.
     *
     * @param conv the convolution
     * @param activationBits the output activation bits ({@link FakeQuant#FLOAT_BITS}: ReLU6 only)
     */
    public QuantConvBnRelu6(QuantConv2d conv, int activationBits) {
        super(VERSION);
        this.conv = addChildBlock("conv", conv);
        this.norm = addChildBlock("bn", Norms.batchNorm());
        this.activationBits = activationBits;
    }

    /**
     * Returns the convolution.
     *
     * @return the convolution
     */
    public QuantConv2d getConv() {
        return conv;
    }

    /**
     * Returns the BatchNorm.
     *
     * @return the BatchNorm
     */
    public BatchNorm getNorm() {
        return norm;
    }

    /**
     * Returns the bits of the output activation quantizer ({@link FakeQuant#FLOAT_BITS}: ReLU6
     * only).
     *
     * @return the output activation bits
     */
    public int getActivationBits() {
        return activationBits;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray h = conv.forward(parameterStore, inputs, training).singletonOrThrow();
        h = Norms.normalize(parameterStore, norm, h, training);
        return new NDList(FakeQuant.activation(h, activationBits));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        norm.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
    }
}
