package ai.mpnas.cli.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.mpnas.plugin.nn.FixedNetwork;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.InputShape;
import ai.mpnas.plugin.space.LayerGeometry;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.plugin.supernet.BlockSample;
import ai.mpnas.plugin.supernet.SampledPathOptimizer;
import ai.mpnas.plugin.supernet.SuperNet;
import ai.mpnas.plugin.supernet.WeightSharing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Measures training throughput (forward, backward and optimizer step; warm-up steps excluded) of a
 * preset's reference network in float and fake-quantized, and of the single-path supernet, plus the
 * engine's peak convolution throughput in the same run. Behind {@code ./mpnas bench supernet}.
 *
 * <p>FLOPs count multiply and add separately over convolutions and the classifier; a training step
 * counts three times the forward FLOPs (forward, gradient of inputs, gradient of weights).
 */
public final class SupernetBenchmark {

    /** Default warm-up steps per measurement (excluded from the timing). */
    public static final int DEFAULT_WARMUP = 5;

    /** Default timed steps per measurement. */
    public static final int DEFAULT_STEPS = 20;

    /** Bits of the fake-quantized reference network and of the supernet's fixed path. */
    public static final int BITS = 4;

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SupernetBenchmark() {}

    /**
     * Runs the benchmark with the default warm-up and step counts.
     *
     * @param preset the search-space preset, e.g. {@code cifar}
     * @param batch the batch size
     * @return the results (see {@link #run(String, int, int, int, long)})
     */
    public static ObjectNode run(String preset, int batch) {
        return run(preset, batch, DEFAULT_WARMUP, DEFAULT_STEPS, 42);
    }

    /**
     * Runs the benchmark.
     *
     * <p>Fields: {@code float_img_s}, {@code fakequant_img_s} (the reference network, m = max, k =
     * min, at {@value #BITS} bits), {@code supernet_img_s} (the shared-weight supernet on that same
     * path, with straight-through gates and the sampled-path optimizer, so it compares step for
     * step with {@code fakequant_img_s}), {@code supernet_random_img_s} (a fresh random path every
     * step), {@code supernet_separate_img_s} (separate weights per (m, k), same path), {@code
     * peak_gflops} (a large 1x1 convolution forward), {@code float_gflops}, {@code
     * train_gflop_per_img}, {@code supernet_peak_rss_mb} (peak resident memory of the process after
     * a shared supernet run that is the process's first training), parameter counts of both
     * weight-sharing modes, and the settings.
     *
     * @param preset the search-space preset
     * @param batch the batch size
     * @param warmup the warm-up steps per measurement
     * @param steps the timed steps per measurement
     * @param seed the random seed of data and paths
     * @return the results
     */
    public static ObjectNode run(String preset, int batch, int warmup, int steps, long seed) {
        SearchSpace space = SearchSpace.preset(preset);
        Architecture reference = space.reference(BITS);
        InputShape in = space.input();
        Shape shape = new Shape(batch, in.channels(), in.height(), in.width());
        double flopPerImage = 0;
        for (LayerGeometry layer : reference.layers()) {
            flopPerImage += 3.0 * 2.0 * layer.macs();
        }

        ObjectNode out = MAPPER.createObjectNode();
        out.put("preset", preset);
        out.put("batch", batch);
        out.put("warmup_steps", warmup);
        out.put("timed_steps", steps);
        out.put("engine", Engine.getInstance().getEngineName());
        BenchEnvironment.record(out);
        out.put("architecture", reference.code());
        out.put("train_gflop_per_img", flopPerImage / 1e9);
        out.put("peak_gflops", peakGflops());

        // A discarded supernet run first: the first training in a process pays for JIT
        // compilation, engine thread pools and allocator warm-up whatever its warm-up steps, and
        // while nothing else has trained yet the process's peak memory is the supernet's own
        // (jemalloc keeps freed memory, so a later peak would include earlier runs).
        resetPeakRss();
        SuperNet warm = SuperNet.builder().setSearchSpace(space).build();
        supernetFixedPath(warm, reference, shape, warmup, warmup, seed);
        out.put("supernet_peak_rss_mb", peakRssMb());
        warm.clear();

        FixedNetwork floatNet =
                FixedNetwork.builder().setArchitecture(reference).optQuantized(false).build();
        double floatImgS = fixed(floatNet, shape, warmup, steps, seed);
        out.put("float_img_s", floatImgS);
        out.put("float_gflops", floatImgS * flopPerImage / 1e9);
        floatNet.clear();

        FixedNetwork quantNet = FixedNetwork.builder().setArchitecture(reference).build();
        out.put("fakequant_img_s", fixed(quantNet, shape, warmup, steps, seed));
        out.put("fixed_params", parameterCount(quantNet));
        quantNet.clear();

        SuperNet shared = SuperNet.builder().setSearchSpace(space).build();
        out.put("supernet_img_s", supernetFixedPath(shared, reference, shape, warmup, steps, seed));
        out.put("supernet_params", parameterCount(shared));
        shared.clear();

        SuperNet random = SuperNet.builder().setSearchSpace(space).build();
        out.put("supernet_random_img_s", supernetRandomPaths(random, shape, warmup, steps, seed));
        random.clear();

        SuperNet separate =
                SuperNet.builder().setSearchSpace(space).optSharing(WeightSharing.SEPARATE).build();
        out.put(
                "supernet_separate_img_s",
                supernetFixedPath(separate, reference, shape, warmup, steps, seed));
        out.put("supernet_separate_params", parameterCount(separate));
        separate.clear();
        return out;
    }

