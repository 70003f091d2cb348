package ai.mpnas.cli.bench;

import ai.mpnas.bitfusion.CostCalculator;
import ai.mpnas.bitfusion.CostModel;
import ai.mpnas.bitfusion.CostModelKind;
import ai.mpnas.bitfusion.DepthwiseMode;
import ai.mpnas.bitfusion.Layer;
import ai.mpnas.bitfusion.LayerType;
import ai.mpnas.bitfusion.MobileNetV2Layers;
import ai.mpnas.bitfusion.SearchMode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Measures the Bit Fusion cost model's speed, each number next to the same measurement with the
 * exhaustive reference search (every order and candidate priced step by step) as the baseline in
 * the same run. Behind {@code ./mpnas bench bitfusion}; depends only on bitfusion (and its formats
 * and Jackson).
 *
 * <p>For each of {@code original} + {@code decomposed} (the faithful port) and {@code apq} + {@code
 * grouped} (the search default):
 *
 * <ul>
 *   <li>{@code warm_layer_ms}: average per layer, memo cache off, one thread, JIT warmed up, over
 *       the 53 MobileNetV2 layers at all 16 (wbits, abits) pairs in {2,4,6,8}^2 (the shapes and
 *       precisions of the reference cases), repeated;
 *   <li>{@code mobilenetv2_cold_ms}: MobileNetV2 (batch 1, 53 layers, w8a8) with a fresh calculator
 *       (empty cache), median of several runs; {@code mobilenetv2_first_run_ms} is the very first
 *       run in the JVM (JIT cold);
 *   <li>{@code search_table_s}: the paper's search table ({@link #searchTableLayers()}) on the
 *       given threads, memo cache off (every layer priced); {@code search_table_s_cached} the same
 *       with a fresh memoising calculator, as the search uses it (repeated blocks and the 1x1
 *       convs, which do not depend on k, leave {@code search_table_distinct_layers} to price).
 * </ul>
 *
 * The exhaustive baselines of the warm and table measurements run on a seeded random sample and are
 * extrapolated to the full set (labelled {@code *_sampled} and {@code *_extrapolated}), so the
 * whole benchmark takes well under a minute.
 */
public final class BitFusionBenchmark {

    /** Default threads for the network and table measurements. */
    public static final int DEFAULT_THREADS = 2;

    /** Default size of the samples priced with the exhaustive baseline. */
    public static final int DEFAULT_BASELINE_SAMPLE = 500;

    /** The paper's searchable stages: (channels, first stride, blocks). */
    private static final int[][] STAGES = {
        {16, 2, 1}, {24, 1, 2}, {32, 2, 4}, {64, 2, 4}, {128, 1, 4}, {160, 2, 5}, {256, 1, 2}
    };

    private static final int[] EXPANSIONS = {1, 3, 6};
    private static final int[] KERNELS = {3, 5, 7};
    private static final int[] BITS = {2, 4, 6, 8};

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BitFusionBenchmark() {}

    /**
     * Runs the benchmark with {@link #DEFAULT_THREADS} and {@link #DEFAULT_BASELINE_SAMPLE}.
     *
     * @return the results (see the class comment)
     */
    public static ObjectNode run() {
        return run(DEFAULT_THREADS, DEFAULT_BASELINE_SAMPLE, 42);
    }

