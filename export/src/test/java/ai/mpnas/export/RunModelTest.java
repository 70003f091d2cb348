package ai.mpnas.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.mpnas.plugin.nn.FixedNetwork;
import ai.mpnas.plugin.nn.FixedNetworkBlockFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's trained {@code model/} loaded through DJL {@code Criteria} computes what the network that
 * was saved computes, and what the run's ONNX export computes on ONNX Runtime.
 */
class RunModelTest {

    private static final int IMAGES = 1000;
    private static final int BATCH = 100;
    private static final int PICTURES = 60;

    @TempDir static Path tmp;

    private static Path run;
    private static VerificationImages images;
    private static float[][] onnxLogits;

    @BeforeAll
    static void exportATrainedRun() throws Exception {
        run =
                TestRuns.write(
                        tmp.resolve("run"),
                        TrainedNetworks.model(TrainedNetworks.MIXED),
                        TrainedNetworks.architecture(TrainedNetworks.MIXED));
        images =
                new VerificationImages(
                        Arrays.copyOf(TrainedNetworks.test().scaled(), IMAGES * 784),
                        IMAGES, 1, 28, 28, "first " + IMAGES);
        try (TrainedRun trained = RunExport.load(run)) {
            RunExport.export(trained, "onnx", images, false);
        }
        byte[] onnx = Files.readAllBytes(run.resolve("export/onnx/" + ModelExport.MODEL_FILE));
        onnxLogits = OnnxVerifier.OnnxRunner.run(onnx, images, BATCH, 0);
    }

