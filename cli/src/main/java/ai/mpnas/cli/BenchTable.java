package ai.mpnas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The README's performance table, generated from {@code mpnas bench all}. */
final class BenchTable {

    private BenchTable() {}

    static String markdown(JsonNode all) {
        StringBuilder sb = new StringBuilder();
        sb.append("| figure | measured | baseline (same run) | ratio |\n|---|---|---|---|\n");
        JsonNode bf = all.at("/bitfusion/models/apq_grouped");
        row(sb, "Bit Fusion: one layer, warm (ms)", bf.get("warm_layer_ms").asDouble(),
                "unpruned search", bf.get("warm_layer_ms_exhaustive_sampled").asDouble(), true);
        row(sb, "Bit Fusion: MobileNetV2, batch 1, empty cache (ms)",
                bf.get("mobilenetv2_cold_ms").asDouble(), "unpruned search",
                bf.get("mobilenetv2_cold_ms_exhaustive").asDouble(), true);
        row(sb, "Bit Fusion: search-space table, " + all.at("/bitfusion/search_table_layers").asInt()
                        + " layers (s)", bf.get("search_table_s").asDouble(), "unpruned (extrapolated)",
                bf.get("search_table_s_exhaustive_extrapolated").asDouble(), true);
        JsonNode cold = all.get("cold_cost");
        if (cold != null) {
            row(sb, "Bit Fusion: `cost --layers`, " + cold.get("layers").asInt()
                            + " layers, fresh JVM (ms per layer beyond start-up)",
                    cold.at("/launcher/per_layer_ms/median").asDouble(),
                    "without the launcher's start-up flags",
                    cold.at("/without_fast_start/per_layer_ms/median").asDouble(), true);
        }
        JsonNode sn = all.get("supernet");
        row(sb, "training, fake-quantized " + sn.get("preset").asText() + " (img/s)",
                sn.get("fakequant_img_s").asDouble(), "float network", sn.get("float_img_s").asDouble(), false);
        row(sb, "training, single-path supernet (img/s)", sn.get("supernet_img_s").asDouble(),
                "fake-quantized network", sn.get("fakequant_img_s").asDouble(), false);
        row(sb, "training, float network (GFLOP/s)", sn.get("float_gflops").asDouble(),
                "oneDNN peak", sn.get("peak_gflops").asDouble(), false);
        JsonNode pt = all.get("supernet_pytorch");
        if (pt != null) {
            row(sb, "training, float network on PyTorch (GFLOP/s)",
                    pt.get("float_gflops").asDouble(), "oneDNN peak (MXNet run)",
                    sn.get("peak_gflops").asDouble(), false);
            row(sb, "training, single-path supernet on PyTorch (img/s)",
                    pt.get("supernet_img_s").asDouble(), "the same on MXNet",
                    sn.get("supernet_img_s").asDouble(), false);
            row(sb, "training, float network on PyTorch (img/s)", pt.get("float_img_s").asDouble(),
                    "the same on MXNet", sn.get("float_img_s").asDouble(), false);
        }
        JsonNode ex = all.get("export");
        row(sb, "inference, quantized ONNX on ONNX Runtime (img/s)",
                ex.get("onnx_quantized_img_s").asDouble(), "float ONNX", ex.get("onnx_float_img_s").asDouble(), false);
        row(sb, "inference, quantized ONNX on ONNX Runtime (img/s)",
                ex.get("onnx_quantized_img_s").asDouble(), "DJL/MXNet forward", ex.get("djl_img_s").asDouble(), false);
        row(sb, "model file, quantized ONNX (bytes)", ex.get("onnx_quantized_bytes").asDouble(),
                "float ONNX", ex.get("onnx_float_bytes").asDouble(), true);
        return sb.toString();
    }

    /** A row; the ratio reads "how many times better": baseline/measured for times and sizes. */
    private static void row(StringBuilder sb, String figure, double measured, String baseline,
            double base, boolean lowerIsBetter) {
        double ratio = lowerIsBetter ? base / measured : measured / base;
        sb.append(String.format(Locale.ROOT, "| %s | %.4g | %s: %.4g | %.2fx |%n",
                figure, measured, baseline, base, ratio));
    }
}
