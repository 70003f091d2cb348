/**
 * The files mpnas writes, in one place: {@link ai.mpnas.formats.AtomicFiles} (the one atomic
 * writer of every file and directory), {@link ai.mpnas.formats.OnnxMetadataKeys} (the
 * provenance keys of an exported ONNX model), {@link ai.mpnas.formats.JsonErrors} (one-line
 * messages for JSON that does not parse), and records of a run directory's files, each read and
 * written through Jackson byte for byte as mpnas has always written it: {@link
 * ai.mpnas.formats.RunMetrics} ({@code metrics.json}) and {@link ai.mpnas.formats.RunArchitecture}
 * ({@code architecture.json}: the architecture and the sections a search adds about it), and of a
 * protocol sweep's: {@link ai.mpnas.formats.SweepPoint} (a point's {@code point.json}) and {@link
 * ai.mpnas.formats.ProtocolRow} (a row of {@code table.json}).
 */
package ai.mpnas.formats;
