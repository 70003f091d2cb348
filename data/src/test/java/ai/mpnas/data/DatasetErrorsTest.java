package ai.mpnas.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.mpnas.plugin.space.Normalization;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import javax.imageio.ImageIO;

/** Every way a dataset directory can be wrong, and the one-line message each gives. */
class DatasetErrorsTest {

    private static final String DEBIAN_HINT =
            "(Debian's package dataset-fashion-mnist installs it in"
                + " /usr/share/datasets/fashion-mnist)";

    private static NDManager manager;

    @TempDir Path dir;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /** Loads and expects a failure whose message is exactly {@code file + ": " + problem}. */
    private static void assertFails(DatasetKind kind, Path dataDir, Path file, String problem) {
        DatasetSpec spec = DatasetSpec.builder().setKind(kind).optDataDir(dataDir).build();
        InvalidDatasetException e =
                assertThrows(InvalidDatasetException.class, () -> Datasets.load(spec, manager));
        assertEquals(file + ": " + problem, e.getMessage());
        assertEquals(file, e.getPath());
        assertFalse(e.getMessage().contains("\n"));
    }

    // Fashion-MNIST

    private Path fashion() throws IOException {
        DataFiles.writeFashionMnist(
                dir, DataFiles.images(50, 784, 1), DataFiles.images(20, 784, 2));
        return dir;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void missingDataDirectoryNamesTheFilesAndDebiansPackage() {
        Path missing = dir.resolve("nowhere");
        assertFails(
                DatasetKind.FASHION_MNIST,
                missing,
                missing,
                "data directory not found, expected Fashion-MNIST IDX files"
                        + " train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,"
                        + " t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz "
                        + DEBIAN_HINT);
    }

    @Test
    void dataDirectoryThatIsAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        DatasetSpec spec =
                DatasetSpec.builder().setKind(DatasetKind.FASHION_MNIST).optDataDir(file).build();
        InvalidDatasetException e =
                assertThrows(InvalidDatasetException.class, () -> Datasets.load(spec, manager));
        assertTrue(e.getMessage().startsWith(file + ": not a directory, expected Fashion-MNIST"));
    }

    @Test
    void missingFile() throws IOException {
        Path file = fashion().resolve("t10k-labels-idx1-ubyte.gz");
        Files.delete(file);
        assertFails(
                DatasetKind.FASHION_MNIST,
                dir,
                file,
                "file not found, expected IDX labels " + DEBIAN_HINT);
    }

    @Test
    void notGzip() throws IOException {
        Path file = fashion().resolve("train-images-idx3-ubyte.gz");
        Files.write(file, new byte[] {0, 0, 8, 3, 0, 0, 0, 1});
        assertFails(
                DatasetKind.FASHION_MNIST,
                dir,
                file,
                "expected gzip-compressed IDX images, found corrupt or truncated gzip data (Not"
                        + " in GZIP format)");
    }

    @Test
    void truncatedGzip() throws IOException {
        Path file = fashion().resolve("train-images-idx3-ubyte.gz");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertFails(
                DatasetKind.FASHION_MNIST,
                dir,
                file,
                "expected gzip-compressed IDX images, found corrupt or truncated gzip data"
                        + " (Unexpected end of ZLIB input stream)");
    }

    @Test
    void wrongMagic() throws IOException {
        Path file = fashion().resolve("train-images-idx3-ubyte.gz");
        DataFiles.writeIdx(file, 0x801, new int[] {50, 28, 28}, new byte[50 * 784]);
        assertFails(
                DatasetKind.FASHION_MNIST,
                dir,
                file,
                "expected IDX magic 0x00000803, found 0x00000801");
    }

    @Test
    void wrongImageSize() throws IOException {
        Path file = fashion().resolve("t10k-images-idx3-ubyte.gz");
        DataFiles.writeIdx(file, 0x803, new int[] {20, 27, 28}, new byte[20 * 27 * 28]);
        assertFails(DatasetKind.FASHION_MNIST, dir, file, "expected 28x28 images, found 27x28");
    }

    @Test
    void truncatedImages() throws IOException {
        Path file = fashion().resolve("train-images-idx3-ubyte.gz");
        DataFiles.writeIdx(file, 0x803, new int[] {50, 28, 28}, new byte[50 * 784 - 1]);
        assertFails(
                DatasetKind.FASHION_MNIST,
                dir,
                file,
                "expected 16 + 50 x 784 = 39216 bytes (header count 50), found 39215 (truncated)");
    }