    private static Optimizer sgd() {
        return Optimizer.sgd()
                .setLearningRateTracker(Tracker.fixed(0.01f))
                .optMomentum(0.9f)
                .optWeightDecays(4e-5f)
                .build();
    }

    private static double fixed(Block net, Shape shape, int warmup, int steps, long seed) {
        return train(net, sgd(), shape, warmup, steps, seed, (manager, step) -> {});
    }

    private static double supernetFixedPath(
            SuperNet net, Architecture path, Shape shape, int warmup, int steps, long seed) {
        Optimizer optimizer =
                SampledPathOptimizer.builder()
                        .setOptimizer(sgd())
                        .setActiveRegions(net::activeRegions)
                        .build();
        List<BlockChoice> choices = path.blocks();
        return train(
                net,
                optimizer,
                shape,
                warmup,
                steps,
                seed,
                new Gates(net, seed) {
                    @Override
                    BlockChoice choose(int block, List<BlockChoice> candidates) {
                        return choices.get(block);
                    }
                });
    }

    private static double supernetRandomPaths(
            SuperNet net, Shape shape, int warmup, int steps, long seed) {
        Optimizer optimizer =
                SampledPathOptimizer.builder()
                        .setOptimizer(sgd())
                        .setActiveRegions(net::activeRegions)
                        .build();
        Random random = new Random(seed);
        return train(
                net,
                optimizer,
                shape,
                warmup,
                steps,
                seed,
                new Gates(net, seed) {
                    @Override
                    BlockChoice choose(int block, List<BlockChoice> candidates) {
                        return candidates.get(random.nextInt(candidates.size()));
                    }
                });
    }

    /** Per step: draws a path and sets it with straight-through gates from logits theta. */
    private abstract static class Gates implements StepHook {

        private final SuperNet net;
        private final long seed;
        private NDArray theta;

        Gates(SuperNet net, long seed) {
            this.net = net;
            this.seed = seed;
        }

        abstract BlockChoice choose(int block, List<BlockChoice> candidates);

        @Override
        public void before(NDManager stepManager, int step) {
            SearchSpace space = net.getSearchSpace();
            int blocks = space.numBlocks();
            int width = 0;
            for (int i = 0; i < blocks; i++) {
                width = Math.max(width, space.candidates(i).size());
            }
            if (theta == null) {
                theta = stepManager.getParentManager().randomNormal(new Shape(blocks, width));
                theta.setRequiresGradient(true);
            }
            NDArray soft = theta.softmax(1);
            soft.attach(stepManager);
            List<BlockSample> samples = new ArrayList<>();
            for (int i = 0; i < blocks; i++) {
                List<BlockChoice> candidates = space.candidates(i);
                BlockChoice choice = choose(i, candidates);
                NDArray p = soft.get(i, candidates.indexOf(choice));
                samples.add(new BlockSample(choice, p.sub(p.stopGradient()).add(1f)));
            }
            net.setSample(samples);
        }
    }

    /** Work done inside the gradient collector before each step's forward pass. */
    private interface StepHook {
        void before(NDManager stepManager, int step);
    }

