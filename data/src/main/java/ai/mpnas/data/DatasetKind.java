package ai.mpnas.data;

import ai.djl.basicdataset.cv.classification.Cifar10;
import ai.mpnas.plugin.space.Normalization;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The dataset formats mpnas reads, each from a local directory. */
public enum DatasetKind {
    /**
     * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 28x28 grayscale, 10 classes, the four IDX
     * files {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz}, {@code
     * t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz} (gzip-compressed or not).
     */
    FASHION_MNIST("fashion-mnist"),
    /**
     * CIFAR-10 binary version: {@code data_batch_1.bin} .. {@code data_batch_5.bin} and {@code
     * test_batch.bin}, each record 1 label byte and 3072 pixel bytes (R, G, B planes of 32x32).
     */
    CIFAR10("cifar10"),
    /**
     * CIFAR-100 binary version: {@code train.bin} and {@code test.bin}, each record a coarse label
     * byte, a fine label byte and 3072 pixel bytes.
     */
    CIFAR100("cifar100"),
    /**
     * An image-folder tree in Tiny ImageNet's layout: {@code train/<class>/images/*.JPEG} or {@code
     * train/<class>/*.png}, and a test set in {@code val/} (same class layout, or Tiny ImageNet's
     * {@code val/images/} with {@code val_annotations.txt}) or {@code test/}.
     */
    IMAGE_FOLDER("image-folder");

    /** Where Debian's package {@code dataset-fashion-mnist} installs the Fashion-MNIST files. */
    public static final Path DEBIAN_FASHION_MNIST_DIR =
            Path.of("/usr/share/datasets/fashion-mnist");

    private final String id;

    DatasetKind(String id) {
        this.id = id;
    }

    /**
     * Returns the id used on the command line and in files, for example {@code fashion-mnist}.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * Returns the directory read when no {@code --data-dir} is given: Debian's install location for
     * Fashion-MNIST, none for the others.
     *
     * @return the default data directory, if there is one
     */
    public Optional<Path> defaultDataDir() {
        return this == FASHION_MNIST ? Optional.of(DEBIAN_FASHION_MNIST_DIR) : Optional.empty();
    }

    /**
     * Returns the per-channel normalisation used unless the spec overrides it.
     *
     * <ul>
     *   <li>Fashion-MNIST: mean 0.2860, std 0.3530, the pixel statistics of the 60,000 training
     *       images (0.28604 and 0.35302 computed from Debian's files).
     *   <li>CIFAR-10: DJL's {@code Cifar10.NORMALIZE_MEAN} and {@code NORMALIZE_STD}, the constants
     *       most CIFAR-10 code uses (their std is smaller than the true pixel std, which only
     *       rescales the inputs).
     *   <li>CIFAR-100: mean (0.5071, 0.4865, 0.4409), std (0.2673, 0.2564, 0.2762), the per-channel
     *       pixel statistics of the CIFAR-100 training set.
     *   <li>Image folders: ImageNet's mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225),
     *       since Tiny ImageNet is drawn from ImageNet.
     * </ul>
     *
     * @return the default normalisation
     */
    public Normalization defaultNormalization() {
        return switch (this) {
            case FASHION_MNIST -> new Normalization(new float[] {0.2860f}, new float[] {0.3530f});
            case CIFAR10 -> new Normalization(Cifar10.NORMALIZE_MEAN, Cifar10.NORMALIZE_STD);
            case CIFAR100 ->
                    new Normalization(
                            new float[] {0.5071f, 0.4865f, 0.4409f},
                            new float[] {0.2673f, 0.2564f, 0.2762f});
            case IMAGE_FOLDER ->
                    new Normalization(
                            new float[] {0.485f, 0.456f, 0.406f},
                            new float[] {0.229f, 0.224f, 0.225f});
        };
    }