    @Test
    void shortHeader() throws IOException {
        Path file = fashion().resolve("train-labels-idx1-ubyte.gz");
        Files.write(file, gzip(new byte[] {0, 0, 8}));
        assertFails(
                DatasetKind.FASHION_MNIST,
                dir,
                file,
                "expected an IDX header of 8 bytes, found only 3 bytes");
    }

    @Test
    void labelOutOfRange() throws IOException {
        Path file = fashion().resolve("train-labels-idx1-ubyte.gz");
        byte[] labels = DataFiles.labels(50, 10);
        labels[3] = 10;
        DataFiles.writeIdxLabels(file, labels);
        assertFails(
                DatasetKind.FASHION_MNIST, dir, file, "label 10 at index 3 is out of range 0..9");
    }

    @Test
    void labelCountDiffersFromImageCount() throws IOException {
        Path file = fashion().resolve("train-labels-idx1-ubyte.gz");
        DataFiles.writeIdxLabels(file, DataFiles.labels(49, 10));
        assertFails(
                DatasetKind.FASHION_MNIST,
                dir,
                file,
                "expected one label per image of train-images-idx3-ubyte.gz (50), found 49");
    }

    @Test
    void uncompressedIdxFilesAreReadToo() throws Exception {
        byte[][] train = DataFiles.images(10, 784, 3);
        DataFiles.writeIdxImages(dir.resolve("train-images-idx3-ubyte"), train);
        DataFiles.writeIdxLabels(dir.resolve("train-labels-idx1-ubyte"), DataFiles.labels(10, 10));
        DataFiles.writeIdxImages(dir.resolve("t10k-images-idx3-ubyte"), train);
        DataFiles.writeIdxLabels(dir.resolve("t10k-labels-idx1-ubyte"), DataFiles.labels(10, 10));
        DatasetSpec spec =
                DatasetSpec.builder().setKind(DatasetKind.FASHION_MNIST).optDataDir(dir).build();
        assertEquals(10, Datasets.load(spec, manager).test().size());
    }

    // CIFAR

    private Path cifar10() throws IOException {
        byte[][] images = DataFiles.images(3, 3072, 4);
        byte[][] labels = {{0}, {1}, {2}};
        for (int b = 1; b <= 5; b++) {
            DataFiles.writeCifar(dir.resolve("data_batch_" + b + ".bin"), labels, images);
        }
        DataFiles.writeCifar(dir.resolve("test_batch.bin"), labels, images);
        return dir;
    }

    @Test
    void cifar10MissingDirectory() {
        Path missing = dir.resolve("nowhere");
        assertFails(
                DatasetKind.CIFAR10,
                missing,
                missing,
                "data directory not found, expected CIFAR-10 binary files data_batch_1.bin .."
                        + " data_batch_5.bin and test_batch.bin (or a cifar-10-batches-bin"
                        + " directory with them)");
    }

    @Test
    void cifar10MissingBatch() throws IOException {
        Path file = cifar10().resolve("data_batch_3.bin");
        Files.delete(file);
        assertFails(
                DatasetKind.CIFAR10,
                dir,
                file,
                "file not found, expected CIFAR binary records of 3073 bytes (1 label byte + 3072"
                        + " pixels)");
    }

    @Test
    void cifar10SizeNotAMultipleOfTheRecord() throws IOException {
        Path file = cifar10().resolve("data_batch_3.bin");
        Files.write(file, new byte[1000]);
        assertFails(
                DatasetKind.CIFAR10,
                dir,
                file,
                "size 1000 is not a multiple of 3073 bytes (one record: 1 label byte + 3072"
                        + " pixels)");
    }

    @Test
    void cifar10EmptyFile() throws IOException {
        Path file = cifar10().resolve("test_batch.bin");
        Files.write(file, new byte[0]);
        assertFails(
                DatasetKind.CIFAR10,
                dir,
                file,
                "size 0 is not a positive multiple of 3073 bytes (one record: 1 label byte +"
                        + " 3072 pixels)");
    }

    @Test
    void cifar10LabelOutOfRange() throws IOException {
        Path file = cifar10().resolve("data_batch_5.bin");
        DataFiles.writeCifar(file, new byte[][] {{0}, {10}}, DataFiles.images(2, 3072, 5));
        assertFails(DatasetKind.CIFAR10, dir, file, "label 10 of record 1 is out of range 0..9");
    }

