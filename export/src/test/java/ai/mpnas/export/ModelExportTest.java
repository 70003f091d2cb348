package ai.mpnas.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.mpnas.formats.OnnxMetadataKeys;
import ai.mpnas.plugin.nn.FixedNetwork;
import ai.mpnas.plugin.nn.Norms;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports of a trained mixed-precision network, checked against its DJL/MXNet forward. */
class ModelExportTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir Path tmp;

    @Test
    void mixedPrecisionExportAgreesWithDjlOnTheWholeTestSet() throws Exception {
        FixedNetwork net = TrainedNetworks.network(TrainedNetworks.MIXED);
        FashionMnist test = TrainedNetworks.test();
        ExportResult result = export(net, tmp.resolve("mixed"));
        VerificationReport report = result.verification();
        System.out.println("mixed export, " + report.summary());
        assertEquals(1000, report.images());
        assertTrue(report.top1Agreement() >= 0.999, report.summary());
        assertTrue(report.withinTolerance() >= 0.98, report.summary());
        assertTrue(report.meanError() < 1e-3, report.summary());

        // an independent run of the written file through ONNX Runtime, against the labels too
        byte[] bytes = Files.readAllBytes(result.modelFile());
        float[][] onnx =
                OnnxVerifier.OnnxRunner.run(bytes, test.images(), 250, 0);
        float[][] djl = verifier(net).djlForward(test.images());
        int agree = 0;
        int correctOnnx = 0;
        int correctDjl = 0;
        for (int i = 0; i < test.count(); i++) {
            int a = OnnxVerifier.argmax(onnx[i]);
            int b = OnnxVerifier.argmax(djl[i]);
            agree += a == b ? 1 : 0;
            correctOnnx += a == test.labels()[i] ? 1 : 0;
            correctDjl += b == test.labels()[i] ? 1 : 0;
        }
        System.out.printf(
                "top-1 on the fixture test set: ONNX %.3f, DJL %.3f, agreement %d/1000%n",
                correctOnnx / 1000.0, correctDjl / 1000.0, agree);
        assertTrue(agree >= 999);
        assertTrue(correctDjl > 300, "the reference network learned something: " + correctDjl);

        // every bit width is present in weights and activations, int4 weights where bits <= 4
        JsonNode layers = MAPPER.readTree(new OnnxModelFile(bytes).metadata(OnnxMetadataKeys.LAYERS));
        Set<Integer> wbits = new HashSet<>();
        Set<Integer> abits = new HashSet<>();
        for (JsonNode layer : layers) {
            int w = layer.get("wbits").asInt();
            wbits.add(w);
            abits.add(layer.get("abits").asInt());
            assertEquals(w <= 4 ? "int4" : "int8", layer.get("weight_type").asText());
        }
        assertEquals(Set.of(2, 4, 6, 8), wbits);
        assertEquals(Set.of(2, 4, 6, 8), abits);
    }

    @Test
    void servingDirectoryClassifiesPngsThroughDjlCriteria() throws Exception {
        FixedNetwork net = TrainedNetworks.network(TrainedNetworks.MIXED);
        Path dir =
                ModelExport.builder()
                        .setNetwork(net)
                        .setProvenance(TrainedNetworks.provenance())
                        .setImages(first(200))
                        .build()
                        .writeTo(tmp.resolve("serving"))
                        .directory();
        Properties props = new Properties();
        try (var reader = Files.newBufferedReader(dir.resolve(ModelExport.SERVING_FILE))) {
            props.load(reader);
        }
        assertEquals("OnnxRuntime", props.getProperty("engine"));
        assertEquals("GRAYSCALE", props.getProperty("flag"));
        assertEquals(
                FashionMnist.CLASSES, Files.readAllLines(dir.resolve(ModelExport.SYNSET_FILE)));

        FashionMnist test = TrainedNetworks.test();
        int n = 60;
        Path pngs = Files.createDirectories(tmp.resolve("pngs"));
        for (int i = 0; i < n; i++) {
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int v = test.pixels()[i * 784 + y * 28 + x] & 0xff;
                    image.getRaster().setSample(x, y, 0, v);
                }
            }
            ImageIO.write(image, "png", pngs.resolve(i + ".png").toFile());
        }
        float[] pixels = Arrays.copyOf(test.scaled(), n * 784);
        float[][] expected =
                OnnxVerifier.OnnxRunner.run(
                        Files.readAllBytes(dir.resolve(ModelExport.MODEL_FILE)),
                        new VerificationImages(pixels, n, 1, 28, 28, "first 60"),
                        n,
                        0);
        Criteria<Image, Classifications> criteria =
                Criteria.builder()
                        .setTypes(Image.class, Classifications.class)
                        .optModelUrls(dir.toUri().toString())
                        .build();
        try (ZooModel<Image, Classifications> model = criteria.loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            assertEquals("OnnxRuntime", model.getNDManager().getEngine().getEngineName());
            for (int i = 0; i < n; i++) {
                Image image = ImageFactory.getInstance().fromFile(pngs.resolve(i + ".png"));
                Classifications c = predictor.predict(image);
                int best = OnnxVerifier.argmax(expected[i]);
                assertEquals(FashionMnist.CLASSES.get(best), c.best().getClassName(), "png " + i);
                double p = softmax(expected[i])[best];
                assertEquals(p, c.best().getProbability(), 1e-4, "png " + i);
            }
        }
    }

    @Test
    void floatExportMatchesTheFloatBaselineOfTheSameParameters() throws Exception {
        FixedNetwork net = TrainedNetworks.network(TrainedNetworks.MIXED);
        try (NDManager manager = NDManager.newBaseManager("MXNet")) {
            FixedNetwork baseline =
                    FixedNetwork.builder()
                            .setArchitecture(net.getArchitecture())
                            .optQuantized(false)
                            .build();
            baseline.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            Norms.copyParameters(net, baseline);
            byte[] bytes = TrainedNetworks.onnx(net, false).toByteArray();
            // no quantizer, so no rounding boundary: every image must agree closely
            VerificationReport report =
                    OnnxVerifier.builder()
                            .setNetwork(baseline)
                            .setNormalization(TrainedNetworks.NORMALIZATION)
                            .optTolerance(1e-4)
                            .optMinAgreement(1.0)
                            .optMinWithinTolerance(1.0)
                            .build()
                            .verify(bytes, first(200));
            System.out.println("float export, " + report.summary());
        }
    }

    @Test
    void onnxRuntimeComputesTheSameAtEveryOptimisationLevel() throws Exception {
        // guards the graph against rewrites that change numbers (e.g. ONNX Runtime rounding a
        // Conv's float bias to int32 in QDQ groups): none may move a logit
        FixedNetwork net = TrainedNetworks.network(TrainedNetworks.MIXED);
        byte[] bytes = TrainedNetworks.onnx(net, true).toByteArray();
        VerificationImages images = first(200);
        float[][] reference = null;
        for (OrtSession.SessionOptions.OptLevel level : OrtSession.SessionOptions.OptLevel.values()) {
            float[][] logits = new float[images.count()][];
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setOptimizationLevel(level);
                var env = OrtSessions.environment();
                try (OrtSession session = env.createSession(bytes, options);
                        OnnxTensor input =
                                OnnxTensor.createTensor(
                                        env,
                                        java.nio.FloatBuffer.wrap(images.pixels()),
                                        new long[] {images.count(), 1, 28, 28});
                        OrtSession.Result result =
                                session.run(java.util.Map.of(OnnxExporter.INPUT_NAME, input))) {
                    logits = (float[][]) result.get(0).getValue();
                }
            }
            if (reference == null) {
                reference = logits;
            } else {
                for (int i = 0; i < logits.length; i++) {
                    assertArrayEquals(reference[i], logits[i], 1e-6f, level + " image " + i);
                }
            }
        }
    }

    @Test
    void onnxCheckerAcceptsQuantizedAndFloatExports() throws Exception {
        FixedNetwork net = TrainedNetworks.network(TrainedNetworks.MIXED);
        for (boolean quantized : new boolean[] {true, false}) {
            OnnxModel model = TrainedNetworks.onnx(net, quantized);
            Path file = tmp.resolve("checked-" + quantized + ".onnx");
            Files.write(file, model.toByteArray());
            // full check: the ONNX checker with strict shape inference; throws on any error
            org.bytedeco.onnx.global.onnx.check_model(file.toString(), true, false, false);
            assertEquals(OnnxExporter.IR_VERSION, model.proto().getIrVersion());
            assertEquals(OnnxExporter.OPSET, model.proto().getOpsetImport(0).getVersion());
        }
    }

    @Test
    void checkerRejectsABrokenGraph() throws Exception {
        FixedNetwork net = TrainedNetworks.network(TrainedNetworks.MIXED);
        OnnxModel model = TrainedNetworks.onnx(net, true);
        var broken = model.proto().toBuilder();
        broken.getGraphBuilder().getNodeBuilder(3).setInput(0, "no.such.tensor");
        Path file = tmp.resolve("broken.onnx");
        Files.write(file, broken.build().toByteArray());
        assertThrows(
                RuntimeException.class,
                () -> org.bytedeco.onnx.global.onnx.check_model(file.toString(), true, false, false));
    }

    @Test
    void metadataHoldsTheProvenance() throws Exception {
        FixedNetwork net = TrainedNetworks.network(TrainedNetworks.MIXED);
        OnnxModel model = TrainedNetworks.onnx(net, true);
        var meta = model.metadata();
        assertEquals(OnnxMetadataKeys.ALL.stream().filter(k -> !k.equals(OnnxMetadataKeys.BITFUSION)).toList(),
                List.copyOf(meta.keySet()));
        assertEquals(
                TrainedNetworks.MIXED,
                ai.mpnas.plugin.space.Architecture.fromJson(
                                meta.get(OnnxMetadataKeys.ARCHITECTURE), "metadata")
                        .code());
        JsonNode cost = MAPPER.readTree(meta.get(OnnxMetadataKeys.COST));
        assertEquals(1234.5, cost.get("energy_nJ").asDouble());
        assertEquals(6789, cost.get("latency_cycles").asLong());
        assertEquals("grouped", cost.get("depthwise").asText());
        assertEquals(1, cost.get("batch").asInt());
        JsonNode accuracy = MAPPER.readTree(meta.get(OnnxMetadataKeys.ACCURACY));
        assertEquals(0.8, accuracy.get("top1").asDouble());
        assertEquals("fashion-mnist", accuracy.get("dataset").asText());
        JsonNode pre = MAPPER.readTree(meta.get(OnnxMetadataKeys.PREPROCESS));
        assertEquals(1f / 255, pre.get("scale").get(0).floatValue());
        assertEquals(0.2860f, pre.get("in_graph").get("mean").get(0).floatValue());
        assertEquals(
                "fashion-mnist",
                ai.mpnas.plugin.space.SearchSpace.fromJson(meta.get(OnnxMetadataKeys.SEARCH_SPACE), "m")
                        .id());
        assertEquals("0.1.0-test", meta.get(OnnxMetadataKeys.VERSION));
        JsonNode layers = MAPPER.readTree(meta.get(OnnxMetadataKeys.LAYERS));
        var geometry = net.getArchitecture().layers();
        assertEquals(geometry.size(), layers.size());
        for (int i = 0; i < geometry.size(); i++) {
            assertEquals(geometry.get(i).name(), layers.get(i).get("name").asText());
            assertEquals(geometry.get(i).wbits(), layers.get(i).get("wbits").asInt());
            assertEquals(geometry.get(i).abits(), layers.get(i).get("abits").asInt());
            assertEquals(
                    geometry.get(i).layerType().jsonName(), layers.get(i).get("layer_type").asText());
            String node = layers.get(i).get("onnx_node").asText();
            assertTrue(
                    model.proto().getGraph().getNodeList().stream()
                            .anyMatch(x -> x.getName().equals(node)),
                    node);
        }
        assertTrue(
                model.proto().getGraph().getNodeList().stream()
                        .anyMatch(x -> x.getName().equals("block1.expand.conv")));
    }

    @Test
    void exportFailsAndWritesNothingWhenVerificationFails() throws Exception {
        FixedNetwork net = TrainedNetworks.network(TrainedNetworks.MIXED);
        Path target = tmp.resolve("strict");
        ModelExport strict =
                ModelExport.builder()
                        .setNetwork(net)
                        .setProvenance(TrainedNetworks.provenance())
                        .setImages(TrainedNetworks.test().images())
                        .optTolerance(1e-12)
                        .optMinAgreement(1.0)
                        .optMinWithinTolerance(1.0)
                        .build();
        ExportVerificationException e =
                assertThrows(ExportVerificationException.class, () -> strict.writeTo(target));
        assertTrue(e.getMessage().contains("disagrees"), e.getMessage());
        assertFalse(Files.exists(target));
        try (var list = Files.list(tmp)) {
            assertEquals(0, list.count(), "no partial directory left behind");
        }
    }

    @Test
    void verifierDetectsAModelOfOtherWeights() throws Exception {
        FixedNetwork net = TrainedNetworks.network(TrainedNetworks.MIXED);
        FixedNetwork other = TrainedNetworks.network(TrainedNetworks.UNIFORM8);
        byte[] foreign = TrainedNetworks.onnx(other, true).toByteArray();
        VerificationImages sample = first(200);
        assertThrows(ExportVerificationException.class, () -> verifier(net).verify(foreign, sample));
    }

    private static ExportResult export(FixedNetwork net, Path dir)
            throws IOException, OrtException {
        return ModelExport.builder()
                .setNetwork(net)
                .setProvenance(TrainedNetworks.provenance())
                .setImages(TrainedNetworks.test().images())
                .build()
                .writeTo(dir);
    }

    private static VerificationImages first(int n) {
        float[] pixels = Arrays.copyOf(TrainedNetworks.test().scaled(), n * 784);
        return new VerificationImages(pixels, n, 1, 28, 28, "first " + n + " test images");
    }

    private static OnnxVerifier verifier(FixedNetwork net) {
        return OnnxVerifier.builder()
                .setNetwork(net)
                .setNormalization(TrainedNetworks.NORMALIZATION)
                .build();
    }

    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Reads metadata from serialized bytes, independently of {@link OnnxModel}. */
    private record OnnxModelFile(byte[] bytes) {
        String metadata(String key) throws IOException {
            var proto = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(bytes);
            return proto.getMetadataPropsList().stream()
                    .filter(e -> e.getKey().equals(key))
                    .findFirst()
                    .orElseThrow()
                    .getValue();
        }
    }
}
