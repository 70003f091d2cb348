/**
 * Fake quantizers with straight-through gradients, on exactly the integer grids and scales the ONNX
 * export writes: weights symmetric per output channel, activations unsigned on the fixed ReLU6
 * range.
 */
package ai.mpnas.plugin.quant;
