/**
 * The files mpnas writes, in one place: {@link ai.mpnas.formats.AtomicFiles} (the one atomic
 * writer of every file and directory) and {@link ai.mpnas.formats.OnnxMetadataKeys} (the
 * provenance keys of an exported ONNX model).
 */
package ai.mpnas.formats;
