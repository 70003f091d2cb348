package ai.mpnas.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BenchTableTest {

    @Test
    void ratiosReadAsTimesBetterThanTheBaseline() throws Exception {
        String json =
                "{\"bitfusion\":{\"search_table_layers\":8449,\"models\":{\"apq_grouped\":{"
                        + "\"warm_layer_ms\":0.05,\"warm_layer_ms_exhaustive_sampled\":2.5,"
                        + "\"mobilenetv2_cold_ms\":3,\"mobilenetv2_cold_ms_exhaustive\":90,"
                        + "\"search_table_s\":0.2,\"search_table_s_exhaustive_extrapolated\":40}}},"
                        + "\"supernet\":{\"preset\":\"cifar\",\"fakequant_img_s\":120,\"float_img_s\":150,"
                        + "\"supernet_img_s\":100,\"float_gflops\":30,\"peak_gflops\":150},"
                        + "\"export\":{\"onnx_quantized_img_s\":2000,\"onnx_float_img_s\":4000,"
                        + "\"djl_img_s\":500,\"onnx_quantized_bytes\":40000,\"onnx_float_bytes\":120000}}";
        String table = BenchTable.markdown(new ObjectMapper().readTree(json));
        assertTrue(table.contains("| Bit Fusion: one layer, warm (ms) | 0.05000 | unpruned search: 2.500 | 50.00x |"), table);
        assertTrue(table.contains("| training, fake-quantized cifar (img/s) | 120.0 | float network: 150.0 | 0.80x |"), table);
        assertTrue(table.contains("| training, float network (GFLOP/s) | 30.00 | oneDNN peak: 150.0 | 0.20x |"), table);
        assertTrue(table.contains("| model file, quantized ONNX (bytes) | 4.000e+04 | float ONNX: 1.200e+05 | 3.00x |"), table);
        assertTrue(table.lines().count() == 11, table);
    }

    @Test
    void theColdCostRowComparesTheLaunchersJvmWithoutItsStartUpFlags() throws Exception {
        String json =
                "{\"bitfusion\":{\"search_table_layers\":8449,\"models\":{\"apq_grouped\":{"
                        + "\"warm_layer_ms\":0.05,\"warm_layer_ms_exhaustive_sampled\":2.5,"
                        + "\"mobilenetv2_cold_ms\":3,\"mobilenetv2_cold_ms_exhaustive\":90,"
                        + "\"search_table_s\":0.2,\"search_table_s_exhaustive_extrapolated\":40}}},"
                        + "\"cold_cost\":{\"layers\":182,"
                        + "\"launcher\":{\"per_layer_ms\":{\"median\":0.5,\"min\":0.1,\"max\":1}},"
                        + "\"without_fast_start\":{\"per_layer_ms\":{\"median\":1.5}}},"
                        + "\"supernet\":{\"preset\":\"cifar\",\"fakequant_img_s\":120,"
                        + "\"float_img_s\":150,\"supernet_img_s\":100,\"float_gflops\":30,"
                        + "\"peak_gflops\":150},"
                        + "\"export\":{\"onnx_quantized_img_s\":2000,\"onnx_float_img_s\":4000,"
                        + "\"djl_img_s\":500,\"onnx_quantized_bytes\":40000,"
                        + "\"onnx_float_bytes\":120000}}";
        String table = BenchTable.markdown(new ObjectMapper().readTree(json));
        assertTrue(table.contains("| Bit Fusion: `cost --layers`, 182 layers, fresh JVM (ms per"
                + " layer beyond start-up) | 0.5000 | without the launcher's start-up flags:"
                + " 1.500 | 3.00x |"), table);
        assertTrue(table.lines().count() == 12, table);
    }
}
