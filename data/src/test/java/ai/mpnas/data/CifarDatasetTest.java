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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

class CifarDatasetTest {

    private static final Normalization IDENTITY =
            new Normalization(new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f});

    private static NDManager manager;

    @TempDir static Path root;

    /** CIFAR-10: 5 batches of 6 images, then 7 test images. */
    private static byte[][] cifar10Train;

    private static byte[][] cifar10Test;

    /** CIFAR-100: 12 training and 5 test images. */
    private static byte[][] cifar100Train;

    private static byte[][] cifar100Test;

    @BeforeAll
    static void setUp() throws IOException {
        manager = NDManager.newBaseManager();
        cifar10Train = DataFiles.images(30, 3072, 10);
        cifar10Test = DataFiles.images(7, 3072, 11);
        // The layout the CIFAR-10 binary archive unpacks to.
        Path batches = Files.createDirectories(root.resolve("c10/cifar-10-batches-bin"));
        for (int b = 0; b < 5; b++) {
            byte[][] images = new byte[6][];
            byte[][] labels = new byte[6][];
            for (int i = 0; i < 6; i++) {
                images[i] = cifar10Train[6 * b + i];
                labels[i] = new byte[] {(byte) ((6 * b + i) % 10)};
            }
            DataFiles.writeCifar(batches.resolve("data_batch_" + (b + 1) + ".bin"), labels, images);
        }
        DataFiles.writeCifar(batches.resolve("test_batch.bin"), cifar10Labels(7), cifar10Test);

        cifar100Train = DataFiles.images(12, 3072, 12);
        cifar100Test = DataFiles.images(5, 3072, 13);
        Path c100 = Files.createDirectories(root.resolve("c100"));
        DataFiles.writeCifar(c100.resolve("train.bin"), cifar100Labels(12), cifar100Train);
        DataFiles.writeCifar(c100.resolve("test.bin"), cifar100Labels(5), cifar100Test);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static byte[][] cifar10Labels(int n) {
        byte[][] labels = new byte[n][];
        for (int i = 0; i < n; i++) {
            labels[i] = new byte[] {(byte) (i % 10)};
        }
        return labels;
    }

    /** Coarse label i % 20, fine label (7 i + 3) % 100. */
    private static byte[][] cifar100Labels(int n) {
        byte[][] labels = new byte[n][];
        for (int i = 0; i < n; i++) {
            labels[i] = new byte[] {(byte) (i % 20), (byte) ((7 * i + 3) % 100)};
        }
        return labels;
    }

    private static DatasetSpec.Builder spec(DatasetKind kind, String subdir) {
        return DatasetSpec.builder()
                .setKind(kind)
                .optDataDir(root.resolve(subdir))
                .optValidationFraction(0.2)
                .optSeed(5)
                .optBatchSize(4)
                .optShuffle(false)
                .optNormalization(IDENTITY);
    }

    @Test
    void cifar10RoundTripsThroughDjlCifar10() throws Exception {
        DatasetSplits splits = Datasets.load(spec(DatasetKind.CIFAR10, "c10").build(), manager);
        DatasetInfo info = splits.info();
        assertEquals(new Shape(3, 32, 32), info.inputShape());
        assertEquals(
                List.of(
                        "airplane",
                        "automobile",
                        "bird",
                        "cat",
                        "deer",
                        "dog",
                        "frog",
                        "horse",
                        "ship",
                        "truck"),
                info.classes());

        Samples trainPart = Samples.read(splits.train(), manager);
        Samples validation = Samples.read(splits.validation(), manager);
        assertEquals(24, trainPart.size());
        assertEquals(6, validation.size());
        assertEquals(new Shape(4, 3, 32, 32), trainPart.batchShapes().get(0));
        assertEquals(DataType.FLOAT32, trainPart.dataTypes()[1]);
        Set<Integer> seen = new HashSet<>();
        for (Samples part : List.of(trainPart, validation)) {
            for (int i = 0; i < part.size(); i++) {
                int source = part.sourceIndex(i);
                assertTrue(seen.add(source));
                // The file holds R, G, B planes: the same CHW order as the tensor.
                assertPixels(cifar10Train[source], part.pixels().get(i));
                assertEquals(source % 10, part.labels()[i]);
            }
        }
        assertEquals(30, seen.size());

        Samples testPart = Samples.read(splits.test(), manager);
        assertEquals(7, testPart.size());
        for (int i = 0; i < 7; i++) {
            assertEquals(i, testPart.sourceIndex(i));
            assertPixels(cifar10Test[i], testPart.pixels().get(i));
            assertEquals(i % 10, testPart.labels()[i]);
        }
    }

    @Test
    void cifar10DefaultNormalisationIsPerChannel() throws Exception {
        DatasetSpec spec =
                DatasetSpec.builder()
                        .setKind(DatasetKind.CIFAR10)
                        .optDataDir(root.resolve("c10/cifar-10-batches-bin"))
                        .optShuffle(false)
                        .build();
        Samples testPart = Samples.read(Datasets.load(spec, manager).test(), manager);
        float[] mean = {0.4914f, 0.4822f, 0.4465f};
        float[] std = {0.2023f, 0.1994f, 0.2010f};
        for (int i = 0; i < 7; i++) {
            float[] got = testPart.pixels().get(i);
            for (int p = 0; p < 3072; p++) {
                int c = p / 1024;
                float expected = ((cifar10Test[i][p] & 0xFF) / 255f - mean[c]) / std[c];
                assertEquals(expected, got[p], 1e-5f);
            }
        }
    }

    @Test
    void cifar100UsesFineLabelsByDefault() throws Exception {
        DatasetSplits splits = Datasets.load(spec(DatasetKind.CIFAR100, "c100").build(), manager);
        DatasetInfo info = splits.info();
        assertEquals(100, info.numClasses());
        assertEquals(100, new HashSet<>(info.classes()).size());
        assertEquals("apple", info.classes().get(0));
        assertEquals("worm", info.classes().get(99));
        assertEquals(new Shape(3, 32, 32), info.inputShape());

        Samples trainPart = Samples.read(splits.train(), manager);
        Samples validation = Samples.read(splits.validation(), manager);
        assertEquals(10, trainPart.size());
        assertEquals(2, validation.size());
        Set<Integer> seen = new HashSet<>();
        for (Samples part : List.of(trainPart, validation)) {
            for (int i = 0; i < part.size(); i++) {
                int source = part.sourceIndex(i);
                assertTrue(seen.add(source));
                assertPixels(cifar100Train[source], part.pixels().get(i));
                assertEquals((7 * source + 3) % 100, part.labels()[i]);
            }
        }
        assertEquals(12, seen.size());
        Samples testPart = Samples.read(splits.test(), manager);
        for (int i = 0; i < 5; i++) {
            assertPixels(cifar100Test[i], testPart.pixels().get(i));
            assertEquals((7 * i + 3) % 100, testPart.labels()[i]);
        }
    }

    @Test
    void cifar100CoarseLabels() throws Exception {
        DatasetSplits splits =
                Datasets.load(
                        spec(DatasetKind.CIFAR100, "c100")
                                .optCifar100Labels(Cifar100.LabelKind.COARSE)
                                .build(),
                        manager);
        assertEquals(20, splits.info().numClasses());
        assertEquals("aquatic_mammals", splits.info().classes().get(0));
        assertEquals("vehicles_2", splits.info().classes().get(19));
        Samples testPart = Samples.read(splits.test(), manager);
        for (int i = 0; i < 5; i++) {
            assertEquals(i % 20, testPart.labels()[i]);
            assertPixels(cifar100Test[i], testPart.pixels().get(i));
        }
    }

    private static void assertPixels(byte[] expected, float[] got) {
        assertEquals(expected.length, got.length);
        for (int p = 0; p < expected.length; p++) {
            assertEquals((expected[p] & 0xFF) / 255f, got[p], "pixel " + p);
        }
    }
}