    /**
     * Finds a kind by its id (case-insensitive).
     *
     * @param id the id, for example {@code cifar10}
     * @return the kind
     * @throws IllegalArgumentException naming the allowed ids if none matches
     */
    public static DatasetKind fromId(String id) {
        for (DatasetKind kind : values()) {
            if (kind.id.equals(id.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "dataset: unknown dataset '" + id + "', allowed: " + ids());
    }

    private static String ids() {
        return Arrays.stream(values()).map(DatasetKind::id).collect(Collectors.joining(", "));
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return id;
    }

    /** Class names, index i naming label i, as published with each dataset. */
    static final class ClassNames {

        /** Fashion-MNIST labels 0..9 (the dataset's README). */
        static final List<String> FASHION_MNIST =
                List.of(
                        "T-shirt/top",
                        "Trouser",
                        "Pullover",
                        "Dress",
                        "Coat",
                        "Sandal",
                        "Shirt",
                        "Sneaker",
                        "Bag",
                        "Ankle boot");

        /** CIFAR-10 labels 0..9 ({@code batches.meta.txt}). */
        static final List<String> CIFAR10 =
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
                        "truck");

        /** CIFAR-100 fine labels 0..99 ({@code fine_label_names.txt}). */
        static final List<String> CIFAR100_FINE =
                List.of(
                        "apple",
                        "aquarium_fish",
                        "baby",
                        "bear",
                        "beaver",
                        "bed",
                        "bee",
                        "beetle",
                        "bicycle",
                        "bottle",
                        "bowl",
                        "boy",
                        "bridge",
                        "bus",
                        "butterfly",
                        "camel",
                        "can",
                        "castle",
                        "caterpillar",
                        "cattle",
                        "chair",
                        "chimpanzee",
                        "clock",
                        "cloud",
                        "cockroach",
                        "couch",
                        "crab",
                        "crocodile",
                        "cup",
                        "dinosaur",
                        "dolphin",
                        "elephant",
                        "flatfish",
                        "forest",
                        "fox",
                        "girl",
                        "hamster",
                        "house",
                        "kangaroo",
                        "keyboard",
                        "lamp",
                        "lawn_mower",
                        "leopard",
                        "lion",
                        "lizard",
                        "lobster",
                        "man",
                        "maple_tree",
                        "motorcycle",
                        "mountain",
                        "mouse",
                        "mushroom",
                        "oak_tree",
                        "orange",
                        "orchid",
                        "otter",
                        "palm_tree",
                        "pear",
                        "pickup_truck",
                        "pine_tree",
                        "plain",
                        "plate",
                        "poppy",
                        "porcupine",
                        "possum",
                        "rabbit",
                        "raccoon",
                        "ray",
                        "road",
                        "rocket",
                        "rose",
                        "sea",
                        "seal",
                        "shark",
                        "shrew",
                        "skunk",
                        "skyscraper",
                        "snail",
                        "snake",
                        "spider",
                        "squirrel",
                        "streetcar",
                        "sunflower",
                        "sweet_pepper",
                        "table",
                        "tank",
                        "telephone",
                        "television",
                        "tiger",
                        "tractor",
                        "train",
                        "trout",
                        "tulip",
                        "turtle",
                        "wardrobe",
                        "whale",
                        "willow_tree",
                        "wolf",
                        "woman",
                        "worm");

        /** CIFAR-100 coarse labels 0..19 ({@code coarse_label_names.txt}). */
        static final List<String> CIFAR100_COARSE =
                List.of(
                        "aquatic_mammals",
                        "fish",
                        "flowers",
                        "food_containers",
                        "fruit_and_vegetables",
                        "household_electrical_devices",
                        "household_furniture",
                        "insects",
                        "large_carnivores",
                        "large_man-made_outdoor_things",
                        "large_natural_outdoor_scenes",
                        "large_omnivores_and_herbivores",
                        "medium_mammals",
                        "non-insect_invertebrates",
                        "people",
                        "reptiles",
                        "small_mammals",
                        "trees",
                        "vehicles_1",
                        "vehicles_2");

        private ClassNames() {}
    }
}
