package ai.mpnas.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Small constructors for the ONNX protobuf messages the writer needs. */
final class OnnxProtos {

    private OnnxProtos() {}

    /** A float tensor, little-endian raw data. */
    static TensorProto floats(String name, float[] values, long... dims) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return raw(name, TensorProto.DataType.FLOAT_VALUE, buffer.array(), dims);
    }

    /** A uint8 scalar. */
    static TensorProto uint8Scalar(String name, int value) {
        return raw(name, TensorProto.DataType.UINT8_VALUE, new byte[] {(byte) value});
    }

    /**
     * Signed integers at a storage type: INT8 one byte each, INT4 packed two per byte, the first
     * element in the low nibble (the ONNX layout).
     */
    static TensorProto integers(String name, int[] values, boolean int4, long... dims) {
        byte[] data;
        if (int4) {
            data = new byte[(values.length + 1) / 2];
            for (int i = 0; i < values.length; i++) {
                int nibble = values[i] & 0x0f;
                data[i / 2] |= (byte) (i % 2 == 0 ? nibble : nibble << 4);
            }
        } else {
            data = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                data[i] = (byte) values[i];
            }
        }
        int type = int4 ? TensorProto.DataType.INT4_VALUE : TensorProto.DataType.INT8_VALUE;
        return raw(name, type, data, dims);
    }

    static TensorProto raw(String name, int dataType, byte[] data, long... dims) {
        TensorProto.Builder t =
                TensorProto.newBuilder()
                        .setName(name)
                        .setDataType(dataType)
                        .setRawData(ByteString.copyFrom(data));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    static NodeProto.Builder node(String opType, String name, String[] inputs, String output) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(name);
        for (String in : inputs) {
            n.addInput(in);
        }
        return n.addOutput(output);
    }

    static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder a =
                AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    /** A float tensor value with a symbolic batch dimension {@code N} first. */
    static ValueInfoProto batchedFloat(String name, long... dims) {
        TensorShapeProto.Builder shape =
                TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(
                        TypeProto.newBuilder()
                                .setTensorType(
                                        TypeProto.Tensor.newBuilder()
                                                .setElemType(TensorProto.DataType.FLOAT_VALUE)
                                                .setShape(shape)))
                .build();
    }
}