    private Path cifar100(byte[][] trainLabels) throws IOException {
        DataFiles.writeCifar(
                dir.resolve("train.bin"),
                trainLabels,
                DataFiles.images(trainLabels.length, 3072, 6));
        DataFiles.writeCifar(
                dir.resolve("test.bin"), new byte[][] {{1, 2}}, DataFiles.images(1, 3072, 7));
        return dir;
    }

    @Test
    void cifar100FineLabelOutOfRange() throws IOException {
        Path file = cifar100(new byte[][] {{19, 99}, {0, 100}}).resolve("train.bin");
        assertFails(
                DatasetKind.CIFAR100,
                dir,
                file,
                "fine label 100 of record 1 is out of range 0..99");
    }

    @Test
    void cifar100CoarseLabelOutOfRange() throws IOException {
        Path file = cifar100(new byte[][] {{20, 0}}).resolve("train.bin");
        assertFails(
                DatasetKind.CIFAR100,
                dir,
                file,
                "coarse label 20 of record 0 is out of range 0..19");
    }

    @Test
    void cifar100RecordsAre3074Bytes() throws IOException {
        Path file = cifar100(new byte[][] {{0, 0}}).resolve("test.bin");
        Files.write(file, new byte[3073]);
        assertFails(
                DatasetKind.CIFAR100,
                dir,
                file,
                "size 3073 is not a multiple of 3074 bytes (one record: 2 label bytes + 3072"
                        + " pixels)");
    }

    // Image folders

    private static void png(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
    }

    @Test
    void imageFolderWithoutTrain() throws IOException {
        Files.createDirectories(dir.resolve("val"));
        Path train = dir.resolve("train");
        assertFails(
                DatasetKind.IMAGE_FOLDER,
                dir,
                train,
                "directory not found, expected a directory with one subdirectory per class");
    }

    @Test
    void imageFolderWithoutClasses() throws IOException {
        Path train = Files.createDirectories(dir.resolve("train"));
        Files.writeString(train.resolve("readme.txt"), "no classes");
        assertFails(
                DatasetKind.IMAGE_FOLDER,
                dir,
                train,
                "expected one subdirectory per class, found none");
    }

    @Test
    void imageFolderWithAnEmptyClass() throws IOException {
        png(dir.resolve("train/a/1.png"));
        Path empty = Files.createDirectories(dir.resolve("train/b/images"));
        Files.writeString(empty.resolve("x.txt"), "not an image");
        assertFails(
                DatasetKind.IMAGE_FOLDER,
                dir,
                dir.resolve("train/b"),
                "expected images (.bmp, .gif, .jpeg, .jpg, .png) in the directory or in"
                        + " images/, found none");
    }

    @Test
    void imageFolderWithoutTestSet() throws IOException {
        png(dir.resolve("train/a/1.png"));
        assertFails(
                DatasetKind.IMAGE_FOLDER,
                dir,
                dir,
                "expected a test set next to train/: val/ (class directories, or images/ with"
                        + " val_annotations.txt) or test/, found neither");
    }

    @Test
    void imageFolderTestClassNotInTraining() throws IOException {
        png(dir.resolve("train/a/1.png"));
        png(dir.resolve("train/b/1.png"));
        png(dir.resolve("test/zebra/1.png"));
        assertFails(
                DatasetKind.IMAGE_FOLDER,
                dir,
                dir.resolve("test/zebra"),
                "class directory is not one of the 2 training classes");
    }

    @Test
    void annotationWithUnknownClass() throws IOException {
        png(dir.resolve("train/a/1.png"));
        png(dir.resolve("val/images/v0.png"));
        png(dir.resolve("val/images/v1.png"));
        Path annotations = dir.resolve("val/val_annotations.txt");
        Files.writeString(annotations, "v0.png\ta\t0\t0\t3\t3\nv1.png\tb\t0\t0\t3\t3\n");
        assertFails(
                DatasetKind.IMAGE_FOLDER,
                dir,
                annotations,
                "line 2: expected '<image file>\\t<training class>\\t...', found"
                        + " 'v1.png\tb\t0\t0\t3\t3'");
    }

    @Test
    void annotationOfAMissingImage() throws IOException {
        png(dir.resolve("train/a/1.png"));
        Files.createDirectories(dir.resolve("val/images"));
        Files.writeString(dir.resolve("val/val_annotations.txt"), "gone.png\ta\n");
        assertFails(
                DatasetKind.IMAGE_FOLDER,
                dir,
                dir.resolve("val/images/gone.png"),
                "file not found, listed in val_annotations.txt line 1");
    }

