package ai.mpnas.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.mpnas.plugin.space.Normalization;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import javax.imageio.ImageIO;

class ImageFolderDatasetTest {

    private static final Normalization IDENTITY =
            new Normalization(new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f});

    private static final int WIDTH = 8;
    private static final int HEIGHT = 6;

    private static NDManager manager;

    @TempDir static Path root;

    /** Every written image by its id (the red value of its top-left pixel), as packed RGB. */
    private static final Map<Integer, int[]> IMAGES = new HashMap<>();

    /** The class of every written image by its id. */
    private static final Map<Integer, String> CLASS_OF = new HashMap<>();

    private static int nextId;

    /** The id of the only image in plain/test. */
    private static int testImageId;

    @BeforeAll
    static void setUp() throws IOException {
        manager = NDManager.newBaseManager();
        // Tiny ImageNet layout for two classes, a flat class directory for the third; created
        // out of name order so that sorting is observable.
        Path tiny = root.resolve("tiny");
        for (int i = 0; i < 4; i++) {
            // Tiny ImageNet's extension; PNG content keeps pixels exact (ImageIO reads by content).
            png(tiny.resolve("train/n02/images/n02_" + i + ".JPEG"), "n02");
            png(tiny.resolve("train/n01/images/n01_" + i + ".png"), "n01");
            png(tiny.resolve("train/n00/img" + i + ".png"), "n00");
        }
        Files.writeString(tiny.resolve("train/n00/notes.txt"), "not an image");
        StringBuilder annotations = new StringBuilder();
        String[] valClasses = {"n01", "n00", "n02", "n01", "n02"};
        for (int i = 0; i < valClasses.length; i++) {
            png(tiny.resolve("val/images/val_" + i + ".png"), valClasses[i]);
            annotations
                    .append("val_")
                    .append(i)
                    .append(".png\t")
                    .append(valClasses[i])
                    .append("\t0\t0\t7\t5\n");
        }
        Files.writeString(tiny.resolve("val/val_annotations.txt"), annotations);

        // A plain class tree with a test/ directory that lacks one class.
        Path plain = root.resolve("plain");
        for (int i = 0; i < 3; i++) {
            png(plain.resolve("train/cat/" + i + ".png"), "cat");
            png(plain.resolve("train/dog/" + i + ".png"), "dog");
        }
        testImageId = nextId;
        png(plain.resolve("test/dog/t.png"), "dog");
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /** Writes a random RGB PNG whose top-left red value is its id. */
    private static void png(Path file, String className) throws IOException {
        int id = nextId++;
        Random random = new Random(id);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[WIDTH * HEIGHT];
        for (int p = 0; p < rgb.length; p++) {
            rgb[p] = random.nextInt(1 << 24);
        }
        rgb[0] = (id << 16) | (rgb[0] & 0xFFFF);
        image.setRGB(0, 0, WIDTH, HEIGHT, rgb, 0, WIDTH);
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
        IMAGES.put(id, rgb);
        CLASS_OF.put(id, className);
    }

    private static DatasetSpec.Builder spec(String dir) {
        return DatasetSpec.builder()
                .setKind(DatasetKind.IMAGE_FOLDER)
                .optDataDir(root.resolve(dir))
                .optValidationFraction(0.25)
                .optSeed(3)
                .optBatchSize(5)
                .optShuffle(false)
                .optNormalization(IDENTITY);
    }

    @Test
    void tinyImageNetLayoutRoundTrips() throws Exception {
        DatasetSplits splits = Datasets.load(spec("tiny").build(), manager);
        DatasetInfo info = splits.info();
        assertEquals(List.of("n00", "n01", "n02"), info.classes());
        assertEquals(new Shape(3, HEIGHT, WIDTH), info.inputShape());

        Samples trainPart = Samples.read(splits.train(), manager);
        Samples validation = Samples.read(splits.validation(), manager);
        assertEquals(9, trainPart.size());
        assertEquals(3, validation.size());
        assertEquals(new Shape(5, 3, HEIGHT, WIDTH), trainPart.batchShapes().get(0));
        assertEquals(DataType.FLOAT32, trainPart.dataTypes()[0]);
        assertEquals(DataType.FLOAT32, trainPart.dataTypes()[1]);
        Set<Integer> seen = new HashSet<>();
        for (Samples part : List.of(trainPart, validation)) {
            for (int i = 0; i < part.size(); i++) {
                int id = assertImage(part, i, info.classes());
                assertTrue(seen.add(id));
            }
        }
        assertEquals(12, seen.size());

        Samples testPart = Samples.read(splits.test(), manager);
        assertEquals(5, testPart.size());
        List<Integer> testIds = new ArrayList<>();
        for (int i = 0; i < testPart.size(); i++) {
            testIds.add(assertImage(testPart, i, info.classes()));
        }
        assertEquals(List.of(12, 13, 14, 15, 16), testIds, "val_0 .. val_4 in order");
    }

    @Test
    void classTreeWithTestDirectory() throws Exception {
        DatasetSplits splits =
                Datasets.load(spec("plain").optValidationFraction(0).build(), manager);
        assertEquals(List.of("cat", "dog"), splits.info().classes());
        assertEquals(6, splits.train().size());
        assertEquals(0, splits.validation().size());
        Samples trainPart = Samples.read(splits.train(), manager);
        for (int i = 0; i < 6; i++) {
            assertImage(trainPart, i, splits.info().classes());
            assertEquals(i < 3 ? 0 : 1, trainPart.labels()[i], "classes in order, then files");
        }
        Samples testPart = Samples.read(splits.test(), manager);
        assertEquals(1, testPart.size());
        assertEquals(1, testPart.labels()[0], "dog keeps its training label");
    }

    @Test
    void imageSizeResizes() throws Exception {
        DatasetSplits splits = Datasets.load(spec("plain").optImageSize(4).build(), manager);
        assertEquals(new Shape(3, 4, 4), splits.info().inputShape());
        Samples trainPart = Samples.read(splits.train(), manager);
        assertEquals(new Shape(4, 3, 4, 4), trainPart.batchShapes().get(0));
    }

    @Test
    void defaultNormalisationIsImageNets() throws Exception {
        DatasetSpec spec =
                DatasetSpec.builder()
                        .setKind(DatasetKind.IMAGE_FOLDER)
                        .optDataDir(root.resolve("plain"))
                        .optShuffle(false)
                        .build();
        DatasetSplits splits = Datasets.load(spec, manager);
        Samples testPart = Samples.read(splits.test(), manager);
        int[] rgb = IMAGES.get(testImageId);
        float[] mean = {0.485f, 0.456f, 0.406f};
        float[] std = {0.229f, 0.224f, 0.225f};
        float[] got = testPart.pixels().get(0);
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < WIDTH * HEIGHT; p++) {
                int v = (rgb[p] >> (16 - 8 * c)) & 0xFF;
                assertEquals((v / 255f - mean[c]) / std[c], got[c * WIDTH * HEIGHT + p], 1e-5f);
            }
        }
    }

    /**
     * Checks sample i against the image it came from (found by its id): every pixel of every
     * channel, and its label. Returns the id.
     */
    private static int assertImage(Samples samples, int i, List<String> classes) {
        float[] got = samples.pixels().get(i);
        int id = Math.round(got[0] * 255);
        int[] rgb = IMAGES.get(id);
        int plane = WIDTH * HEIGHT;
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < plane; p++) {
                int v = (rgb[p] >> (16 - 8 * c)) & 0xFF;
                assertEquals(v / 255f, got[c * plane + p], "image " + id + " c " + c + " p " + p);
            }
        }
        assertEquals(classes.indexOf(CLASS_OF.get(id)), samples.labels()[i], "image " + id);
        return id;
    }
}
