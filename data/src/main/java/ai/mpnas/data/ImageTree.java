package ai.mpnas.data;

import ai.djl.basicdataset.cv.classification.AbstractImageFolder;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Record;
import ai.djl.util.Pair;
import ai.djl.util.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Images in a class-per-directory tree, as a DJL image-folder dataset: DJL's {@link
 * AbstractImageFolder} (the base of DJL's {@code ImageFolder}) reads, decodes and resizes each
 * image; this class only decides which files belong to which class.
 *
 * <p>Why not DJL's {@code ImageFolder} itself: it lists files in {@code Files.walk} order, which
 * the file system decides, so a seeded train/validation split would differ between machines; it
 * cannot read Tiny ImageNet's validation layout ({@code val/images/} plus {@code
 * val_annotations.txt}); and it reports an empty or missing directory only when first used. Here
 * classes are the sorted directory names (as in {@code ImageFolder}), images are sorted by path,
 * and both layouts are checked when the dataset is built.
 */
final class ImageTree extends AbstractImageFolder {

    /** File extensions decoded as images, lower case. */
    private static final Set<String> EXTENSIONS = Set.of(".jpg", ".jpeg", ".png", ".bmp", ".gif");

    /** Tiny ImageNet's list of validation images: file, class id, bounding box. */
    static final String ANNOTATIONS = "val_annotations.txt";

    /** The size every image must have when they are not resized, {width, height}; or null. */
    private final int[] requiredSize;

    private ImageTree(Builder builder) {
        super(builder);
        requiredSize = builder.requiredSize;
        synset.addAll(builder.classes);
        for (Pair<String, Integer> item : builder.images) {
            items.add(item);
        }
        prepared = true;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    protected Path getImagePath(String key) {
        return Paths.get(key);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Images are decoded here, when a batch is fetched; an image that cannot be decoded or has
     * another size than the others fails with an {@link InvalidDatasetException} naming it
     * (unchecked, so that DJL's data iterator does not hide it behind "Data loading failed").
     */
    @Override
    public Record get(NDManager manager, long index) {
        Path file = Paths.get(items.get(Math.toIntExact(index)).getKey());
        Record record;
        try {
            record = super.get(manager, index);
        } catch (IOException e) {
            throw new InvalidDatasetException(
                    file, "expected an image ImageIO can decode (" + e.getMessage() + ")", e);
        }
        if (requiredSize != null) {
            Shape shape = record.getData().head().getShape();
            if (shape.get(1) != requiredSize[0] || shape.get(0) != requiredSize[1]) {
                throw new InvalidDatasetException(
                        file,
                        "expected "
                                + requiredSize[0]
                                + "x"
                                + requiredSize[1]
                                + " pixels like the first training image, found "
                                + shape.get(1)
                                + "x"
                                + shape.get(0)
                                + " (set an image size to resize all images)");
            }
        }
        return record;
    }

    /** {@inheritDoc} */
    @Override
    public void prepare(Progress progress) {
        // The file list is made and checked when the dataset is built.
    }

    /**
     * Lists the classes of a training tree: its subdirectories, sorted by name.
     *
     * @param root the directory whose subdirectories are classes
     * @return the class names
     * @throws InvalidDatasetException if the directory is missing or has no class directories
     */
    static List<String> listClasses(Path root) {
        requireDirectory(root, "a directory with one subdirectory per class");
        List<String> classes;
        try (Stream<Path> children = Files.list(root)) {
            classes =
                    children.filter(Files::isDirectory)
                            .map(p -> p.getFileName().toString())
                            .filter(n -> !n.startsWith("."))
                            .sorted()
                            .toList();
        } catch (IOException e) {
            throw new InvalidDatasetException(root, "cannot list (" + e.getMessage() + ")", e);
        }
        if (classes.isEmpty()) {
            throw new InvalidDatasetException(
                    root, "expected one subdirectory per class, found none");
        }
        return classes;
    }

    /**
     * Lists the images of a class-per-directory tree: {@code root/<class>/*} and {@code
     * root/<class>/images/*}.
     *
     * @param root the tree
     * @param classes the class names; label i is {@code classes.get(i)}
     * @param allowMissingClasses whether a class may lack a directory (a test set may not cover
     *     every class), otherwise every class must have at least one image
     * @return (absolute path, label) per image, sorted by path within each class, classes in order
     * @throws InvalidDatasetException if a class has no images or the tree has a class not in
     *     {@code classes}
     */
    static List<Pair<String, Integer>> listTree(
            Path root, List<String> classes, boolean allowMissingClasses) {
        List<String> found = listClasses(root);
        for (String name : found) {
            if (!classes.contains(name)) {
                throw new InvalidDatasetException(
                        root.resolve(name),
                        "class directory is not one of the "
                                + classes.size()
                                + " training classes");
            }
        }
        List<Pair<String, Integer>> images = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path dir = root.resolve(classes.get(label));
            if (!Files.isDirectory(dir) && allowMissingClasses) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir, 2)) {
                files = walk.filter(ImageTree::isImage).sorted().toList();
            } catch (IOException e) {
                throw new InvalidDatasetException(dir, "cannot list (" + e.getMessage() + ")", e);
            }
            if (files.isEmpty()) {
                throw new InvalidDatasetException(
                        dir,
                        "expected images ("
                                + String.join(", ", EXTENSIONS.stream().sorted().toList())
                                + ") in the directory or in images/, found none");
            }
            for (Path file : files) {
                images.add(new Pair<>(file.toAbsolutePath().toString(), label));
            }
        }
        return images;
    }

