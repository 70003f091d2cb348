/**
 * ONNX export of found networks with per-layer bit widths and provenance.
 *
 * <p>{@link ai.mpnas.export.OnnxExporter} writes a trained {@link ai.mpnas.plugin.nn.FixedNetwork}
 * as ONNX (opset 21, IR 10) with {@link ai.mpnas.formats.OnnxMetadataKeys provenance metadata};
 * {@link ai.mpnas.export.OnnxVerifier} compares it on ONNX Runtime with the network's DJL forward;
 * {@link ai.mpnas.export.ModelExport} writes a verified DJL Serving directory atomically; {@link
 * ai.mpnas.export.RunExport} reads a trained run directory and exports it.
 */
package ai.mpnas.export;
