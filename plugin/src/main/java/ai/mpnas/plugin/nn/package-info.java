/**
 * Quantized DJL blocks: convolution and dense layers with fake-quantized weights, the MobileNetV2
 * inverted-residual block, the MobileNetV2 skeleton (stem, blocks, head, pooling, classifier) and
 * the fixed network built on it from an {@link ai.mpnas.plugin.space.Architecture}.
 */
package ai.mpnas.plugin.nn;
