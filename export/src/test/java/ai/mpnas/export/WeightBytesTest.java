package ai.mpnas.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.mpnas.plugin.nn.FixedNetwork;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.LayerGeometry;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stored weights shrink with the bits: one topology at 8 bits, 4 bits and mixed bits. */
class WeightBytesTest {

    @Test
    void weightBytesShrinkWithBits() {
        Map<String, long[]> sizes = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager("MXNet")) {
            for (String code :
                    new String[] {
                        TrainedNetworks.UNIFORM8, TrainedNetworks.MIXED, TrainedNetworks.UNIFORM4
                    }) {
                Architecture arch = TrainedNetworks.architecture(code);
                FixedNetwork net = FixedNetwork.builder().setArchitecture(arch).build();
                net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
                for (boolean quantized : new boolean[] {true, false}) {
                    OnnxModel model = TrainedNetworks.onnx(net, quantized);
                    long integerBytes = 0;
                    for (TensorProto t : model.proto().getGraph().getInitializerList()) {
                        if (t.getName().endsWith(".weight_q")) {
                            integerBytes += t.getRawData().size();
                        }
                    }
                    if (quantized) {
                        // independent reference: geometry weight counts at 1 byte (int8) or half
                        // a byte (int4, rounded up per tensor)
                        long expected = 0;
                        for (LayerGeometry g : arch.layers()) {
                            long n = g.weightCount();
                            expected += g.wbits() <= 4 ? (n + 1) / 2 : n;
                        }
                        assertEquals(expected, integerBytes, code);
                    }
                    sizes.put(
                            code + (quantized ? " quantized" : " float"),
                            new long[] {
                                integerBytes, model.parameterBytes(), model.toByteArray().length
                            });
                }
            }
        }
        System.out.println("architecture | integer weight bytes | all initializer bytes | model.onnx bytes");
        sizes.forEach(
                (k, v) -> System.out.println(k + " | " + v[0] + " | " + v[1] + " | " + v[2]));
        long b8 = sizes.get(TrainedNetworks.UNIFORM8 + " quantized")[2];
        long mixed = sizes.get(TrainedNetworks.MIXED + " quantized")[2];
        long b4 = sizes.get(TrainedNetworks.UNIFORM4 + " quantized")[2];
        long f32 = sizes.get(TrainedNetworks.UNIFORM8 + " float")[2];
        assertTrue(f32 > b8 && b8 > mixed && mixed > b4, f32 + " > " + b8 + " > " + mixed + " > " + b4);
    }
}