    /**
     * Runs the benchmark.
     *
     * @param threads threads for the network and table measurements
     * @param baselineSample how many layers the exhaustive baselines price (warm set and table)
     * @param seed the seed of the baseline samples
     * @return one object per model configuration with the timings, baselines and speedups
     */
    public static ObjectNode run(int threads, int baselineSample, long seed) {
        ObjectNode result = MAPPER.createObjectNode();
        result.put("benchmark", "bitfusion");
        result.put("threads", threads);
        result.put("available_processors", Runtime.getRuntime().availableProcessors());
        List<Layer> warmSet = warmSet();
        List<Layer> mobileNet = MobileNetV2Layers.layers(8, 8, 1);
        List<Layer> table = searchTableLayers();
        result.put("warm_set_layers", warmSet.size());
        result.put("search_table_layers", table.size());
        result.put("baseline_sample", baselineSample);

        // The very first costing in this JVM: nothing is JIT-compiled yet.
        long start = System.nanoTime();
        calculator(
                        CostModelKind.ORIGINAL,
                        DepthwiseMode.DECOMPOSED,
                        SearchMode.PRUNED,
                        true,
                        threads)
                .costNetwork(mobileNet);
        result.put("mobilenetv2_first_run_ms", millis(start));

        ObjectNode models = result.putObject("models");
        models.set(
                "original_decomposed",
                measure(
                        CostModelKind.ORIGINAL,
                        DepthwiseMode.DECOMPOSED,
                        warmSet,
                        mobileNet,
                        table,
                        threads,
                        baselineSample,
                        seed));
        models.set(
                "apq_grouped",
                measure(
                        CostModelKind.APQ,
                        DepthwiseMode.GROUPED,
                        warmSet,
                        mobileNet,
                        table,
                        threads,
                        baselineSample,
                        seed));
        return result;
    }

    private static ObjectNode measure(
            CostModelKind kind,
            DepthwiseMode mode,
            List<Layer> warmSet,
            List<Layer> mobileNet,
            List<Layer> table,
            int threads,
            int sampleSize,
            long seed) {
        ObjectNode out = MAPPER.createObjectNode();

        CostCalculator warm = calculator(kind, mode, SearchMode.PRUNED, false, 1);
        warm.costAll(warmSet);
        warm.costAll(warmSet);
        int repeats = 3;
        long start = System.nanoTime();
        for (int r = 0; r < repeats; r++) {
            warm.costAll(warmSet);
        }
        double warmMs = millis(start) / ((double) repeats * warmSet.size());
        List<Layer> warmSample = sample(warmSet, sampleSize, seed);
        CostCalculator warmBase = calculator(kind, mode, SearchMode.EXHAUSTIVE, false, 1);
        warmBase.costAll(warmSample.subList(0, Math.min(10, warmSample.size())));
        start = System.nanoTime();
        warmBase.costAll(warmSample);
        double warmBaseMs = millis(start) / warmSample.size();
        out.put("warm_layer_ms", warmMs);
        out.put("warm_layer_ms_exhaustive_sampled", warmBaseMs);
        out.put("warm_speedup", warmBaseMs / warmMs);

        double[] cold = new double[7];
        for (int i = 0; i < cold.length; i++) {
            CostCalculator fresh = calculator(kind, mode, SearchMode.PRUNED, true, threads);
            start = System.nanoTime();
            fresh.costNetwork(mobileNet);
            cold[i] = millis(start);
        }
        Arrays.sort(cold);
        CostCalculator freshBase = calculator(kind, mode, SearchMode.EXHAUSTIVE, true, threads);
        start = System.nanoTime();
        freshBase.costNetwork(mobileNet);
        double coldBase = millis(start);
        out.put("mobilenetv2_cold_ms", cold[cold.length / 2]);
        out.put("mobilenetv2_cold_ms_exhaustive", coldBase);
        out.put("mobilenetv2_speedup", coldBase / cold[cold.length / 2]);

        CostCalculator tableCalc = calculator(kind, mode, SearchMode.PRUNED, false, threads);
        start = System.nanoTime();
        tableCalc.costAll(table);
        double tableS = millis(start) / 1000;
        CostCalculator tableCached = calculator(kind, mode, SearchMode.PRUNED, true, threads);
        start = System.nanoTime();
        tableCached.costAll(table);
        double tableCachedS = millis(start) / 1000;
        List<Layer> tableSample = sample(table, sampleSize, seed + 1);
        CostCalculator tableBase = calculator(kind, mode, SearchMode.EXHAUSTIVE, false, threads);
        start = System.nanoTime();
        tableBase.costAll(tableSample);
        double tableBaseS = millis(start) / 1000 * table.size() / tableSample.size();
        out.put("search_table_s", tableS);
        out.put("search_table_s_cached", tableCachedS);
        out.put("search_table_distinct_layers", tableCached.cacheSize());
        out.put("search_table_s_exhaustive_extrapolated", tableBaseS);
        out.put("search_table_speedup", tableBaseS / tableS);
        return out;
    }