    @Test
    void undecodableImage() throws IOException {
        Path file = dir.resolve("train/a/1.png");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "not a png");
        png(dir.resolve("test/a/1.png"));
        assertFails(
                DatasetKind.IMAGE_FOLDER,
                dir,
                file,
                "expected an image ImageIO can decode (JPEG, PNG, BMP, GIF)");
    }

    /** Loads an image folder (train only, no validation) and reads its training split. */
    private InvalidDatasetException readFails() {
        DatasetSpec spec =
                DatasetSpec.builder()
                        .setKind(DatasetKind.IMAGE_FOLDER)
                        .optDataDir(dir)
                        .optValidationFraction(0)
                        .build();
        return assertThrows(
                InvalidDatasetException.class,
                () -> Samples.read(Datasets.load(spec, manager).train(), manager));
    }

    @Test
    void undecodableImageFoundWhenRead() throws IOException {
        png(dir.resolve("train/a/1.png"));
        Path file = dir.resolve("train/a/2.png");
        Files.writeString(file, "not a png");
        png(dir.resolve("test/a/1.png"));
        InvalidDatasetException e = readFails();
        assertEquals(
                file
                        + ": expected an image ImageIO can decode (Failed to read image from: "
                        + file
                        + ")",
                e.getMessage());
        assertEquals(file, e.getPath());
    }

    @Test
    void imageOfAnotherSizeFoundWhenRead() throws IOException {
        png(dir.resolve("train/a/1.png"));
        Path file = dir.resolve("train/b/1.png");
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
        png(dir.resolve("test/a/1.png"));
        assertEquals(
                file
                        + ": expected 4x4 pixels like the first training image, found 5x3 (set an"
                        + " image size to resize all images)",
                readFails().getMessage());
    }

    // Spec

    @Test
    void specErrorsNameTheSettingAndTheAllowedValues() {
        assertEquals(
                "data-dir: required for dataset cifar10 (only fashion-mnist has a default)",
                specError(DatasetSpec.builder().setKind(DatasetKind.CIFAR10)));
        DatasetSpec.Builder ok =
                DatasetSpec.builder().setKind(DatasetKind.FASHION_MNIST).optDataDir(dir);
        assertEquals(
                "validation-fraction: must be in [0, 1), found 1.0",
                specError(ok.optValidationFraction(1)));
        assertEquals(
                "validation-fraction: must be in [0, 1), found NaN",
                specError(ok.optValidationFraction(Double.NaN)));
        ok.optValidationFraction(0.1);
        assertEquals("batch-size: must be positive, found 0", specError(ok.optBatchSize(0)));
        ok.optBatchSize(1);
        assertEquals("train-limit: must be positive, found 0", specError(ok.optTrainLimit(0)));
        ok.optTrainLimit(1);
        assertEquals(
                "image-size: only for image-folder datasets, not fashion-mnist",
                specError(ok.optImageSize(32)));
    }

    private static String specError(DatasetSpec.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    @Test
    void unknownKind() {
        assertEquals(DatasetKind.CIFAR10, DatasetKind.fromId("CIFAR10"));
        assertEquals(DatasetKind.IMAGE_FOLDER, DatasetKind.fromId("image-folder"));
        assertEquals(
                "dataset: unknown dataset 'mnist', allowed: fashion-mnist, cifar10, cifar100,"
                        + " image-folder",
                assertThrows(IllegalArgumentException.class, () -> DatasetKind.fromId("mnist"))
                        .getMessage());
    }

    @Test
    void invalidNormalization() {
        assertEquals(
                "normalization: mean and std must have one value per channel, found 3 and 1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new Normalization(new float[3], new float[] {1}))
                        .getMessage());
        assertEquals(
                "normalization: std[0] must be positive and finite and mean[0] finite, found std"
                        + " 0.0, mean 0.5",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new Normalization(new float[] {0.5f}, new float[] {0}))
                        .getMessage());
    }

    @Test
    void headerCountIsBigEndian() throws IOException {
        // 0x00000100 = 256 images when read big-endian; little-endian would read 65536.
        Path file = fashion().resolve("train-images-idx3-ubyte.gz");
        byte[] header =
                ByteBuffer.allocate(16).putInt(0x803).putInt(256).putInt(28).putInt(28).array();
        Files.write(file, gzip(header));
        assertFails(
                DatasetKind.FASHION_MNIST,
                dir,
                file,
                "expected 16 + 256 x 784 = 200720 bytes (header count 256), found 16 (truncated)");
    }
}
