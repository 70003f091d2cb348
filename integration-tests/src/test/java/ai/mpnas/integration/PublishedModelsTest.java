package ai.mpnas.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.mpnas.cli.Main;
import ai.mpnas.export.RunExport;
import ai.mpnas.export.TrainedRun;
import ai.mpnas.zoo.MpnasModelZoo;
import ai.mpnas.zoo.ServingModel;
import ai.mpnas.zoo.ServingModelLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two models from real (short) runs on the committed Fashion-MNIST fixture go through the whole
 * pipeline with the CLI, are published into one zoo, and are loaded back the ways a deployer and
 * DJL Serving load them; their predictions on real test pictures must be those of the trained
 * networks the export verified.
 */
class PublishedModelsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path FIXTURE = Path.of("..", "fixtures", "fashion-mnist");
    private static final int PICTURES = 100;

    @TempDir static Path work;

    private static Path zoo;
    private static List<byte[]> pngs;
    private static float[] pixels;
    private static int[] labels;

    @BeforeAll
    static void publishTwoRuns() throws Exception {
        zoo = work.resolve("zoo");
        readTestPictures();
        for (String budget : new String[] {"0.4", "0.8"}) {
            Path run = work.resolve("run-" + budget);
            cli("search", "--data-dir", FIXTURE.toString(), "--energy-budget", budget, "--epochs", "2",
                    "--warmup-epochs", "1", "--steps-per-epoch", "6", "--out", run.toString(), "--no-progress");
            cli("train", "--run", run.toString(), "--data-dir", FIXTURE.toString(), "--epochs", "2",
                    "--train-limit", "3000", "--no-progress");
            // all 1,000 fixture test images: at 200, one near-tie image flipped by summation order
            // is 99.5% top-1 agreement, below the 99.9% the export requires
            cli("export", "--run", run.toString(), "--data-dir", FIXTURE.toString(),
                    "--samples", "1000");
            cli("publish", "--run", run.toString(), "--zoo", zoo.toString(), "--artifact", "fmnist-b" + budget);
        }
    }

    private static void cli(String... args) {
        assertEquals(0, Main.newCommandLine().execute(args), String.join(" ", args));
    }

    @Test
    void criteriaWithFiltersClassifiesLikeTheTrainedNetwork() throws Exception {
        for (String budget : new String[] {"0.4", "0.8"}) {
            int[] expected = djlPredictions(work.resolve("run-" + budget));
            Criteria<Image, Classifications> criteria =
                    Criteria.builder()
                            .setTypes(Image.class, Classifications.class)
                            .optModelZoo(new MpnasModelZoo(zoo.toString()))
                            .optGroupId(MpnasModelZoo.GROUP_ID)
                            .optArtifactId("fmnist-b" + budget)
                            .optFilter("dataset", "fashion-mnist")
                            .optFilter("budget", budget)
                            .build();
            try (ZooModel<Image, Classifications> model = criteria.loadModel();
                    Predictor<Image, Classifications> predictor = model.newPredictor()) {
                List<String> synset = Files.readAllLines(model.getModelPath().resolve("synset.txt"));
                int agree = 0;
                int correctZoo = 0;
                int correctDjl = 0;
                for (int i = 0; i < PICTURES; i++) {
                    Image image = ImageFactory.getInstance().fromInputStream(
                            new java.io.ByteArrayInputStream(pngs.get(i)));
                    int predicted = synset.indexOf(predictor.predict(image).best().getClassName());
                    agree += predicted == expected[i] ? 1 : 0;
                    correctZoo += predicted == labels[i] ? 1 : 0;
                    correctDjl += expected[i] == labels[i] ? 1 : 0;
                }
                assertTrue(java.util.Arrays.stream(expected).distinct().count() >= 3,
                        budget + ": a trained network tells classes apart");
                assertTrue(agree >= PICTURES - 1, budget + ": the zoo model agrees on " + agree);
                assertEquals(correctDjl, correctZoo, 1.0, budget + ": same top-1");
            }
        }
    }

    @Test
    void djlServingLoadsThePublishedDirectoryAndItsArchive() throws Exception {
        Path versionDir = zoo.resolve("ai/mpnas/zoo/fmnist-b0.4/1.0");
        Path archive = zoo.resolve("ai/mpnas/zoo/fmnist-b0.4/fmnist-b0.4-1.0.zip");
        int[] expected = djlPredictions(work.resolve("run-0.4"));
        for (Path location : new Path[] {versionDir, archive}) {
            ServingModel serving = ServingModelLoader.resolve(location.toUri().toString());
            try (ZooModel<Input, Output> model = serving.criteria().loadModel();
                    Predictor<Input, Output> predictor = model.newPredictor()) {
                List<String> synset = Files.readAllLines(serving.modelDir().resolve("synset.txt"));
                int agree = 0;
                for (int i = 0; i < 20; i++) {
                    Input input = new Input();
                    input.add(pngs.get(i));
                    Output output = predictor.predict(input);
                    assertEquals(200, output.getCode(), location.toString());
                    JsonNode top = MAPPER.readTree(output.getData().getAsString());
                    agree += synset.indexOf(top.get(0).get("className").asText()) == expected[i] ? 1 : 0;
                }
                assertTrue(agree >= 19, location + ": agrees on " + agree + " of 20");
            }
        }
    }

    /** The trained network's own classes (DJL/MXNet forward), as the export verification saw them. */
    private static int[] djlPredictions(Path run) throws Exception {
        try (TrainedRun trained = RunExport.load(run);
                NDManager manager = NDManager.newBaseManager()) {
            JsonNode norm = MAPPER.readTree(run.resolve("metrics.json").toFile()).get("normalization");
            float mean = (float) norm.get("mean").get(0).asDouble();
            float std = (float) norm.get("std").get(0).asDouble();
            float[] x = new float[PICTURES * 784];
            for (int i = 0; i < x.length; i++) {
                x[i] = (pixels[i] - mean) / std;
            }
            NDArray logits =
                    trained.network()
                            .forward(new ParameterStore(manager, false),
                                    new NDList(manager.create(x, new Shape(PICTURES, 1, 28, 28))), false)
                            .singletonOrThrow();
            long[] argmax = logits.argMax(1).toLongArray();
            int[] out = new int[PICTURES];
            for (int i = 0; i < PICTURES; i++) {
                out[i] = (int) argmax[i];
            }
            return out;
        }
    }

    /** The first test pictures of the fixture, as PNG bytes and as [0, 1] pixels. */
    private static void readTestPictures() throws IOException {
        byte[] images = gunzip(FIXTURE.resolve("t10k-images-idx3-ubyte.gz"));
        byte[] labelBytes = gunzip(FIXTURE.resolve("t10k-labels-idx1-ubyte.gz"));
        assertEquals(0x803, ByteBuffer.wrap(images).getInt());
        pngs = new ArrayList<>();
        pixels = new float[PICTURES * 784];
        labels = new int[PICTURES];
        for (int i = 0; i < PICTURES; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) {
                int v = images[16 + i * 784 + p] & 0xff;
                img.getRaster().setSample(p % 28, p / 28, 0, v);
                pixels[i * 784 + p] = v / 255f;
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(img, "png", png);
            pngs.add(png.toByteArray());
            labels[i] = labelBytes[8 + i] & 0xff;
        }
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
