package ai.mpnas.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.mpnas.plugin.nn.FixedNetwork;
import ai.mpnas.plugin.nn.InvertedResidual;
import ai.mpnas.plugin.nn.Norms;
import ai.mpnas.plugin.nn.QuantConv2d;
import ai.mpnas.plugin.nn.QuantConvBnRelu6;
import ai.mpnas.plugin.nn.QuantDense;
import ai.mpnas.plugin.quant.FakeQuant;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.BlockSlot;
import ai.mpnas.plugin.space.InputShape;
import ai.mpnas.plugin.space.Normalization;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes the ONNX graph of a {@link FixedNetwork}: the same operations as its inference forward,
 * with BatchNorm folded into the convolutions. In quantized mode the weights are stored as the
 * quantizer's integers (int8, or packed int4 for at most 4 bits) with per-output-channel {@code
 * DequantizeLinear} whose scales absorb the BatchNorm factor, and every quantized activation is
 * ReLU6 ({@code Clip}), {@code QuantizeLinear} (uint8, scale 6/(2^b-1)), a uint8 {@code Clip} to
 * [0, 2^b-1] and {@code DequantizeLinear}. In float mode the float weights are folded and no
 * activation is quantized (the network's float baseline with the same parameters).
 */
final class NetworkGraphWriter {

    static final String INPUT = "input";
    static final String OUTPUT = "logits";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String RELU6_MIN = "relu6.min";
    private static final String RELU6_MAX = "relu6.max";
    private static final String ACT_ZERO = "act.zero_point";

    private final FixedNetwork network;
    private final Architecture architecture;
    private final boolean quantized;
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> constants = new HashSet<>();
    private final Map<String, ObjectNode> layerInfo = new LinkedHashMap<>();
    private long weightBytes;

    NetworkGraphWriter(FixedNetwork network, boolean quantized) {
        this.network = network;
        this.architecture = network.getArchitecture();
        this.quantized = quantized;
        if (quantized && !network.isQuantized()) {
            throw new IllegalArgumentException(
                    "a quantized export needs a FixedNetwork built with optQuantized(true)");
        }
    }

    /**
     * Writes the graph.
     *
     * @param normalization the input normalisation, applied inside the graph
     * @return the graph
     */
    GraphProto write(Normalization normalization) {
        InputShape in = architecture.space().input();
        if (normalization.channels() != in.channels()) {
            throw new IllegalArgumentException(
                    "normalization has "
                            + normalization.channels()
                            + " channels, the network's input has "
                            + in.channels());
        }
        graph.setName("mpnas_" + architecture.space().id().replace('-', '_'));
        graph.addInput(OnnxProtos.batchedFloat(INPUT, in.channels(), in.height(), in.width()));
        graph.addOutput(OnnxProtos.batchedFloat(OUTPUT, architecture.space().classes()));

        String x = preprocess(normalization);
        QuantConvBnRelu6 stem = network.getStem();
        x = conv("stem", stem.getConv(), stem.getNorm(), x);
        x = activation("stem", x, quantized ? Architecture.BOTTLENECK_BITS : FakeQuant.FLOAT_BITS);
        for (BlockSlot slot : architecture.space().blocks()) {
            BlockChoice choice = architecture.blocks().get(slot.index());
            if (!choice.skip()) {
                x = block("block" + slot.index(), network.getBlock(slot.index()), choice, x);
            }
        }
        QuantConvBnRelu6 head = network.getHead();
        x = conv("head", head.getConv(), head.getNorm(), x);
        x = activation("head", x, FakeQuant.FLOAT_BITS);
        classifier(x);
        return graph.build();
    }

    /**
     * Returns, per layer of {@link Architecture#layers()} (by name), what the export stored.
     *
     * @return the layer name to JSON fields
     */
    Map<String, ObjectNode> layerInfo() {
        return layerInfo;
    }

    /**
     * Returns the bytes of the stored weights, biases and scales.
     *
     * @return the parameter bytes
     */
    long weightBytes() {
        return weightBytes;
    }

    private String preprocess(Normalization normalization) {
        long c = normalization.channels();
        addInitializer(OnnxProtos.floats("preprocess.mean", normalization.mean(), 1, c, 1, 1));
        addInitializer(OnnxProtos.floats("preprocess.std", normalization.std(), 1, c, 1, 1));
        graph.addNode(
                OnnxProtos.node(
                        "Sub",
                        "preprocess.sub",
                        new String[] {INPUT, "preprocess.mean"},
                        "preprocess.centered"));
        graph.addNode(
                OnnxProtos.node(
                        "Div",
                        "preprocess.div",
                        new String[] {"preprocess.centered", "preprocess.std"},
                        "preprocess.normalized"));
        return "preprocess.normalized";
    }

    private String block(String name, InvertedResidual block, BlockChoice choice, String input) {
        int abits = quantized ? choice.abits() : FakeQuant.FLOAT_BITS;
        String h = input;
        if (choice.m() > 1) {
            h = conv(name + ".expand", block.getExpand(), block.getExpandNorm(), h);
            h = activation(name + ".expand", h, abits);
        }
        h = conv(name + ".depthwise", block.getDepthwise(), block.getDepthwiseNorm(), h);
        h = activation(name + ".depthwise", h, abits);
        h = conv(name + ".project", block.getProject(), block.getProjectNorm(), h);
        if (block.hasResidual()) {
            graph.addNode(
                    OnnxProtos.node("Add", name + ".add", new String[] {h, input}, name + ".out"));
            h = name + ".out";
        }
        return h;
    }

    /** Convolution with BatchNorm folded in; returns the pre-activation output. */
    private String conv(String name, QuantConv2d conv, BatchNorm norm, String input) {
        NDArray weight = conv.getWeight().getArray();
        long[] shape = weight.getShape().getShape();
        int out = Math.toIntExact(shape[0]);
        int kernel = Math.toIntExact(shape[2]);
        float[] gamma = parameter(norm, "gamma");
        float[] beta = parameter(norm, "beta");
        float[] mean = parameter(norm, "runningMean");
        float[] var = parameter(norm, "runningVar");
        float[] factor = new float[out];
        float[] bias = new float[out];
        for (int c = 0; c < out; c++) {
            factor[c] = gamma[c] / (float) Math.sqrt(var[c] + Norms.EPSILON);
            bias[c] = beta[c] - mean[c] * factor[c];
        }
        String weightName = weights(name, weight, conv.getWeightBits(), factor);
        int groups = conv.getGroups();
        int stride = conv.getStride();
        int pad = kernel / 2;
        graph.addNode(
                OnnxProtos.node(
                                "Conv",
                                name + ".conv",
                                new String[] {input, weightName},
                                name + ".conv_out")
                        .addAttribute(OnnxProtos.intsAttr("kernel_shape", kernel, kernel))
                        .addAttribute(OnnxProtos.intsAttr("strides", stride, stride))
                        .addAttribute(OnnxProtos.intsAttr("pads", pad, pad, pad, pad))
                        .addAttribute(OnnxProtos.intsAttr("dilations", 1, 1))
                        .addAttribute(OnnxProtos.intAttr("group", groups)));
        return addBias(name, name + ".conv_out", bias, 1, out, 1, 1);
    }

    private void classifier(String features) {
        graph.addNode(
                OnnxProtos.node(
                        "GlobalAveragePool",
                        "classifier.pool",
                        new String[] {features},
                        "classifier.pooled"));
        String x = "classifier.pooled";
        if (quantized) {
            x = quantize("classifier.input", x, architecture.space().classifier().abits());
        }
        graph.addNode(
                OnnxProtos.node("Flatten", "classifier.flatten", new String[] {x}, "classifier.flat")
                        .addAttribute(OnnxProtos.intAttr("axis", 1)));
        QuantDense dense = network.getClassifier();
        NDArray weight = dense.getWeight().getArray();
        int out = Math.toIntExact(weight.getShape().get(0));
        float[] ones = new float[out];
        Arrays.fill(ones, 1f);
        String weightName = weights("classifier", weight, dense.getWeightBits(), ones);
        graph.addNode(
                OnnxProtos.node(
                                "Gemm",
                                "classifier.gemm",
                                new String[] {"classifier.flat", weightName},
                                "classifier.gemm_out")
                        .addAttribute(OnnxProtos.intAttr("transB", 1)));
        float[] bias = dense.getBias().getArray().toFloatArray();
        addInitializer(OnnxProtos.floats("classifier.bias", bias, out));
        graph.addNode(
                OnnxProtos.node(
                        "Add",
                        "classifier.bias_add",
                        new String[] {"classifier.gemm_out", "classifier.bias"},
                        OUTPUT));
    }

    /**
     * Adds a float bias in its own {@code Add}. As the Conv's third input, ONNX Runtime's default
     * optimisations would round it to int32 at scale {@code input_scale * weight_scale} (its
     * weight-bias quantization of QDQ groups), which moves outputs by up to half that scale.
     */
    private String addBias(String name, String input, float[] bias, long... dims) {
        addInitializer(OnnxProtos.floats(name + ".bias", bias, dims));
        graph.addNode(
                OnnxProtos.node(
                        "Add",
                        name + ".bias_add",
                        new String[] {input, name + ".bias"},
                        name + ".biased"));
        return name + ".biased";
    }

    /**
     * Stores a weight with a per-output-channel factor folded in; returns the name of the float
     * weight tensor the operator reads.
     */
    private String weights(String name, NDArray weight, int bits, float[] factor) {
        long[] shape = weight.getShape().getShape();
        float[] raw = weight.toFloatArray();
        int out = factor.length;
        int per = raw.length / out;
        ObjectNode info = MAPPER.createObjectNode();
        info.put("onnx_node", name + (name.equals("classifier") ? ".gemm" : ".conv"));
        if (!quantized || bits >= FakeQuant.FLOAT_BITS) {
            float[] folded = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                folded[i] = raw[i] * factor[i / per];
            }
            addInitializer(OnnxProtos.floats(name + ".weight", folded, shape));
            info.put("weight_type", "float");
            info.put("weight_bytes", 4L * raw.length);
            layerInfo.put(geometryName(name), info);
            return name + ".weight";
        }
        float[] scales;
        float[] levels;
        // The plugin's own quantizer on the engine gives exactly the integers and scales the
        // trained network's forward used.
        try (NDManager scope = weight.getManager().newSubManager()) {
            NDArray w = scope.create(raw, new Shape(shape));
            scales = FakeQuant.weightScales(w, bits).toFloatArray();
            levels = FakeQuant.weightIntegers(w, bits).toFloatArray();
        }
        int[] integers = new int[raw.length];
        float[] folded = new float[out];
        int limit = FakeQuant.weightLevels(bits);
        for (int c = 0; c < out; c++) {
            float s = scales[c] * factor[c];
            // A negative BatchNorm factor flips the integers instead, keeping the scale positive.
            int sign = s < 0 ? -1 : 1;
            folded[c] = Math.abs(s);
            for (int i = c * per; i < (c + 1) * per; i++) {
                int q = sign * Math.round(levels[i]);
                if (Math.abs(q) > limit) {
                    throw new IllegalStateException(
                            name + ": weight integer " + q + " outside +-" + limit);
                }
                integers[i] = q;
            }
        }
        boolean int4 = bits <= 4;
        TensorProto stored = OnnxProtos.integers(name + ".weight_q", integers, int4, shape);
        addInitializer(stored);
        addInitializer(OnnxProtos.floats(name + ".weight_scale", folded, out));
        graph.addNode(
                OnnxProtos.node(
                                "DequantizeLinear",
                                name + ".weight_dq",
                                new String[] {name + ".weight_q", name + ".weight_scale"},
                                name + ".weight")
                        .addAttribute(OnnxProtos.intAttr("axis", 0)));
        double min = Double.MAX_VALUE;
        double max = 0;
        double sum = 0;
        for (float s : scales) {
            min = Math.min(min, s);
            max = Math.max(max, s);
            sum += s;
        }
        info.put("weight_type", int4 ? "int4" : "int8");
        info.put("weight_bytes", stored.getRawData().size());
        ObjectNode summary = info.putObject("weight_scale");
        summary.put("min", min);
        summary.put("max", max);
        summary.put("mean", sum / scales.length);
        layerInfo.put(geometryName(name), info);
        return name + ".weight";
    }

    /** ReLU6, then (when quantized at fewer than 32 bits) the activation quantizer. */
    private String activation(String name, String input, int bits) {
        constant(OnnxProtos.floats(RELU6_MIN, new float[] {0f}));
        constant(OnnxProtos.floats(RELU6_MAX, new float[] {FakeQuant.ACTIVATION_MAX}));
        graph.addNode(
                OnnxProtos.node(
                        "Clip",
                        name + ".relu6",
                        new String[] {input, RELU6_MIN, RELU6_MAX},
                        name + ".relu6_out"));
        if (!quantized || bits >= FakeQuant.FLOAT_BITS) {
            return name + ".relu6_out";
        }
        return quantize(name, name + ".relu6_out", bits);
    }

    /** QuantizeLinear (uint8) -> uint8 Clip to the b-bit range -> DequantizeLinear. */
    private String quantize(String name, String input, int bits) {
        if (bits > 8) {
            throw new IllegalArgumentException(name + ": activation bits " + bits + " > 8");
        }
        String scale = "act" + bits + ".scale";
        String max = "act" + bits + ".qmax";
        constant(OnnxProtos.floats(scale, new float[] {FakeQuant.activationScale(bits)}));
        constant(OnnxProtos.uint8Scalar(ACT_ZERO, 0));
        constant(OnnxProtos.uint8Scalar(max, FakeQuant.activationLevels(bits)));
        graph.addNode(
                OnnxProtos.node(
                        "QuantizeLinear",
                        name + ".act_q",
                        new String[] {input, scale, ACT_ZERO},
                        name + ".act_q_out"));
        graph.addNode(
                OnnxProtos.node(
                        "Clip",
                        name + ".act_clip",
                        new String[] {name + ".act_q_out", ACT_ZERO, max},
                        name + ".act_clip_out"));
        graph.addNode(
                OnnxProtos.node(
                        "DequantizeLinear",
                        name + ".act_dq",
                        new String[] {name + ".act_clip_out", scale, ACT_ZERO},
                        name + ".act"));
        return name + ".act";
    }

    private void constant(TensorProto tensor) {
        if (constants.add(tensor.getName())) {
            addInitializer(tensor);
        }
    }

    private void addInitializer(TensorProto tensor) {
        weightBytes += tensor.getRawData().size();
        graph.addInitializer(tensor);
    }

    /** The {@link Architecture#layers()} name of an export prefix. */
    private static String geometryName(String prefix) {
        return switch (prefix) {
            case "stem" -> "stem.conv";
            case "head" -> "head.conv";
            case "classifier" -> "classifier.fc";
            default -> prefix;
        };
    }

    private static float[] parameter(BatchNorm norm, String name) {
        Parameter p = norm.getParameters().get(name);
        if (p == null || !p.isInitialized()) {
            throw new IllegalStateException(
                    "BatchNorm parameter " + name + " is missing or not initialised");
        }
        return p.getArray().toFloatArray();
    }
}
