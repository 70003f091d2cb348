/**
 * Quantized DJL blocks: convolution and dense layers with fake-quantized weights, the MobileNetV2
 * inverted-residual block and the fixed network built from an {@link
 * ai.mpnas.plugin.space.Architecture}.
 */
package ai.mpnas.plugin.nn;
