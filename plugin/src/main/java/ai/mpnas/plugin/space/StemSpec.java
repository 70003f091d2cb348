package ai.mpnas.plugin.space;

/**
 * The fixed first convolution (followed by BatchNorm and ReLU6); its input is the image.
 *
 * @param channels the output channels
 * @param kernel the kernel size (odd)
 * @param stride the stride
 * @param wbits the weight bits
 * @param abits the input activation bits (the image's pixel depth)
 */
public record StemSpec(int channels, int kernel, int stride, int wbits, int abits) {}
