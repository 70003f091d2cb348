package ai.mpnas.cli.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.mpnas.export.OnnxExporter;
import ai.mpnas.export.OnnxModel;
import ai.mpnas.export.OrtSessions;
import ai.mpnas.export.Provenance;
import ai.mpnas.plugin.nn.FixedNetwork;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.InputShape;
import ai.mpnas.plugin.space.Normalization;
import ai.mpnas.plugin.space.SearchSpace;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Measures inference throughput of one network three ways, same batch and threads: the quantized
 * ONNX export on ONNX Runtime (default optimisation), a float ONNX export of the same parameters
 * on ONNX Runtime, and the DJL forward of the fake-quantized network on the default engine
 * (MXNet). Warm-up batches are excluded; the figure is the median of the timed rounds.
 */
public final class ExportBenchmark {

    /** Default warm-up batches per measurement. */
    public static final int DEFAULT_WARMUP = 5;

    /** Default timed batches per round. */
    public static final int DEFAULT_BATCHES = 20;

    /** Timed rounds per measurement; the median round is reported. */
    public static final int ROUNDS = 3;

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ExportBenchmark() {}

    /**
     * Returns a mixed-precision network of a preset: the reference topology (largest expansion,
     * smallest kernel) with weight and activation bits cycling through 2, 4, 6, 8 over the blocks.
     *
     * @param space the search space
     * @return the architecture
     */
    public static Architecture mixedReference(SearchSpace space) {
        int[] bits = {2, 4, 6, 8};
        List<BlockChoice> blocks = new ArrayList<>();
        List<BlockChoice> reference = space.reference(8).blocks();
        for (int i = 0; i < reference.size(); i++) {
            BlockChoice r = reference.get(i);
            blocks.add(BlockChoice.of(r.m(), r.k(), bits[i % 4], bits[(i + 1) % 4]));
        }
        Architecture architecture = new Architecture(space, blocks);
        architecture.validate("benchmark");
        return architecture;
    }

    /**
     * Runs the benchmark with default warm-up and batch counts.
     *
     * @param architecture the network
     * @param batch the batch size
     * @param threads ONNX Runtime intra-op threads (MXNet's come from {@code OMP_NUM_THREADS})
     * @return the results (see {@link #run(Architecture, int, int, int, int, long)})
     * @throws OrtException if ONNX Runtime fails
     */
    public static ObjectNode run(Architecture architecture, int batch, int threads)
            throws OrtException {
        return run(architecture, batch, threads, DEFAULT_WARMUP, DEFAULT_BATCHES, 42);
    }

    /**
     * Runs the benchmark on a randomly initialised network (throughput does not depend on the
     * weights) whose BatchNorm statistics are calibrated on random inputs.
     *
     * <p>Fields: {@code onnx_quantized_img_s}, {@code onnx_float_img_s}, {@code djl_img_s},
     * {@code onnx_quantized_bytes}, {@code onnx_float_bytes}, and the settings ({@code
     * architecture}, {@code batch}, {@code threads}, {@code omp_num_threads}, {@code
     * mxnet_use_operator_tuning}, {@code engine}, {@code onnxruntime}).
     *
     * @param architecture the network
     * @param batch the batch size
     * @param threads ONNX Runtime intra-op threads
     * @param warmup warm-up batches per measurement
     * @param batches timed batches per round
     * @param seed the seed of the inputs
     * @return the results
     * @throws OrtException if ONNX Runtime fails
     */
    public static ObjectNode run(
            Architecture architecture, int batch, int threads, int warmup, int batches, long seed)
            throws OrtException {
        SearchSpace space = architecture.space();
        InputShape in = space.input();
        float[] pixels = new float[batch * in.channels() * in.height() * in.width()];
        Random random = new Random(seed);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        Shape shape = new Shape(batch, in.channels(), in.height(), in.width());
        Normalization identity = Normalization.identity(in.channels());
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < space.classes(); i++) {
            classes.add("class" + i);
        }
        Provenance provenance =
                Provenance.builder()
                        .setDataset("benchmark")
                        .setClasses(classes)
                        .setNormalization(identity)
                        .build();