    @Test
    void theModelDirectoryGivesTheSavedNetworksLogitsAndAgreesWithItsExport() throws Exception {
        Criteria<NDList, NDList> criteria =
                Criteria.builder()
                        .setTypes(NDList.class, NDList.class)
                        .optModelPath(run.resolve("model"))
                        .optModelName(FixedNetwork.MODEL_NAME)
                        .optArgument(
                                FixedNetworkBlockFactory.ARGUMENT, new FixedNetworkBlockFactory())
                        .build();
        float[][] loaded = new float[IMAGES][];
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = NDManager.newBaseManager()) {
            for (int start = 0; start < IMAGES; start += BATCH) {
                float[] pixels =
                        Arrays.copyOfRange(images.pixels(), start * 784, (start + BATCH) * 784);
                NDList x =
                        new NDList(
                                TrainedNetworks.normalize(
                                        manager.create(pixels, new Shape(BATCH, 1, 28, 28))));
                float[] flat = predictor.predict(x).singletonOrThrow().toFloatArray();
                for (int i = 0; i < BATCH; i++) {
                    loaded[start + i] = Arrays.copyOfRange(flat, i * 10, (i + 1) * 10);
                }
            }
        }
        float[][] saved =
                OnnxVerifier.builder()
                        .setNetwork(TrainedNetworks.network(TrainedNetworks.MIXED))
                        .setNormalization(TrainedNetworks.NORMALIZATION)
                        .optBatchSize(BATCH)
                        .build()
                        .djlForward(images);
        for (int i = 0; i < IMAGES; i++) {
            assertArrayEquals(saved[i], loaded[i], 0f, "image " + i);
        }
        int agree = 0;
        int within = 0;
        for (int i = 0; i < IMAGES; i++) {
            agree += OnnxVerifier.argmax(onnxLogits[i]) == OnnxVerifier.argmax(loaded[i]) ? 1 : 0;
            within +=
                    OnnxVerifier.error(onnxLogits[i], loaded[i]) <= OnnxVerifier.DEFAULT_TOLERANCE
                            ? 1
                            : 0;
        }
        assertTrue(agree >= OnnxVerifier.DEFAULT_MIN_AGREEMENT * IMAGES, "top-1 agree " + agree);
        assertTrue(
                within >= OnnxVerifier.DEFAULT_MIN_WITHIN_TOLERANCE * IMAGES,
                "logits within " + OnnxVerifier.DEFAULT_TOLERANCE + ": " + within);
    }

    @Test
    void runModelClassifiesPicturesAsTheNetworkAndTheExportDo() throws Exception {
        Path pngs = Files.createDirectories(tmp.resolve("pngs"));
        FashionMnist test = TrainedNetworks.test();
        for (int i = 0; i < PICTURES; i++) {
            BufferedImage picture = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) {
                picture.getRaster().setSample(p % 28, p / 28, 0, test.pixels()[i * 784 + p] & 0xff);
            }
            ImageIO.write(picture, "png", pngs.resolve(i + ".png").toFile());
        }
        float[][] saved =
                OnnxVerifier.builder()
                        .setNetwork(TrainedNetworks.network(TrainedNetworks.MIXED))
                        .setNormalization(TrainedNetworks.NORMALIZATION)
                        .optBatchSize(PICTURES)
                        .build()
                        .djlForward(
                                new VerificationImages(
                                        Arrays.copyOf(images.pixels(), PICTURES * 784),
                                        PICTURES, 1, 28, 28, "first " + PICTURES));
        int agreeWithExport = 0;
        try (ZooModel<Image, Classifications> model = RunModel.criteria(run).loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            assertEquals("MXNet", model.getNDManager().getEngine().getEngineName());
            for (int i = 0; i < PICTURES; i++) {
                Image picture = ImageFactory.getInstance().fromFile(pngs.resolve(i + ".png"));
                Classifications classes = predictor.predict(picture);
                double[] expected = ModelExportTest.softmax(saved[i]);
                for (int c = 0; c < 10; c++) {
                    String name = FashionMnist.CLASSES.get(c);
                    assertEquals(expected[c], classes.get(name).getProbability(), 1e-5,
                            "picture " + i + ", " + name);
                }
                int best = OnnxVerifier.argmax(onnxLogits[i]);
                agreeWithExport +=
                        FashionMnist.CLASSES.get(best).equals(classes.best().getClassName())
                                ? 1
                                : 0;
            }
        }
        assertTrue(agreeWithExport >= PICTURES - 1, "agrees with the export on " + agreeWithExport);
    }

    @Test
    void theEngineIsTheOneThatTrainedTheRun() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Path copy = Files.createDirectories(tmp.resolve("pytorch-run"));
        for (String file : new String[] {"architecture.json", "metrics.json"}) {
            Files.copy(run.resolve(file), copy.resolve(file));
        }
        Files.createDirectories(copy.resolve("model"));
        Files.copy(run.resolve("model/architecture.json"), copy.resolve("model/architecture.json"));
        assertEquals("MXNet", RunModel.criteria(copy).getEngine());
        ObjectNode metrics = (ObjectNode) mapper.readTree(copy.resolve("metrics.json").toFile());
        metrics.putObject("training").put("engine", "PyTorch");
        Files.writeString(copy.resolve("metrics.json"), mapper.writeValueAsString(metrics));
        assertEquals("PyTorch", RunModel.criteria(copy).getEngine());
    }

    @Test
    void aRunWithoutItsModelOrNormalizationIsNamed() throws Exception {
        Path untrained = Files.createDirectories(tmp.resolve("untrained"));
        Files.copy(run.resolve("architecture.json"), untrained.resolve("architecture.json"));
        InvalidRunException noModel =
                assertThrows(InvalidRunException.class, () -> RunModel.criteria(untrained));
        assertEquals(
                untrained.resolve("model") + ": no trained model; run 'mpnas train --run "
                        + untrained + "' first",
                noModel.getMessage());

        Files.createDirectories(untrained.resolve("model"));
        Files.copy(
                run.resolve("model/architecture.json"),
                untrained.resolve("model/architecture.json"));
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode metrics = (ObjectNode) mapper.readTree(run.resolve("metrics.json").toFile());
        metrics.remove("normalization");
        Files.writeString(untrained.resolve("metrics.json"), mapper.writeValueAsString(metrics));
        InvalidRunException noNormalization =
                assertThrows(InvalidRunException.class, () -> RunModel.criteria(untrained));
        assertEquals(
                untrained.resolve("metrics.json")
                        + ": normalization: missing; allowed: {\"mean\": [..], \"std\": [..]}",
                noNormalization.getMessage());
    }
}
