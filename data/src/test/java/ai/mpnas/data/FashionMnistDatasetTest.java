package ai.mpnas.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.mpnas.plugin.space.Normalization;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

class FashionMnistDatasetTest {

    private static final Normalization IDENTITY =
            new Normalization(new float[] {0f}, new float[] {1f});

    /** The committed 4000/1000-image fixture (fixtures/fashion-mnist/README.md). */
    private static final Path FIXTURE =
            Path.of(System.getProperty("user.dir"))
                    .resolve("../fixtures/fashion-mnist")
                    .normalize();

    private static NDManager manager;

    @TempDir static Path dir;

    private static byte[][] train;
    private static byte[][] test;

    @BeforeAll
    static void setUp() throws IOException {
        manager = NDManager.newBaseManager();
        train = DataFiles.images(50, 784, 1);
        test = DataFiles.images(20, 784, 2);
        DataFiles.writeFashionMnist(dir, train, test);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static DatasetSpec.Builder spec() {
        return DatasetSpec.builder()
                .setKind(DatasetKind.FASHION_MNIST)
                .optDataDir(dir)
                .optValidationFraction(0.2)
                .optSeed(7)
                .optBatchSize(8)
                .optShuffle(false)
                .optNormalization(IDENTITY);
    }

    @Test
    void infoDescribesFashionMnist() throws Exception {
        DatasetInfo info = Datasets.load(spec().build(), manager).info();
        assertEquals(new Shape(1, 28, 28), info.inputShape());
        assertEquals(10, info.numClasses());
        assertEquals("T-shirt/top", info.classes().get(0));
        assertEquals("Sneaker", info.classes().get(7));
        assertEquals("Ankle boot", info.classes().get(9));
        assertEquals(1f / 255, info.pixelScale());
        assertEquals("fashion-mnist", info.name());
    }

    @Test
    void pixelsAndLabelsRoundTripExactly() throws Exception {
        DatasetSplits splits = Datasets.load(spec().build(), manager);
        Samples trainPart = Samples.read(splits.train(), manager);
        Samples validation = Samples.read(splits.validation(), manager);
        Samples testPart = Samples.read(splits.test(), manager);
        assertEquals(40, trainPart.size());
        assertEquals(10, validation.size());
        assertEquals(20, testPart.size());
        assertEquals(new Shape(8, 1, 28, 28), trainPart.batchShapes().get(0));
        assertEquals(new Shape(2, 1, 28, 28), validation.batchShapes().get(1));
        assertEquals(DataType.FLOAT32, trainPart.dataTypes()[0]);
        assertEquals(DataType.FLOAT32, trainPart.dataTypes()[1]);

        Set<Integer> seen = new HashSet<>();
        for (Samples part : List.of(trainPart, validation)) {
            for (int i = 0; i < part.size(); i++) {
                int source = part.sourceIndex(i);
                assertTrue(seen.add(source), "sample " + source + " in two splits");
                assertPixels(train[source], part.pixels().get(i));
                assertEquals(source % 10, part.labels()[i]);
            }
        }
        assertEquals(50, seen.size());
        for (int i = 0; i < testPart.size(); i++) {
            assertEquals(i, testPart.sourceIndex(i), "test set keeps file order");
            assertPixels(test[i], testPart.pixels().get(i));
            assertEquals(i % 10, testPart.labels()[i]);
        }
    }

    @Test
    void validationIsTheSeededPlan() throws Exception {
        DatasetSplits splits = Datasets.load(spec().build(), manager);
        Samples validation = Samples.read(splits.validation(), manager);
        long[] expected = SplitPlan.of(50, 0.2, 7).validation();
        for (int i = 0; i < validation.size(); i++) {
            assertEquals(expected[i], validation.sourceIndex(i));
        }
    }

    @Test
    void defaultNormalisationIsAppliedPerPixel() throws Exception {
        DatasetSpec spec =
                DatasetSpec.builder()
                        .setKind(DatasetKind.FASHION_MNIST)
                        .optDataDir(dir)
                        .optShuffle(false)
                        .build();
        DatasetSplits splits = Datasets.load(spec, manager);
        assertEquals(
                new Normalization(new float[] {0.2860f}, new float[] {0.3530f}),
                splits.info().normalization());
        Samples testPart = Samples.read(splits.test(), manager);
        for (int i = 0; i < test.length; i++) {
            float[] got = testPart.pixels().get(i);
            for (int p = 0; p < 784; p++) {
                float expected = ((test[i][p] & 0xFF) / 255f - 0.2860f) / 0.3530f;
                assertEquals(expected, got[p], 1e-5f);
            }
        }
    }

    @Test
    void splitDependsOnlyOnTheSeed() throws Exception {
        long[] a = sourceIndices(Datasets.load(spec().build(), manager).validation());
        long[] b = sourceIndices(Datasets.load(spec().build(), manager).validation());
        long[] c = sourceIndices(Datasets.load(spec().optSeed(8).build(), manager).validation());
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        assertEquals(10, c.length);
    }

    @Test
    void limitsKeepTheFirstSamplesOfEachSplit() throws Exception {
        DatasetSplits all = Datasets.load(spec().build(), manager);
        DatasetSplits some =
                Datasets.load(
                        spec().optTrainLimit(5).optValidationLimit(3).optTestLimit(4).build(),
                        manager);
        assertEquals(5, some.train().size());
        assertEquals(3, some.validation().size());
        assertEquals(4, some.test().size());
        assertArrayEquals(prefix(sourceIndices(all.train()), 5), sourceIndices(some.train()));
        assertArrayEquals(
                prefix(sourceIndices(all.validation()), 3), sourceIndices(some.validation()));
        Samples testPart = Samples.read(some.test(), manager);
        for (int i = 0; i < 4; i++) {
            assertEquals(i, testPart.sourceIndex(i));
        }
    }

    @Test
    void shuffleChangesEachEpochAndReplaysFromTheSeed() throws Exception {
        DatasetSplits splits = Datasets.load(spec().optShuffle(true).build(), manager);
        int[] epoch0 = order(Samples.read(splits.train(), manager));
        int[] epoch1 = order(Samples.read(splits.train(), manager));
        assertFalse(Arrays.equals(epoch0, epoch1));
        assertEquals(sorted(epoch0), sorted(epoch1));
        assertEquals(
                sorted(epoch0),
                sorted(
                        order(
                                Samples.read(
                                        Datasets.load(spec().build(), manager).train(), manager))));

        DatasetSplits again = Datasets.load(spec().optShuffle(true).build(), manager);
        assertArrayEquals(epoch0, order(Samples.read(again.train(), manager)));
        again.trainShuffle().orElseThrow().setEpoch(1);
        assertArrayEquals(epoch1, order(Samples.read(again.train(), manager)));
        assertTrue(Datasets.load(spec().build(), manager).trainShuffle().isEmpty());
    }

    @Test
    void committedFixtureLoadsThroughDjl() throws Exception {
        DatasetSpec spec =
                DatasetSpec.builder()
                        .setKind(DatasetKind.FASHION_MNIST)
                        .optDataDir(FIXTURE)
                        .optBatchSize(500)
                        .optShuffle(false)
                        .optNormalization(IDENTITY)
                        .build();
        DatasetSplits splits = Datasets.load(spec, manager);
        Samples trainPart = Samples.read(splits.train(), manager);
        Samples validation = Samples.read(splits.validation(), manager);
        Samples testPart = Samples.read(splits.test(), manager);
        assertEquals(3600, trainPart.size());
        assertEquals(400, validation.size());
        assertEquals(1000, testPart.size());

        // The fixture README: 100 test images per class.
        int[] perClass = new int[10];
        for (float label : testPart.labels()) {
            perClass[(int) label]++;
        }
        assertArrayEquals(new int[] {100, 100, 100, 100, 100, 100, 100, 100, 100, 100}, perClass);

        // Test images in file order, compared with the bytes read here with java.util.zip.
        byte[] images = gunzip(FIXTURE.resolve("t10k-images-idx3-ubyte.gz"));
        byte[] labels = gunzip(FIXTURE.resolve("t10k-labels-idx1-ubyte.gz"));
        for (int i = 0; i < 1000; i += 97) {
            float[] got = testPart.pixels().get(i);
            for (int p = 0; p < 784; p++) {
                assertEquals((images[16 + i * 784 + p] & 0xFF) / 255f, got[p]);
            }
            assertEquals(labels[8 + i], testPart.labels()[i]);
        }

        // Mean pixel of the 4000 training images, computed with NumPy from the same files.
        double sum = 0;
        for (Samples part : List.of(trainPart, validation)) {
            for (float[] image : part.pixels()) {
                for (float v : image) {
                    sum += v;
                }
            }
        }
        assertEquals(0.2867682, sum / (4000.0 * 784), 1e-6);
    }

    @Test
    void debianDirectoryIsTheDefault() {
        DatasetSpec spec = DatasetSpec.builder().setKind(DatasetKind.FASHION_MNIST).build();
        assertEquals(Path.of("/usr/share/datasets/fashion-mnist"), spec.getDataDir());
    }

    private static void assertPixels(byte[] expected, float[] got) {
        assertEquals(expected.length, got.length);
        for (int p = 0; p < expected.length; p++) {
            assertEquals((expected[p] & 0xFF) / 255f, got[p], "pixel " + p);
        }
    }

    private static long[] sourceIndices(RandomAccessDataset split) {
        return ((SplitView) split).sourceIndices();
    }

    private static long[] prefix(long[] a, int n) {
        return Arrays.copyOf(a, n);
    }

    private static int[] order(Samples samples) {
        int[] order = new int[samples.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = samples.sourceIndex(i);
        }
        return order;
    }

    private static List<Integer> sorted(int[] a) {
        return Arrays.stream(a).sorted().boxed().toList();
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