    private static CostCalculator calculator(
            CostModelKind kind, DepthwiseMode mode, SearchMode search, boolean cache, int threads) {
        return CostCalculator.builder()
                .setModel(
                        CostModel.builder()
                                .setKind(kind)
                                .optDepthwiseMode(mode)
                                .optSearchMode(search)
                                .build())
                .optCache(cache)
                .optThreads(threads)
                .build();
    }

    private static double millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static List<Layer> sample(List<Layer> layers, int size, long seed) {
        List<Layer> shuffled = new ArrayList<>(layers);
        Collections.shuffle(shuffled, new Random(seed));
        return shuffled.subList(0, Math.min(size, shuffled.size()));
    }

    /**
     * Returns the warm set: MobileNetV2's 53 layers at each (wbits, abits) in {2,4,6,8}^2.
     *
     * @return 848 layers
     */
    public static List<Layer> warmSet() {
        List<Layer> layers = new ArrayList<>();
        for (int w : BITS) {
            for (int a : BITS) {
                layers.addAll(MobileNetV2Layers.layers(w, a, 1));
            }
        }
        return layers;
    }

    /**
     * Returns the layers of the paper's search table (ImageNet, batch 1): the stem (3x3 stride 2,
     * 32 channels on 224x224x3, 8 bits, im2col), then for each of the 22 searchable blocks, each
     * (m, k) in {1,3,6} x {3,5,7} and each (wbits, abits) in {2,4,6,8}^2: the 1x1 expansion (not
     * for m = 1), the k x k depthwise conv (the stage's stride on its first block) and the 1x1
     * projection.
     *
     * @return the table's layers
     */
    public static List<Layer> searchTableLayers() {
        List<Layer> layers = new ArrayList<>();
        layers.add(conv(224, 3, 32, 3, 2, 8, 8, true));
        int size = 112;
        int channels = 32;
        for (int[] stage : STAGES) {
            for (int block = 0; block < stage[2]; block++) {
                int stride = block == 0 ? stage[1] : 1;
                int outSize = (size + 2 * 1 - 3) / stride + 1;
                for (int m : EXPANSIONS) {
                    int hidden = channels * m;
                    for (int k : KERNELS) {
                        for (int w : BITS) {
                            for (int a : BITS) {
                                if (m != 1) {
                                    layers.add(conv(size, channels, hidden, 1, 1, w, a, false));
                                }
                                layers.add(
                                        Layer.builder()
                                                .setType(LayerType.DWCONV)
                                                .setInputSize(size)
                                                .setChannels(hidden)
                                                .setKernel(k)
                                                .optStride(stride)
                                                .optPadding(k / 2)
                                                .setBits(w, a)
                                                .build());
                                layers.add(conv(outSize, hidden, stage[0], 1, 1, w, a, false));
                            }
                        }
                    }
                }
                size = outSize;
                channels = stage[0];
            }
        }
        return layers;
    }

    private static Layer conv(
            int size, int cin, int cout, int k, int stride, int w, int a, boolean im2col) {
        return Layer.builder()
                .setType(LayerType.CONV)
                .setInputSize(size)
                .setChannels(cin, cout)
                .setKernel(k)
                .optStride(stride)
                .optPadding(k / 2)
                .setBits(w, a)
                .optIm2col(im2col)
                .build();
    }

    /**
     * Runs the benchmark and prints the JSON object.
     *
     * @param args optional threads (default 2) and baseline sample size (default 500)
     * @throws IOException if printing fails
     */
    public static void main(String[] args) throws IOException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_THREADS;
        int sample = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_BASELINE_SAMPLE;
        System.out.println(MAPPER.writeValueAsString(run(threads, sample, 42)));
    }
}