        ObjectNode out = MAPPER.createObjectNode();
        out.put("architecture", architecture.code());
        out.put("preset", space.id());
        out.put("batch", batch);
        out.put("threads", threads);
        BenchEnvironment.record(out);
        out.put("warmup_batches", warmup);
        out.put("timed_batches", batches);
        out.put("rounds", ROUNDS);
        try (NDManager manager = NDManager.newBaseManager()) {
            out.put("engine", manager.getEngine().getEngineName());
            FixedNetwork net = FixedNetwork.builder().setArchitecture(architecture).build();
            net.initialize(manager, DataType.FLOAT32, shape);
            NDArray x = manager.create(pixels, shape);
            ParameterStore store = new ParameterStore(manager, false);
            // calibrate BatchNorm running statistics so activations are in a realistic range
            for (int i = 0; i < 3; i++) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    net.forward(store, new NDList(x), true);
                }
            }
            OnnxModel quantized = export(net, provenance, true);
            OnnxModel floating = export(net, provenance, false);
            out.put("onnx_quantized_bytes", quantized.toByteArray().length);
            out.put("onnx_float_bytes", floating.toByteArray().length);
            out.put("onnxruntime", OrtSessions.environment().getVersion());
            out.put(
                    "onnx_quantized_img_s",
                    onnx(quantized.toByteArray(), pixels, shape, threads, warmup, batches));
            out.put(
                    "onnx_float_img_s",
                    onnx(floating.toByteArray(), pixels, shape, threads, warmup, batches));
            out.put("djl_img_s", djl(net, store, x, warmup, batches));
        }
        return out;
    }

    private static OnnxModel export(FixedNetwork net, Provenance provenance, boolean quantized) {
        return OnnxExporter.builder()
                .setNetwork(net)
                .setProvenance(provenance)
                .optQuantized(quantized)
                .build()
                .export();
    }

    private static double onnx(
            byte[] model, float[] pixels, Shape shape, int threads, int warmup, int batches)
            throws OrtException {
        try (OrtSession session = OrtSessions.open(model, threads);
                OnnxTensor input =
                        OnnxTensor.createTensor(
                                OrtSessions.environment(),
                                FloatBuffer.wrap(pixels),
                                shape.getShape())) {
            Map<String, OnnxTensor> feed = Map.of(OnnxExporter.INPUT_NAME, input);
            for (int i = 0; i < warmup; i++) {
                session.run(feed).close();
            }
            List<Double> rounds = new ArrayList<>();
            for (int r = 0; r < ROUNDS; r++) {
                long start = System.nanoTime();
                for (int i = 0; i < batches; i++) {
                    session.run(feed).close();
                }
                rounds.add(shape.get(0) * batches / ((System.nanoTime() - start) / 1e9));
            }
            return median(rounds);
        }
    }

    private static double djl(
            FixedNetwork net, ParameterStore store, NDArray x, int warmup, int batches) {
        for (int i = 0; i < warmup; i++) {
            forward(net, store, x);
        }
        List<Double> rounds = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                forward(net, store, x);
            }
            rounds.add(x.getShape().get(0) * batches / ((System.nanoTime() - start) / 1e9));
        }
        return median(rounds);
    }

    /** One inference forward; reading the logits waits for the engine's asynchronous work. */
    private static void forward(FixedNetwork net, ParameterStore store, NDArray x) {
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray input = x.duplicate();
            scope.tempAttachAll(input);
            NDArray logits = net.forward(store, new NDList(input), false).singletonOrThrow();
            scope.tempAttachAll(logits);
            logits.toFloatArray();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * Prints the benchmark of the fashion-mnist mixed reference at batch 64 and 2 threads.
     *
     * @param args ignored
     * @throws OrtException if ONNX Runtime fails
     */
    public static void main(String[] args) throws OrtException {
        Architecture architecture = mixedReference(SearchSpace.preset("fashion-mnist"));
        System.out.println(run(architecture, 64, 2).toPrettyString());
    }
}
