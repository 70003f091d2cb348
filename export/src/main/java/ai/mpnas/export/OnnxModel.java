package ai.mpnas.export;

import ai.mpnas.formats.OnnxMetadataKeys;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exported ONNX model in memory.
 *
 * @param proto the model
 * @param quantized true for integer weights and quantized activations, false for the float export
 * @param parameterBytes the bytes of all initializers (weights, scales, biases, constants)
 */
public record OnnxModel(ModelProto proto, boolean quantized, long parameterBytes) {

    /**
     * Returns the serialized model, the bytes of {@code model.onnx}.
     *
     * @return the bytes
     */
    public byte[] toByteArray() {
        return proto.toByteArray();
    }

    /**
     * Returns the model's {@code metadata_props}.
     *
     * @return the key to value map, in file order
     */
    public Map<String, String> metadata() {
        return metadata(proto);
    }

    /**
     * Reads the {@code metadata_props} of an ONNX file ({@link OnnxMetadataKeys} for mpnas models).
     *
     * @param file the ONNX model file
     * @return the key to value map, in file order
     * @throws IOException naming the file if it cannot be read or is not an ONNX model
     */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return metadata(ModelProto.parseFrom(in));
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(file + ": not an ONNX model (" + e.getMessage() + ")", e);
        }
    }

    private static Map<String, String> metadata(ModelProto proto) {
        Map<String, String> map = new LinkedHashMap<>();
        for (StringStringEntryProto e : proto.getMetadataPropsList()) {
            map.put(e.getKey(), e.getValue());
        }
        return map;
    }
}
