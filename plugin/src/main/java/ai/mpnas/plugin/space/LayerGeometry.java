package ai.mpnas.plugin.space;

/**
 * One convolution or fully connected layer of an architecture, batch independent: what a hardware
 * cost model needs. {@code h} and {@code w} are the input height and width; {@code abits} are the
 * bits of the layer's input activations.
 *
 * @param name the layer name, e.g. {@code block7.expand}
 * @param layerType conv, dwconv or fc
 * @param h the input height (1 for fc)
 * @param w the input width (1 for fc)
 * @param cin the input channels (features for fc)
 * @param cout the output channels (classes for fc)
 * @param k the kernel size (1 for fc)
 * @param stride the stride
 * @param padding the zero padding on each side
 * @param groups the convolution groups (cin for depthwise)
 * @param wbits the weight bits
 * @param abits the input activation bits
 * @param im2col true only for the first layer, whose input is the image
 */
public record LayerGeometry(
        String name,
        LayerType layerType,
        int h,
        int w,
        int cin,
        int cout,
        int k,
        int stride,
        int padding,
        int groups,
        int wbits,
        int abits,
        boolean im2col) {

    /**
     * Returns the output height.
     *
     * @return the output height
     */
    public int outHeight() {
        return (h + 2 * padding - k) / stride + 1;
    }

    /**
     * Returns the output width.
     *
     * @return the output width
     */
    public int outWidth() {
        return (w + 2 * padding - k) / stride + 1;
    }

    /**
     * Returns the number of weights (without bias or BatchNorm).
     *
     * @return the weight count
     */
    public long weightCount() {
        return (long) cout * (cin / groups) * k * k;
    }

    /**
     * Returns the multiply-accumulate operations for one image.
     *
     * @return the MACs per image
     */
    public long macs() {
        return weightCount() * outHeight() * outWidth();
    }
}