    private static double train(
            Block net,
            Optimizer optimizer,
            Shape shape,
            int warmup,
            int steps,
            long seed,
            StepHook hook) {
        try (Model model = Model.newInstance("bench")) {
            model.setBlock(net);
            try (Trainer trainer =
                    model.newTrainer(
                            new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                                    .optOptimizer(optimizer)
                                    .optDevices(new Device[] {Device.cpu()}))) {
                NDManager manager = trainer.getManager();
                if (hook instanceof Gates) {
                    // the supernet needs a path before the trainer's first forward pass
                    try (NDManager first = manager.newSubManager()) {
                        hook.before(first, -1);
                    }
                }
                trainer.initialize(shape);
                Random random = new Random(seed);
                int classes = Math.toIntExact(net.getOutputShapes(new Shape[] {shape})[0].get(1));
                float[] x = new float[Math.toIntExact(shape.size())];
                float[] y = new float[Math.toIntExact(shape.get(0))];
                long start = 0;
                for (int step = 0; step < warmup + steps; step++) {
                    if (step == warmup) {
                        start = System.nanoTime();
                    }
                    for (int i = 0; i < x.length; i++) {
                        x[i] = random.nextFloat();
                    }
                    for (int i = 0; i < y.length; i++) {
                        y[i] = random.nextInt(classes);
                    }
                    try (NDManager stepManager = manager.newSubManager()) {
                        NDArray input = stepManager.create(x, shape);
                        NDArray labels = stepManager.create(y);
                        NDArray loss;
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            hook.before(stepManager, step);
                            NDArray logits = trainer.forward(new NDList(input)).singletonOrThrow();
                            loss =
                                    trainer.getLoss()
                                            .evaluate(new NDList(labels), new NDList(logits));
                            gc.backward(loss);
                        }
                        trainer.step();
                        // wait for the engine to finish the step before the clock reads it
                        loss.getFloat();
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                return steps * shape.get(0) / seconds;
            }
        }
    }

    /**
     * The machine's oneDNN peak for this engine: a chain of 1x1 convolutions 256 -> 256 channels
     * on 64 x 32 x 32 maps (the best case for oneDNN: no padding, no halo, large GEMMs). The chain
     * feeds each output into the next convolution, so the engine cannot run them side by side, and
     * the clock waits once, on a sum of the last output. Nothing here slices an output: oneDNN
     * returns it in a blocked layout (channels by 8 on AVX2, by 16 on AVX-512), and MXNet 1.9.1
     * dies with SIGFPE slicing such an array on AVX2-only CPUs (it did here, reading one element).
     * The weights average the channels (1/256 each), so values neither vanish into denormals,
     * which would slow the kernels, nor grow.
     */
    private static double peakGflops() {
        int n = 64;
        int c = 256;
        int hw = 32;
        double flop = 2.0 * n * c * c * hw * hw;
        int warmup = 3;
        int timed = 10;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomUniform(0f, 1f, new Shape(n, c, hw, hw));
            NDArray w = manager.full(new Shape(c, c, 1, 1), 1f / c);
            chainOfConvolutions(manager, x, w, warmup);
            long start = System.nanoTime();
            chainOfConvolutions(manager, x, w, timed);
            return timed * flop / ((System.nanoTime() - start) / 1e9) / 1e9;
        }
    }

    /** Runs {@code count} dependent 1x1 convolutions and waits for the last one. */
    private static void chainOfConvolutions(NDManager manager, NDArray x, NDArray w, int count) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray y = x;
            for (int i = 0; i < count; i++) {
                y = Conv2d.conv2d(y, w, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1)
                        .singletonOrThrow();
                y.attach(scope);
            }
            y.sum().getFloat();
        }
    }

    private static long parameterCount(Block block) {
        long count = 0;
        for (Parameter p : block.getParameters().values()) {
            count += p.getShape().size();
        }
        return count;
    }

    /** Resets the kernel's peak-RSS counter (Linux); without it the peak covers the whole run. */
    private static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | SecurityException e) {
            // not Linux or not permitted: the peak then covers the process so far
        }
    }

    private static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Runs the benchmark and prints the JSON object.
     *
     * @param args optional preset (default {@code cifar}) and batch (default 64)
     * @throws IOException if printing fails
     */
    public static void main(String[] args) throws IOException {
        String preset = args.length > 0 ? args[0] : "cifar";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        System.out.println(MAPPER.writeValueAsString(run(preset, batch)));
    }
}
