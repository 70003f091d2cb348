package ai.mpnas.export;

import ai.mpnas.formats.OnnxMetadataKeys;
import ai.mpnas.plugin.nn.FixedNetwork;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.InputShape;
import ai.mpnas.plugin.space.LayerGeometry;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a trained {@link FixedNetwork} as an ONNX model (opset {@value #OPSET}, IR {@value
 * #IR_VERSION}) with its provenance in {@code metadata_props} ({@link OnnxMetadataKeys}).
 *
 * <p>The graph computes the network's inference forward (BatchNorm with running statistics): input
 * float32 {@code [N, C, H, W]} pixels scaled to [0, 1], normalised inside the graph, output logits
 * {@code [N, classes]}. Quantized (the default): weights as integers at their bit width (int8, or
 * int4 packed two per byte where bits &lt;= 4) with per-output-channel {@code DequantizeLinear}
 * (axis 0, BatchNorm folded into the scales), activations as ReLU6 {@code Clip}, {@code
 * QuantizeLinear} to uint8, a uint8 {@code Clip} to the b-bit range and {@code DequantizeLinear};
 * activations are never int4. Float: the same network with float weights and no quantizers.
 *
 * <p>Node and initializer names say where they belong: {@code stem.conv}, {@code
 * block3.expand.conv}, {@code block3.expand.weight_q}, {@code block3.depthwise.act_q}, {@code
 * block3.add}, {@code head.conv}, {@code classifier.gemm}.
 */
public final class OnnxExporter {

    /** The ONNX opset the models import. */
    public static final int OPSET = 21;

    /** The ONNX IR version of the models. */
    public static final int IR_VERSION = 10;

    /** The name of the model input, float32 {@code [N, C, H, W]} in [0, 1]. */
    public static final String INPUT_NAME = NetworkGraphWriter.INPUT;

    /** The name of the model output, float32 logits {@code [N, classes]}. */
    public static final String OUTPUT_NAME = NetworkGraphWriter.OUTPUT;

    /** The factor from 8-bit pixels to the model input. */
    public static final float PIXEL_SCALE = 1f / 255f;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final FixedNetwork network;
    private final Provenance provenance;
    private final boolean quantized;

    OnnxExporter(Builder builder) {
        network = builder.network;
        provenance = builder.provenance;
        quantized = builder.quantized;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds the ONNX model.
     *
     * @return the model
     * @throws IllegalArgumentException if the provenance does not fit the network
     * @throws IllegalStateException if the network has uninitialised parameters
     */
    public OnnxModel export() {
        Architecture architecture = network.getArchitecture();
        if (provenance.classes().size() != architecture.space().classes()) {
            throw new IllegalArgumentException(
                    "provenance has "
                            + provenance.classes().size()
                            + " class names, the network has "
                            + architecture.space().classes()
                            + " outputs");
        }
        NetworkGraphWriter writer = new NetworkGraphWriter(network, quantized);
        GraphProto graph = writer.write(provenance.normalization());
        ModelProto.Builder model =
                ModelProto.newBuilder()
                        .setIrVersion(IR_VERSION)
                        .addOpsetImport(
                                OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                        .setProducerName("mpnas")
                        .setProducerVersion(provenance.version())
                        .setDomain("ai.mpnas")
                        .setModelVersion(1)
                        .setDocString(
                                (quantized ? "Mixed-precision" : "Float")
                                        + " network "
                                        + architecture.code()
                                        + " of search space "
                                        + architecture.space().id()
                                        + ", found and trained by mpnas.")
                        .setGraph(graph);
        for (Map.Entry<String, String> e : metadata(writer.layerInfo()).entrySet()) {
            model.addMetadataProps(
                    StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
        }
        return new OnnxModel(model.build(), quantized, writer.weightBytes());
    }

    private Map<String, String> metadata(Map<String, ObjectNode> layerInfo) {
        Architecture architecture = network.getArchitecture();
        Map<String, String> props = new LinkedHashMap<>();
        props.put(OnnxMetadataKeys.ARCHITECTURE, architecture.toJson());
        ArrayNode layers = MAPPER.createArrayNode();
        for (LayerGeometry g : architecture.layers()) {
            ObjectNode layer = layers.addObject();
            layer.put("name", g.name());
            layer.put("layer_type", g.layerType().jsonName());
            layer.put("h", g.h());
            layer.put("w", g.w());
            layer.put("cin", g.cin());
            layer.put("cout", g.cout());
            layer.put("k", g.k());
            layer.put("stride", g.stride());
            layer.put("padding", g.padding());
            layer.put("groups", g.groups());
            layer.put("wbits", quantized ? g.wbits() : 32);
            layer.put("abits", quantized ? g.abits() : 32);
            ObjectNode stored = layerInfo.get(g.name());
            if (stored == null) {
                throw new IllegalStateException("the export wrote no layer " + g.name());
            }
            layer.setAll(stored);
        }
        props.put(OnnxMetadataKeys.LAYERS, json(layers));
        CostSummary cost = provenance.cost();
        if (cost != null) {
            ObjectNode c = MAPPER.createObjectNode();
            c.put("energy_nJ", cost.energyNj());
            c.put("latency_cycles", cost.latencyCycles());
            c.put("latency_ms", cost.latencyMs());
            c.put("depthwise", cost.depthwise());
            c.put("batch", cost.batch());
            props.put(OnnxMetadataKeys.COST, json(c));
        }
        ObjectNode accuracy = MAPPER.createObjectNode();
        if (Double.isNaN(provenance.top1())) {
            accuracy.putNull("top1");
        } else {
            accuracy.put("top1", provenance.top1());
        }
        accuracy.put("dataset", provenance.dataset());
        props.put(OnnxMetadataKeys.ACCURACY, json(accuracy));
        props.put(OnnxMetadataKeys.PREPROCESS, json(preprocess(architecture.space().input())));
        props.put(OnnxMetadataKeys.SEARCH_SPACE, architecture.space().toJson());
        if (provenance.bitFusion() != null) {
            props.put(OnnxMetadataKeys.BITFUSION, json(provenance.bitFusion()));
        }
        ArrayNode classes = MAPPER.createArrayNode();
        provenance.classes().forEach(classes::add);
        props.put(OnnxMetadataKeys.CLASSES, json(classes));
        props.put(OnnxMetadataKeys.PRECISION, quantized ? "quantized" : "float");
        props.put(OnnxMetadataKeys.VERSION, provenance.version());
        return props;
    }

    private ObjectNode preprocess(InputShape input) {
        ObjectNode p = MAPPER.createObjectNode();
        p.put("layout", "NCHW");
        p.put("channels", input.channels());
        p.put("height", input.height());
        p.put("width", input.width());
        ArrayNode scale = p.putArray("scale");
        ArrayNode mean = p.putArray("mean");
        ArrayNode std = p.putArray("std");
        for (int c = 0; c < input.channels(); c++) {
            scale.add(PIXEL_SCALE);
            mean.add(0f);
            std.add(1f);
        }
        ObjectNode inGraph = p.putObject("in_graph");
        ArrayNode graphMean = inGraph.putArray("mean");
        ArrayNode graphStd = inGraph.putArray("std");
        for (float m : provenance.normalization().mean()) {
            graphMean.add(m);
        }
        for (float s : provenance.normalization().std()) {
            graphStd.add(s);
        }
        return p;
    }

    private static String json(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The builder of an {@link OnnxExporter}. */
    public static final class Builder {

        private FixedNetwork network;
        private Provenance provenance;
        private boolean quantized = true;

        Builder() {}

        /**
         * Sets the trained network (initialised, with its weights and BatchNorm statistics).
         *
         * @param network the network
         * @return this builder
         */
        public Builder setNetwork(FixedNetwork network) {
            this.network = network;
            return this;
        }

        /**
         * Sets the provenance written into the metadata.
         *
         * @param provenance the provenance
         * @return this builder
         */
        public Builder setProvenance(Provenance provenance) {
            this.provenance = provenance;
            return this;
        }

        /**
         * Sets whether to export integer weights and quantized activations (default) or the float
         * network with the same parameters (for comparisons).
         *
         * @param quantized false for the float export
         * @return this builder
         */
        public Builder optQuantized(boolean quantized) {
            this.quantized = quantized;
            return this;
        }

        /**
         * Builds the exporter.
         *
         * @return the exporter
         * @throws IllegalArgumentException if the network or provenance is missing
         */
        public OnnxExporter build() {
            if (network == null || provenance == null) {
                throw new IllegalArgumentException("OnnxExporter needs a network and a provenance");
            }
            return new OnnxExporter(this);
        }
    }
}
