/** ONNX export of found networks with per-layer bit widths and provenance. */
package ai.mpnas.export;
