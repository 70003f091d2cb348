package ai.mpnas.data;

import ai.djl.basicdataset.cv.classification.Cifar10;
import ai.djl.basicdataset.cv.classification.FashionMnist;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.SequenceSampler;
import ai.djl.translate.Pipeline;
import ai.djl.util.Pair;
import ai.mpnas.plugin.space.Normalization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Loads datasets from local files into train / validation / test splits.
 *
 * <ul>
 *   <li>Fashion-MNIST: DJL's {@link FashionMnist}, fed Debian's IDX files ({@code .gz} or
 *       uncompressed) through a small in-package DJL {@code Repository}. DJL's own local
 *       repositories cannot serve them as they are: {@code Repository.newInstance("local", dir)}
 *       on a plain directory names items by file name and serves {@code .gz} files compressed,
 *       while {@code FashionMnist} asks for decompressed items named {@code train_data}, {@code
 *       train_labels}, {@code test_data} and {@code test_labels}; a DJL {@code LocalRepository}
 *       would need a {@code metadata.json} beside the data (Debian's directory is read-only) and
 *       would extract copies into DJL's cache. The repository used here maps the real files onto
 *       DJL's item names in memory, offline, after checking them.
 *   <li>CIFAR-10: DJL's {@link Cifar10}, fed {@code data_batch_1..5.bin} (served as the single
 *       {@code data_batch.bin} item DJL's artifact has) and {@code test_batch.bin} the same way.
 *   <li>CIFAR-100: {@link Cifar100}, written here (DJL has none), with the same shapes as DJL's
 *       CIFAR-10.
 *   <li>Image folders: DJL's {@code AbstractImageFolder}, the base of DJL's {@code ImageFolder},
 *       with a sorted, checked file list (DJL's {@code ImageFolder} lists files in file-system
 *       order, which would make the seeded split machine-dependent, and cannot read Tiny
 *       ImageNet's {@code val_annotations.txt}).
 * </ul>
 *
 * <p>Every file is read and checked before DJL sees it (magic numbers, lengths, label ranges), so a
 * missing or corrupt file fails here, at once, with an {@link InvalidDatasetException} naming it
 * and what was expected. Images of an image folder are decoded lazily, when a batch is read; one
 * that cannot be decoded fails then, also with an {@link InvalidDatasetException} naming it.
 *
 * <p>Normalisation happens in each split's DJL pipeline, not in the model: {@code ToTensor} (HWC
 * bytes to CHW float32 times 1/255) then {@link ChannelNormalize} with {@link
 * DatasetInfo#normalization()}. The export must therefore put the same constants into the ONNX graph
 * or {@code serving.properties}.
 *
 * <p>Measured on this machine (2 cores, MXNet): loading Debian's full Fashion-MNIST takes about 2.3
 * s and one pass over its 54,000-image training split at batch 128 about 0.6 s; DJL's {@code
 * Cifar10} needs about 10 s to load the 50,000 training images, because it converts the whole file
 * to float32 and slices and transposes it on the engine.
 */
public final class Datasets {

    private static final String FASHION_HINT =
            " (Debian's package dataset-fashion-mnist installs it in "
                    + DatasetKind.DEBIAN_FASHION_MNIST_DIR
                    + ")";

    private static final float PIXEL_SCALE = 1f / 255;

    private Datasets() {}

    /**
     * Reads, checks and splits a dataset.
     *
     * @param spec what to load and how to split and batch it
     * @param manager the manager that will hold the data; close it to free them
     * @return the splits and the dataset info
     * @throws InvalidDatasetException if a directory or file is missing, truncated or corrupt
     * @throws IOException if DJL fails to read the checked data
     */
    public static DatasetSplits load(DatasetSpec spec, NDManager manager) throws IOException {
        return switch (spec.getKind()) {
            case FASHION_MNIST -> loadFashionMnist(spec, manager);
            case CIFAR10 -> loadCifar10(spec, manager);
            case CIFAR100 -> loadCifar100(spec, manager);
            case IMAGE_FOLDER -> loadImageFolder(spec, manager);
        };
    }

    private static DatasetSplits loadFashionMnist(DatasetSpec spec, NDManager manager)
            throws IOException {
        Path dir = spec.getDataDir();
        requireDataDir(
                dir,
                "Fashion-MNIST IDX files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,"
                        + " t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz"
                        + FASHION_HINT);
        int side = FashionMnist.IMAGE_HEIGHT;
        int classes = FashionMnist.NUM_CLASSES;
        IdxFile trainImages =
                IdxFile.readImages(idx(dir, "train-images-idx3-ubyte"), side, side, FASHION_HINT);
        IdxFile trainLabels =
                IdxFile.readLabels(idx(dir, "train-labels-idx1-ubyte"), classes, FASHION_HINT);
        IdxFile testImages =
                IdxFile.readImages(idx(dir, "t10k-images-idx3-ubyte"), side, side, FASHION_HINT);
        IdxFile testLabels =
                IdxFile.readLabels(idx(dir, "t10k-labels-idx1-ubyte"), classes, FASHION_HINT);
        requireSameCount(trainLabels, trainImages);
        requireSameCount(testLabels, testImages);
        InMemoryRepository repository =
                new InMemoryRepository(
                        "fashion-mnist",
                        dir,
                        Map.of(
                                "train_data", List.of(trainImages.bytes()),
                                "train_labels", List.of(trainLabels.bytes()),
                                "test_data", List.of(testImages.bytes()),
                                "test_labels", List.of(testLabels.bytes())));
        FashionMnist train = fashionMnist(repository, Dataset.Usage.TRAIN, manager);
        FashionMnist test = fashionMnist(repository, Dataset.Usage.TEST, manager);
        DatasetInfo info =
                new DatasetInfo(
                        DatasetKind.FASHION_MNIST.id(),
                        1,
                        side,
                        side,
                        DatasetKind.ClassNames.FASHION_MNIST,
                        spec.getNormalization(),
                        PIXEL_SCALE);
        return split(spec, info, train, test, false);
    }

    private static FashionMnist fashionMnist(
            InMemoryRepository repository, Dataset.Usage usage, NDManager manager)
            throws IOException {
        FashionMnist dataset =
                FashionMnist.builder()
                        .optManager(manager)
                        .optRepository(repository)
                        .optUsage(usage)
                        .setSampling(1, false)
                        .build();
        dataset.prepare(null);
        return dataset;
    }

    private static DatasetSplits loadCifar10(DatasetSpec spec, NDManager manager)
            throws IOException {
        Path dir =
                subdirWith(
                        spec.getDataDir(),
                        "cifar-10-batches-bin",
                        "data_batch_1.bin",
                        "CIFAR-10 binary files data_batch_1.bin .. data_batch_5.bin and"
                                + " test_batch.bin (or a cifar-10-batches-bin directory with"
                                + " them)");
        String[] label = {"label"};
        int[] classes = {10};
        byte[][] batches = new byte[5][];
        for (int i = 0; i < 5; i++) {
            batches[i] =
                    CifarFile.read(dir.resolve("data_batch_" + (i + 1) + ".bin"), label, classes);
        }
        byte[] testBatch = CifarFile.read(dir.resolve("test_batch.bin"), label, classes);
        InMemoryRepository repository =
                new InMemoryRepository(
                        "cifar10",
                        dir,
                        Map.of(
                                // DJL's artifact has the five training batches in one file.
                                "data_batch.bin", Arrays.asList(batches),
                                "test_batch.bin", List.of(testBatch)));
        Cifar10 train = cifar10(repository, Dataset.Usage.TRAIN, manager);
        Cifar10 test = cifar10(repository, Dataset.Usage.TEST, manager);
        DatasetInfo info =
                new DatasetInfo(
                        DatasetKind.CIFAR10.id(),
                        3,
                        Cifar10.IMAGE_HEIGHT,
                        Cifar10.IMAGE_WIDTH,
                        DatasetKind.ClassNames.CIFAR10,
                        spec.getNormalization(),
                        PIXEL_SCALE);
        return split(spec, info, train, test, false);
    }

    private static Cifar10 cifar10(
            InMemoryRepository repository, Dataset.Usage usage, NDManager manager)
            throws IOException {
        Cifar10 dataset =
                Cifar10.builder()
                        .optManager(manager)
                        .optRepository(repository)
                        .optUsage(usage)
                        .setSampling(1, false)
                        .build();
        dataset.prepare(null);
        return dataset;
    }

    private static DatasetSplits loadCifar100(DatasetSpec spec, NDManager manager)
            throws IOException {
        Path dir =
                subdirWith(
                        spec.getDataDir(),
                        "cifar-100-binary",
                        "train.bin",
                        "CIFAR-100 binary files train.bin and test.bin (or a cifar-100-binary"
                                + " directory with them)");
        String[] labels = {"coarse label", "fine label"};
        int[] classes = {20, 100};
        byte[] trainBytes = CifarFile.read(dir.resolve("train.bin"), labels, classes);
        byte[] testBytes = CifarFile.read(dir.resolve("test.bin"), labels, classes);
        InMemoryRepository repository =
                new InMemoryRepository(
                        "cifar100",
                        dir,
                        Map.of("train.bin", List.of(trainBytes), "test.bin", List.of(testBytes)));
        Cifar100.LabelKind kind = spec.getCifar100Labels();
        Cifar100 train = cifar100(repository, Dataset.Usage.TRAIN, kind, manager);
        Cifar100 test = cifar100(repository, Dataset.Usage.TEST, kind, manager);
        DatasetInfo info =
                new DatasetInfo(
                        DatasetKind.CIFAR100.id(),
                        3,
                        CifarFile.SIDE,
                        CifarFile.SIDE,
                        kind == Cifar100.LabelKind.FINE
                                ? DatasetKind.ClassNames.CIFAR100_FINE
                                : DatasetKind.ClassNames.CIFAR100_COARSE,
                        spec.getNormalization(),
                        PIXEL_SCALE);
        return split(spec, info, train, test, false);
    }

    private static Cifar100 cifar100(
            InMemoryRepository repository,
            Dataset.Usage usage,
            Cifar100.LabelKind kind,
            NDManager manager)
            throws IOException {
        Cifar100 dataset =
                Cifar100.builder()
                        .optManager(manager)
                        .setRepository(repository)
                        .optUsage(usage)
                        .optLabelKind(kind)
                        .setSampling(1, false)
                        .build();
        dataset.prepare(null);
        return dataset;
    }

    private static DatasetSplits loadImageFolder(DatasetSpec spec, NDManager manager) {
        Path dir = spec.getDataDir();
        requireDataDir(
                dir,
                "an image-folder tree: train/<class>/images/*.JPEG or train/<class>/*.png,"
                        + " and val/ or test/");
        Path trainDir = dir.resolve("train");
        List<String> classes = ImageTree.listClasses(trainDir);
        List<Pair<String, Integer>> trainImages = ImageTree.listTree(trainDir, classes, false);
        Path valDir = dir.resolve("val");
        Path testDir;
        List<Pair<String, Integer>> testImages;
        if (Files.isRegularFile(valDir.resolve(ImageTree.ANNOTATIONS))) {
            testDir = valDir;
            testImages = ImageTree.listAnnotated(valDir, classes);
        } else {
            testDir = Files.isDirectory(valDir) ? valDir : dir.resolve("test");
            if (!Files.isDirectory(testDir)) {
                throw new InvalidDatasetException(
                        dir,
                        "expected a test set next to train/: val/ (class directories, or"
                                + " images/ with "
                                + ImageTree.ANNOTATIONS
                                + ") or test/, found neither");
            }
            testImages = ImageTree.listTree(testDir, classes, true);
        }
        int width;
        int height;
        if (spec.getImageSize().isPresent()) {
            width = spec.getImageSize().get();
            height = width;
        } else {
            int[] size = ImageTree.imageSize(Path.of(trainImages.get(0).getKey()));
            width = size[0];
            height = size[1];
        }
        ImageTree train = imageTree(spec, classes, trainImages, trainDir, width, height);
        ImageTree test = imageTree(spec, classes, testImages, testDir, width, height);
        DatasetInfo info =
                new DatasetInfo(
                        DatasetKind.IMAGE_FOLDER.id(),
                        3,
                        height,
                        width,
                        classes,
                        spec.getNormalization(),
                        PIXEL_SCALE);
        return split(spec, info, train, test, true);
    }

    private static ImageTree imageTree(
            DatasetSpec spec,
            List<String> classes,
            List<Pair<String, Integer>> images,
            Path root,
            int width,
            int height) {
        ImageTree.Builder builder =
                ImageTree.builder().setClasses(classes).setImages(images).setSampling(1, false);
        if (spec.getImageSize().isPresent()) {
            builder.optImageSize(spec.getImageSize().get());
        } else {
            builder.optRequiredSize(width, height);
        }
        return builder.build(root);
    }

    /**
     * Splits the training source by a seeded {@link SplitPlan}, applies the subset limits and puts
     * a batching sampler and the input pipeline on each split.
     */
    private static DatasetSplits split(
            DatasetSpec spec,
            DatasetInfo info,
            RandomAccessDataset trainSource,
            RandomAccessDataset testSource,
            boolean castLabels) {
        SplitPlan plan =
                SplitPlan.of(
                        Math.toIntExact(trainSource.size()),
                        spec.getValidationFraction(),
                        spec.getSeed());
        long[] trainIdx = first(plan.train(), spec.getTrainLimit());
        long[] valIdx = first(plan.validation(), spec.getValidationLimit());
        long[] testIdx = first(range(testSource.size()), spec.getTestLimit());
        SeededShuffleSampler shuffle =
                spec.isShuffle() ? new SeededShuffleSampler(spec.getSeed()) : null;
        RandomAccessDataset train = view(spec, info, trainSource, trainIdx, shuffle, castLabels);
        RandomAccessDataset validation = view(spec, info, trainSource, valIdx, null, castLabels);
        RandomAccessDataset test = view(spec, info, testSource, testIdx, null, castLabels);
        return new DatasetSplits(info, train, validation, test, shuffle);
    }

    private static RandomAccessDataset view(
            DatasetSpec spec,
            DatasetInfo info,
            RandomAccessDataset source,
            long[] indices,
            SeededShuffleSampler shuffle,
            boolean castLabels) {
        Normalization n = info.normalization();
        SplitView.ViewBuilder builder =
                new SplitView.ViewBuilder()
                        .setSampling(
                                new BatchSampler(
                                        shuffle != null ? shuffle : new SequenceSampler(),
                                        spec.getBatchSize(),
                                        false))
                        .optPipeline(
                                new Pipeline(
                                        new ToTensor(), new ChannelNormalize(n.mean(), n.std())));
        if (castLabels) {
            // DJL's image folders label with int64 scalars; the array datasets use float32.
            builder.addTargetTransform(label -> label.toType(DataType.FLOAT32, false));
        }
        return SplitView.of(source, indices, builder);
    }

    private static long[] first(long[] indices, long limit) {
        return indices.length <= limit ? indices : Arrays.copyOf(indices, (int) limit);
    }

    private static long[] range(long size) {
        long[] indices = new long[Math.toIntExact(size)];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        return indices;
    }

    /** Returns {@code dir/name.gz} if it exists, else {@code dir/name} if that exists. */
    private static Path idx(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        Path plain = dir.resolve(name);
        return Files.exists(gz) || !Files.exists(plain) ? gz : plain;
    }

    private static void requireSameCount(IdxFile labels, IdxFile images) {
        if (labels.count() != images.count()) {
            throw new InvalidDatasetException(
                    labels.path(),
                    "expected one label per image of "
                            + images.path().getFileName()
                            + " ("
                            + images.count()
                            + "), found "
                            + labels.count());
        }
    }

    private static void requireDataDir(Path dir, String expected) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidDatasetException(
                    dir,
                    (Files.exists(dir) ? "not a directory" : "data directory not found")
                            + ", expected "
                            + expected);
        }
    }

    /**
     * Returns {@code dir} if it holds {@code marker}, else {@code dir/subdir} if that does (the
     * directory the dataset's archive unpacks to).
     */
    private static Path subdirWith(Path dir, String subdir, String marker, String expected) {
        requireDataDir(dir, expected);
        Path nested = dir.resolve(subdir);
        if (!Files.exists(dir.resolve(marker)) && Files.isDirectory(nested)) {
            return nested;
        }
        return dir;
    }
}
