package ai.mpnas.plugin.space;

/**
 * The fixed 1x1 convolution after the last stage (followed by BatchNorm and ReLU6).
 *
 * @param channels the output channels
 * @param wbits the weight bits
 * @param abits the input activation bits
 */
public record HeadSpec(int channels, int wbits, int abits) {}