    /**
     * Lists Tiny ImageNet's validation images: {@code dir/val_annotations.txt} has one line per
     * image, {@code <file>\t<class>\t...}, and the images are in {@code dir/images/}.
     *
     * @param dir the validation directory
     * @param classes the training classes; label i is {@code classes.get(i)}
     * @return (absolute path, label) per image, sorted by path
     * @throws InvalidDatasetException if a line is malformed, names an unknown class or a missing
     *     image
     */
    static List<Pair<String, Integer>> listAnnotated(Path dir, List<String> classes) {
        Path annotations = dir.resolve(ANNOTATIONS);
        Map<String, Integer> labelOf = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            labelOf.put(classes.get(i), i);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(annotations);
        } catch (IOException e) {
            throw new InvalidDatasetException(
                    annotations, "cannot read (" + e.getMessage() + ")", e);
        }
        List<Pair<String, Integer>> images = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t");
            Integer label = fields.length >= 2 ? labelOf.get(fields[1]) : null;
            if (label == null) {
                throw new InvalidDatasetException(
                        annotations,
                        "line "
                                + (n + 1)
                                + ": expected '<image file>\\t<training class>\\t...', found '"
                                + line
                                + "'");
            }
            Path image = dir.resolve("images").resolve(fields[0]);
            if (!Files.isRegularFile(image)) {
                throw new InvalidDatasetException(
                        image, "file not found, listed in " + ANNOTATIONS + " line " + (n + 1));
            }
            images.add(new Pair<>(image.toAbsolutePath().toString(), label));
        }
        if (images.isEmpty()) {
            throw new InvalidDatasetException(
                    annotations, "expected one line per image, found none");
        }
        images.sort((a, b) -> a.getKey().compareTo(b.getKey()));
        return images;
    }

    /**
     * Reads an image's width and height from its header, without decoding it.
     *
     * @param file the image
     * @return {width, height}
     * @throws InvalidDatasetException if the file is not a readable image
     */
    static int[] imageSize(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            var readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new InvalidDatasetException(
                        file, "expected an image ImageIO can decode (JPEG, PNG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new InvalidDatasetException(
                    file, "cannot read the image header (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Fails unless {@code dir} is a directory.
     *
     * @param dir the directory
     * @param expected what it should contain, for the message
     * @throws InvalidDatasetException if it is missing or not a directory
     */
    static void requireDirectory(Path dir, String expected) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidDatasetException(
                    dir,
                    (Files.exists(dir) ? "not a directory" : "directory not found")
                            + ", expected "
                            + expected);
        }
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".")
                && dot >= 0
                && EXTENSIONS.contains(name.substring(dot).toLowerCase(Locale.ROOT))
                && Files.isRegularFile(p);
    }

    /** A builder for {@link ImageTree}. */
    static final class Builder extends ImageFolderBuilder<Builder> {

        private List<String> classes = List.of();
        private List<Pair<String, Integer>> images = List.of();
        private int[] requiredSize;

        /** Constructs a builder; use {@link ImageTree#builder()}. */
        Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the class names (the synset).
         *
         * @param classes the names, label i naming class i
         * @return this builder
         */
        Builder setClasses(List<String> classes) {
            this.classes = List.copyOf(classes);
            return this;
        }

        /**
         * Sets the images and their labels.
         *
         * @param images (absolute path, label) per sample, in dataset order
         * @return this builder
         */
        Builder setImages(List<Pair<String, Integer>> images) {
            this.images = List.copyOf(images);
            return this;
        }

        /**
         * Requires every image to have this size (when images are not resized, since a batch stacks
         * same-sized images).
         *
         * @param width the width in pixels
         * @param height the height in pixels
         * @return this builder
         */
        Builder optRequiredSize(int width, int height) {
            this.requiredSize = new int[] {width, height};
            return this;
        }

        /**
         * Builds the dataset.
         *
         * @param root the tree's directory, reported as the repository's base
         * @return the dataset
         */
        ImageTree build(Path root) {
            // AbstractImageFolder only needs the repository's base URI; Repository.newInstance
            // would walk the whole tree looking for metadata.json files.
            setRepository(new InMemoryRepository("images", root, Map.of()));
            return new ImageTree(this);
        }
    }
}
