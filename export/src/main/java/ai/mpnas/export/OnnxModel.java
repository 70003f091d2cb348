package ai.mpnas.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
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
        Map<String, String> map = new LinkedHashMap<>();
        for (StringStringEntryProto e : proto.getMetadataPropsList()) {
            map.put(e.getKey(), e.getValue());
        }
        return map;
    }
}
