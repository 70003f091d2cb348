package ai.mpnas.plugin.space;

/**
 * The fixed fully connected classifier after global average pooling.
 *
 * @param wbits the weight bits
 * @param abits the input activation bits (the pooled features are quantized to this)
 */
public record ClassifierSpec(int wbits, int abits) {}
