package ai.mpnas.zoo;

import ai.onnx.proto.OnnxMl;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;

/**
 * Small real ONNX classifiers and pictures for them.
 *
 * <p>A 1x28x28 grayscale image is flattened and multiplied by a weight matrix whose row for a class
 * is +1 over that class's half of the picture and -1 over the other half, so the logit difference
 * is (sum of the class's half - sum of the other half) / 255: a picture whose left half is bright
 * is "left", and so on, whatever the mild noise.
 */
final class TestModels {

    static final int SIZE = 28;

    /** Which halves the model compares. */
    enum Split {
        LEFT_RIGHT(List.of("left", "right")),
        TOP_BOTTOM(List.of("top", "bottom"));

        final List<String> classes;

        Split(List<String> classes) {
            this.classes = classes;
        }
    }

    private TestModels() {}

    /** Builds the ONNX model (opset 21, IR 10) with mpnas provenance metadata. */
    static byte[] onnx(Split split, Map<String, String> metadataProps) {
        int pixels = SIZE * SIZE;
        OnnxMl.TensorProto.Builder weight =
                OnnxMl.TensorProto.newBuilder()
                        .setName("classifier.weight")
                        .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .addDims(2)
                        .addDims(pixels);
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    boolean firstHalf = split == Split.LEFT_RIGHT ? x < SIZE / 2 : y < SIZE / 2;
                    weight.addFloatData(firstHalf == (c == 0) ? 1f : -1f);
                }
            }
        }
        OnnxMl.TensorProto bias =
                OnnxMl.TensorProto.newBuilder()
                        .setName("classifier.bias")
                        .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .addDims(2)
                        .addFloatData(0f)
                        .addFloatData(0f)
                        .build();
        OnnxMl.GraphProto graph =
                OnnxMl.GraphProto.newBuilder()
                        .setName("halves")
                        .addInput(valueInfo("input", "N", 1, SIZE, SIZE))
                        .addOutput(valueInfo("output", "N", 2))
                        .addInitializer(weight)
                        .addInitializer(bias)
                        .addNode(
                                OnnxMl.NodeProto.newBuilder()
                                        .setName("flatten")
                                        .setOpType("Flatten")
                                        .addInput("input")
                                        .addOutput("flat")
                                        .addAttribute(
                                                OnnxMl.AttributeProto.newBuilder()
                                                        .setName("axis")
                                                        .setType(
                                                                OnnxMl.AttributeProto.AttributeType
                                                                        .INT)
                                                        .setI(1)))
                        .addNode(
                                OnnxMl.NodeProto.newBuilder()
                                        .setName("classifier.gemm")
                                        .setOpType("Gemm")
                                        .addInput("flat")
                                        .addInput("classifier.weight")
                                        .addInput("classifier.bias")
                                        .addOutput("output")
                                        .addAttribute(
                                                OnnxMl.AttributeProto.newBuilder()
                                                        .setName("transB")
                                                        .setType(
                                                                OnnxMl.AttributeProto.AttributeType
                                                                        .INT)
                                                        .setI(1)))
                        .build();
        OnnxMl.ModelProto.Builder model =
                OnnxMl.ModelProto.newBuilder()
                        .setIrVersion(10)
                        .setProducerName("mpnas-test")
                        .addOpsetImport(
                                OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(21))
                        .setGraph(graph);
        for (Map.Entry<String, String> e : metadataProps.entrySet()) {
            model.addMetadataProps(
                    OnnxMl.StringStringEntryProto.newBuilder()
                            .setKey(e.getKey())
                            .setValue(e.getValue()));
        }
        return model.build().toByteArray();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, String batch, int... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(batch));
        for (int d : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(
                        OnnxMl.TypeProto.newBuilder()
                                .setTensorType(
                                        OnnxMl.TypeProto.Tensor.newBuilder()
                                                .setElemType(
                                                        OnnxMl.TensorProto.DataType.FLOAT
                                                                .getNumber())
                                                .setShape(shape)))
                .build();
    }

    /** The provenance an mpnas export writes, with the given numbers. */
    static Map<String, String> metadataProps(
            String dataset, double top1, double energyNj, double latencyMs, long cycles) {
        return Map.of(
                "mpnas.accuracy",
                "{\"top1\": " + top1 + ", \"dataset\": \"" + dataset + "\"}",
                "mpnas.cost",
                "{\"energy_nJ\": "
                        + energyNj
                        + ", \"latency_cycles\": "
                        + cycles
                        + ", \"latency_ms\": "
                        + latencyMs
                        + ", \"depthwise\": \"grouped\", \"batch\": 1}",
                "mpnas.layers",
                "[{\"name\": \"stem\", \"layer_type\": \"conv\", \"wbits\": 8, \"abits\": 8},"
                    + " {\"name\": \"block1\", \"layer_type\": \"dwconv\", \"wbits\": 2, \"abits\":"
                    + " 4}, {\"name\": \"fc\", \"layer_type\": \"fc\", \"wbits\": 8, \"abits\":"
                    + " 6}]",
                "mpnas.version",
                "0.1.0-test");
    }

    /**
     * Writes an export directory: model.onnx, serving.properties, synset.txt.
     *
     * @return the directory
     */
    static Path exportDir(Path dir, Split split, Map<String, String> metadataProps) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("model.onnx"), onnx(split, metadataProps));
            Files.writeString(
                    dir.resolve("serving.properties"),
                    String.join(
                            "\n",
                            "engine=OnnxRuntime",
                            "translatorFactory="
                                    + "ai.djl.modality.cv.translator"
                                    + ".ImageClassificationTranslatorFactory",
                            "width=" + SIZE,
                            "height=" + SIZE,
                            "flag=GRAYSCALE",
                            "applySoftmax=true",
                            "topK=2",
                            "synsetFileName=synset.txt",
                            ""));
            Files.writeString(dir.resolve("synset.txt"), String.join("\n", split.classes) + "\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A card for a model published under the given name. */
    static ModelCard card(String artifact, String version, Map<String, String> metadataProps) {
        return ModelCard.fromMetadataProps(metadataProps)
                .setArtifact(artifact)
                .setVersion(version)
                .optBudget("0.5")
                .build();
    }

    /**
     * Draws a 28x28 grayscale PNG whose given half is bright (200..255) and the other dark (0..55),
     * with seeded noise.
     *
     * @param bright one of left, right, top, bottom
     */
    static byte[] png(String bright, long seed) {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        Random random = new Random(seed);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean lit =
                        switch (bright) {
                            case "left" -> x < SIZE / 2;
                            case "right" -> x >= SIZE / 2;
                            case "top" -> y < SIZE / 2;
                            case "bottom" -> y >= SIZE / 2;
                            default -> throw new IllegalArgumentException(bright);
                        };
                int v = (lit ? 200 : 0) + random.nextInt(56);
                image.getRaster().setSample(x, y, 0, v);
            }
        }
        try (ByteArrayOutputStream bos = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", bos);
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Changes a published file after the fact, as a disk error or a careless edit would. */
    static void flipLastByte(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);
    }

    /**
     * Publishes a left/right model.
     *
     * @return what was published
     */
    static PublishedModel publish(Path zoo, Path exportDir, String artifact, String version,
            Map<String, String> metadataProps) throws IOException {
        return ZooPublisher.builder()
                .setZoo(zoo)
                .setModelDir(exportDir(exportDir, Split.LEFT_RIGHT, metadataProps))
                .setCard(card(artifact, version, metadataProps))
                .build()
                .publish();
    }
}
