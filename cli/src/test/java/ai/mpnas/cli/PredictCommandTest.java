package ai.mpnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.mpnas.export.OnnxExporter;
import ai.mpnas.export.OrtSessions;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mpnas predict} on pictures made from the committed Fashion-MNIST fixture, with a model
 * trained, exported and published here: its answers are those of DJL {@code Criteria} on the same
 * files and of ONNX Runtime run directly on the pixels; bad input gets one line and exit code 2.
 */
class PredictCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path FIXTURE = Path.of("..", "fixtures", "fashion-mnist");
    private static final String CODE = "skip-e3k5w4a8-e6k3w2a6-e1k7w8a4-skip-e3k3w6a2";
    private static final int PICTURES = 12;
    private static final String FORMATS =
            "an image file (bmp, gif, jpeg, jpg, png, tif, tiff, wbmp)";

    @TempDir static Path work;

    private static Path run;
    private static Path export;
    private static Path zoo;
    private static List<Path> pngs;
    private static float[][] pixels;

    @BeforeAll
    static void trainExportAndPublish() throws Exception {
        run = work.resolve("run");
        cli("train", "--baseline", "given", "--architecture", CODE, "--out", run.toString(),
                "--data-dir", FIXTURE.toString(), "--epochs", "1", "--train-limit", "640",
                "--test-limit", "200", "--no-progress");
        cli("export", "--run", run.toString(), "--data-dir", FIXTURE.toString());
        export = run.resolve("export/onnx");
        zoo = work.resolve("zoo");
        cli("publish", "--run", run.toString(), "--zoo", zoo.toString(), "--artifact", "tiny");
        writePictures();
    }

    @Test
    void answersAreThoseOfDjlCriteriaAndOfOnnxRuntimeOnThePixels() throws Exception {
        JsonNode predicted = predictJson(export.toString(), "--top-k", "10");
        assertEquals(export.toString(), predicted.get("model").asText());
        assertEquals(10, predicted.get("top_k").asInt());
        float[][] onnx = onnxRuntimeLogits();
        Criteria<Image, Classifications> criteria =
                Criteria.builder()
                        .setTypes(Image.class, Classifications.class)
                        .optModelUrls(export.toUri().toString())
                        .build();
        try (ZooModel<Image, Classifications> model = criteria.loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            List<String> synset = Files.readAllLines(export.resolve("synset.txt"));
            for (int i = 0; i < PICTURES; i++) {
                JsonNode answer = predicted.get("predictions").get(i);
                assertEquals(pngs.get(i).toString(), answer.get("image").asText());
                JsonNode classes = answer.get("classes");
                assertEquals(10, classes.size());
                Classifications direct =
                        predictor.predict(ImageFactory.getInstance().fromFile(pngs.get(i)));
                double[] softmax = softmax(onnx[i]);
                assertEquals(synset.get(argmax(onnx[i])), classes.get(0).get("className").asText(),
                        "top-1 of picture " + i);
                for (JsonNode c : classes) {
                    String name = c.get("className").asText();
                    double p = c.get("probability").asDouble();
                    assertEquals(direct.get(name).getProbability(), p, 1e-7, i + ": " + name);
                    assertEquals(softmax[synset.indexOf(name)], p, 1e-5, i + ": " + name);
                }
            }
        }
    }

    @Test
    void theZooItsArtifactAndTheArchiveAnswerAsTheExportDoes() throws Exception {
        JsonNode expected = predictJson(export.toString()).get("predictions");
        String published = "tiny 1.0 in " + zoo;
        Path archive = zoo.resolve("ai/mpnas/zoo/tiny/tiny-1.0.zip");
        assertSameAnswers(expected, published, predictJson(zoo.toString()));
        assertSameAnswers(expected, published,
                predictJson(zoo.toString(), "--artifact", "tiny"));
        assertSameAnswers(expected, archive.toString(), predictJson(archive.toString()));
    }

    private static void assertSameAnswers(JsonNode expected, String model, JsonNode predicted) {
        assertEquals(model, predicted.get("model").asText());
        assertEquals(expected, predicted.get("predictions"), model);
    }

    @Test
    void humanOutputListsTheTopKOfEachPictureMostProbableFirst() throws Exception {
        List<String> args = new ArrayList<>(List.of("predict", "--model", export.toString(),
                "--top-k", "3"));
        args.add(pngs.get(0).toString());
        args.add(pngs.get(1).toString());
        CliRun three = CliRun.of(args.toArray(String[]::new));
        assertEquals(ExitCodes.OK, three.exitCode(), three.err());
        String[] lines = three.out().strip().split("\n");
        assertEquals(1 + 2 * 4, lines.length, three.out());
        assertEquals("model: " + export, lines[0]);
        assertEquals(pngs.get(1).toString(), lines[5]);
        double previous = 1;
        for (int rank = 1; rank <= 3; rank++) {
            String line = lines[1 + rank];
            assertTrue(line.matches("  " + rank + "  [01]\\.\\d{4}  \\S.*"), line);
            double p = Double.parseDouble(line.substring(5, 11));
            assertTrue(p <= previous, line);
            previous = p;
        }
        args.set(4, "50");
        CliRun all = CliRun.of(args.toArray(String[]::new));
        assertEquals(1 + 2 * 11, all.out().strip().split("\n").length, "all ten classes");
    }

    @Test
    void badPicturesAreNamedWithWhatIsAllowed() throws Exception {
        Path missing = work.resolve("no-such.png");
        assertOneLine(predict(export.toString(), missing.toString()), ExitCodes.BAD_INPUT,
                "mpnas predict: " + missing + ": no such image file; allowed: " + FORMATS);
        Path text = Files.writeString(work.resolve("notes.png"), "not a picture\n");
        assertOneLine(predict(export.toString(), text.toString()), ExitCodes.BAD_INPUT,
                "mpnas predict: " + text + ": not a readable image; allowed: " + FORMATS);
        assertOneLine(
                CliRun.of("predict", "--model", export.toString(), "--top-k", "0",
                        pngs.get(0).toString()),
                ExitCodes.BAD_INPUT,
                "mpnas predict: --top-k 0: allowed 1 or more (more than the model's classes"
                        + " prints them all)");
    }

    @Test
    void wrongModelsAreNamedWithWhatIsAllowed() throws Exception {
        String allowed = "allowed: an export directory (mpnas export: RUN/export/onnx), a published"
                + " version directory or its .zip, or a zoo (mpnas publish --zoo)";
        String png = pngs.get(0).toString();
        Path none = work.resolve("no-model");
        assertOneLine(predict(none.toString(), png), ExitCodes.BAD_INPUT,
                "mpnas predict: " + none + ": no such model; " + allowed);
        assertOneLine(predict(run.toString(), png), ExitCodes.BAD_INPUT,
                "mpnas predict: " + run + ": not a model directory (no serving.properties) (a run"
                        + " directory: its model is " + export + " after 'mpnas export --run "
                        + run + "'); " + allowed);
        assertOneLine(predict(zoo.toString(), png, "--artifact", "huge"), ExitCodes.BAD_INPUT,
                "mpnas predict: --artifact huge: not published in " + zoo + "; allowed: tiny");
        assertOneLine(predict(export.toString(), png, "--artifact", "tiny"), ExitCodes.BAD_INPUT,
                "mpnas predict: --artifact tiny: names a model of a zoo, but " + export
                        + " is not a zoo (no ai/mpnas/zoo/ directory)");
        Path notZip = Files.writeString(work.resolve("model.zip"), "not a zip\n");
        assertOneLine(predict(notZip.toString(), png), ExitCodes.BAD_INPUT,
                "mpnas predict: " + notZip + ": not a zip archive (zip END header not found); "
                        + allowed);
        Path noModel = work.resolve("pictures.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(noModel))) {
            zip.putNextEntry(new ZipEntry("pictures/serving.properties"));
            zip.write("engine=OnnxRuntime\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertOneLine(predict(noModel.toString(), png), ExitCodes.BAD_INPUT,
                "mpnas predict: " + noModel + ": not a model archive (no model.onnx); " + allowed);
        Path empty = Files.createDirectories(work.resolve("empty-zoo/ai/mpnas/zoo"));
        Path emptyZoo = empty.getParent().getParent().getParent();
        assertOneLine(predict(emptyZoo.toString(), png), ExitCodes.NOT_FOUND,
                "mpnas predict: " + emptyZoo + ": the zoo holds no model (mpnas publish first)");
    }

    @Test
    void changedModelFilesAreRefusedNamingTheFile() throws Exception {
        String png = pngs.get(0).toString();
        Path edited = copy(export, work.resolve("edited"));
        Path serving = edited.resolve("serving.properties");
        Files.writeString(serving, Files.readString(serving).replace("width=28", "width=32"));
        assertOneLine(predict(edited.toString(), png), ExitCodes.BAD_INPUT,
                "mpnas predict: " + serving + ": width=32, but " + edited.resolve("model.onnx")
                        + " takes width 28 (mpnas.preprocess); allowed: width=28");

        Path tampered = copy(zoo, work.resolve("tampered"));
        Path model = tampered.resolve("ai/mpnas/zoo/tiny/1.0/model.onnx");
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length - 1] ^= 1;
        Files.write(model, bytes);
        CliRun refused = predict(tampered.toString(), png);
        assertEquals(ExitCodes.BAD_INPUT, refused.exitCode(), refused.err());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(refused.err().startsWith("mpnas predict: " + model + ": sha1 expected "),
                refused.err());
    }

    private static void cli(String... args) {
        CliRun result = CliRun.of(args);
        assertEquals(ExitCodes.OK, result.exitCode(), String.join(" ", args) + ": " + result.err());
    }

    private static CliRun predict(String model, String image, String... more) {
        List<String> args = new ArrayList<>(List.of("predict", "--model", model));
        args.addAll(List.of(more));
        args.add(image);
        return CliRun.of(args.toArray(String[]::new));
    }

    private static JsonNode predictJson(String model, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("predict", "--model", model, "--json"));
        args.addAll(List.of(more));
        pngs.forEach(p -> args.add(p.toString()));
        CliRun result = CliRun.of(args.toArray(String[]::new));
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        return MAPPER.readTree(result.out());
    }

    private static void assertOneLine(CliRun result, int exitCode, String expected) {
        assertEquals(exitCode, result.exitCode(), result.err());
        assertEquals("", result.out());
        assertEquals(expected, result.err().strip());
    }

    /** The first fixture test pictures as grayscale PNG files, and their pixels in [0, 1]. */
    private static void writePictures() throws IOException {
        byte[] images;
        try (InputStream in = new GZIPInputStream(
                Files.newInputStream(FIXTURE.resolve("t10k-images-idx3-ubyte.gz")))) {
            images = in.readAllBytes();
        }
        pngs = new ArrayList<>();
        pixels = new float[PICTURES][784];
        for (int i = 0; i < PICTURES; i++) {
            BufferedImage picture = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) {
                int v = images[16 + i * 784 + p] & 0xff;
                picture.getRaster().setSample(p % 28, p / 28, 0, v);
                pixels[i][p] = v / 255f;
            }
            Path file = work.resolve("picture-" + i + ".png");
            ImageIO.write(picture, "png", file.toFile());
            pngs.add(file);
        }
    }

    /** ONNX Runtime on the exported file, fed the pixels scaled to [0, 1] (mpnas.preprocess). */
    private static float[][] onnxRuntimeLogits() throws Exception {
        float[] batch = new float[PICTURES * 784];
        for (int i = 0; i < PICTURES; i++) {
            System.arraycopy(pixels[i], 0, batch, i * 784, 784);
        }
        try (OrtSession session =
                        OrtSessions.open(Files.readAllBytes(export.resolve("model.onnx")), 0);
                OnnxTensor input =
                        OnnxTensor.createTensor(
                                OrtSessions.environment(),
                                FloatBuffer.wrap(batch),
                                new long[] {PICTURES, 1, 28, 28});
                OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT_NAME, input))) {
            return (float[][]) result.get(0).getValue();
        }
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int j = 1; j < values.length; j++) {
            best = values[j] > values[best] ? j : best;
        }
        return best;
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int j = 0; j < p.length; j++) {
            p[j] = Math.exp(logits[j] - max);
            sum += p[j];
        }
        for (int j = 0; j < p.length; j++) {
            p[j] /= sum;
        }
        return p;
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        return to;
    }
}
