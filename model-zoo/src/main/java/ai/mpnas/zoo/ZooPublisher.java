package ai.mpnas.zoo;

import ai.djl.repository.Version;
import ai.mpnas.formats.AtomicFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Publishes an exported model directory ({@code model.onnx}, {@code serving.properties}, {@code
 * synset.txt}) into a local zoo:
 *
 * <pre>
 * &lt;zoo&gt;/&lt;group path&gt;/&lt;artifact&gt;/metadata.json        DJL repository metadata, all versions
 * &lt;zoo&gt;/&lt;group path&gt;/&lt;artifact&gt;/&lt;version&gt;/            the files, a DJL Serving model directory
 * &lt;zoo&gt;/&lt;group path&gt;/&lt;artifact&gt;/&lt;artifact&gt;-&lt;version&gt;.zip  the same as an archive
 * &lt;zoo&gt;/&lt;group path&gt;/index.json                    the artifact list, for remote zoos
 * </pre>
 *
 * <p>A publish is atomic: it runs under an exclusive lock on {@code <artifact>/.lock} (threads and
 * processes), stages everything in a hidden directory, and becomes visible only when {@code
 * metadata.json} is atomically replaced. Killed at any point, it leaves the published zoo as it
 * was; the next publish (or a reader, when the artifact is idle) rolls back the hidden leftovers.
 *
 * <pre>
 * PublishedModel m = ZooPublisher.builder()
 *         .setZoo(Path.of("zoo"))
 *         .setModelDir(Path.of("runs/r1/export/fmnist-small"))
 *         .setCard(card)
 *         .build()
 *         .publish();
 * </pre>
 */
public final class ZooPublisher {

    /** The files every published version must contain. */
    public static final List<String> REQUIRED_FILES =
            List.of("model.onnx", "serving.properties", "synset.txt");

    /** The only engine the zoo publishes for. */
    public static final String ENGINE = "OnnxRuntime";

    private final Path zoo;
    private final Path modelDir;
    private final ModelCard card;
    private final String groupId;
    private final boolean force;
    private final Consumer<PublishStep> hook;

    private ZooPublisher(Builder builder) {
        zoo = builder.zoo.toAbsolutePath().normalize();
        modelDir = builder.modelDir.toAbsolutePath().normalize();
        card = builder.card;
        groupId = ZooNames.checkGroupId(builder.groupId);
        force = builder.force;
        hook = builder.hook;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Publishes the model.
     *
     * @return where it was published
     * @throws FileAlreadyExistsException if the version is published already and force is off
     * @throws IllegalArgumentException if the model directory or a name is invalid
     * @throws IOException if reading or writing fails; the zoo is then unchanged
     */
    @SuppressWarnings("try") // the lock is held for the scope, never used in it
    public PublishedModel publish() throws IOException {
        Map<String, String> serving = readModelDir();
        Path groupDir = zoo.resolve(ZooNames.groupPath(groupId));
        Path artifactDir = ZooNames.resolveInside(groupDir, "artifact", card.artifact());
        Path versionDir = ZooNames.resolveInside(artifactDir, "version", card.version());
        String archiveName = card.artifact() + '-' + card.version() + ".zip";
        Files.createDirectories(artifactDir);

        PublishedModel published;
        try (ZooLock lock = ZooLock.acquire(artifactDir.resolve(PublishTransaction.LOCK_FILE))) {
            PublishTransaction.recoverAll(artifactDir);
            Map<String, ZooMetadata.Entry> entries = PublishTransaction.currentEntries(artifactDir);
            if (!force && (entries.containsKey(card.version()) || Files.exists(versionDir))) {
                throw new FileAlreadyExistsException(
                        versionDir.toString(),
                        null,
                        "version "
                                + card.version()
                                + " of "
                                + card.artifact()
                                + " is already published; publish another version or force"
                                + " the replacement");
            }
            PublishTransaction tx =
                    PublishTransaction.begin(artifactDir, card.version(), archiveName);
            try {
                Map<String, ZooMetadata.Item> files = stage(tx.newVersionDir());
                String archiveSha1 = writeArchive(tx.newVersionDir(), tx.newArchive());
                ZooMetadata metadata =
                        nextMetadata(entries, serving, files, archiveName, archiveSha1, tx);
                Files.write(tx.newMetadata(), metadata.toBytes());
                tx.seal();
                step(PublishStep.STAGED);
                if (tx.moveOldAside()) {
                    step(PublishStep.OLD_MOVED_ASIDE);
                }
                tx.moveVersionIn();
                step(PublishStep.VERSION_MOVED_IN);
                tx.moveArchiveIn();
                step(PublishStep.ARCHIVE_MOVED_IN);
                tx.commit();
                step(PublishStep.COMMITTED);
                published =
                        new PublishedModel(
                                groupId,
                                card,
                                versionDir,
                                artifactDir.resolve(archiveName),
                                archiveSha1,
                                artifactDir.resolve("metadata.json"));
            } finally {
                tx.finish();
            }
            step(PublishStep.CLEANED);
        }
        writeIndex(groupDir);
        step(PublishStep.INDEXED);
        return published;
    }

    private void step(PublishStep step) {
        if (hook != null) {
            hook.accept(step);
        }
    }

    private Map<String, String> readModelDir() throws IOException {
        if (!Files.isDirectory(modelDir)) {
            throw new IllegalArgumentException("model directory " + modelDir + " does not exist");
        }
        for (String name : REQUIRED_FILES) {
            if (!Files.isRegularFile(modelDir.resolve(name))) {
                throw new IllegalArgumentException(
                        "model directory "
                                + modelDir
                                + " has no "
                                + name
                                + " (required: "
                                + String.join(", ", REQUIRED_FILES)
                                + ")");
            }
        }
        Path propsFile = modelDir.resolve("serving.properties");
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(propsFile)) {
            props.load(reader);
        }
        String engine = props.getProperty("engine");
        if (!ENGINE.equals(engine)) {
            throw new IllegalArgumentException(
                    propsFile + ": engine is '" + engine + "', the zoo publishes only " + ENGINE);
        }
        Map<String, String> map = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            map.put(key, props.getProperty(key));
        }
        return map;
    }

    private Map<String, ZooMetadata.Item> stage(Path target) throws IOException {
        Map<String, ZooMetadata.Item> items = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(modelDir)) {
            for (Path file : (Iterable<Path>) list.sorted()::iterator) {
                String name = file.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException(
                            "model directory "
                                    + modelDir
                                    + " contains "
                                    + name
                                    + ", which is not a regular file: a DJL Serving model"
                                    + " directory holds only files");
                }
                ZooNames.checkName("file", name);
                Path copy = target.resolve(name);
                // no COPY_ATTRIBUTES: a zoo file gets the umask's default mode, whatever mode the
                // export it came from had (older exports were private to their owner)
                Files.copy(file, copy);
                items.put(
                        name,
                        new ZooMetadata.Item(
                                card.version() + '/' + name,
                                ZooFiles.sha1(copy),
                                name,
                                Files.size(copy)));
            }
        }
        return items;
    }

    private static String writeArchive(Path dir, Path archive) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.sorted().toList();
        }
        try (OutputStream os = Files.newOutputStream(archive);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Path file : files) {
                ZipEntry entry = new ZipEntry(file.getFileName().toString());
                // a fixed time makes the archive, and so its SHA-1, depend only on the files
                entry.setTime(0L);
                zip.putNextEntry(entry);
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return ZooFiles.sha1(archive);
    }

    private ZooMetadata nextMetadata(
            Map<String, ZooMetadata.Entry> current,
            Map<String, String> serving,
            Map<String, ZooMetadata.Item> files,
            String archiveName,
            String archiveSha1,
            PublishTransaction tx) {
        Map<String, String> arguments = new TreeMap<>();
        Map<String, String> options = new TreeMap<>();
        for (Map.Entry<String, String> e : serving.entrySet()) {
            if (e.getKey().startsWith("option.")) {
                options.put(e.getKey().substring("option.".length()), e.getValue());
            } else {
                arguments.put(e.getKey(), e.getValue());
            }
        }
        Map<String, String> properties = new LinkedHashMap<>(card.toProperties());
        properties.put("archive", archiveName);
        properties.put("archiveSha1", archiveSha1);
        properties.put(PublishTransaction.PUBLISH_ID, tx.publishId());
        ZooMetadata.Entry entry =
                new ZooMetadata.Entry(
                        card.version(),
                        false,
                        card.artifact(),
                        properties,
                        arguments,
                        options.isEmpty() ? null : options,
                        files);
        List<ZooMetadata.Entry> entries = new ArrayList<>(current.values());
        entries.removeIf(e -> e.version().equals(card.version()));
        entries.add(entry);
        // newest first: DJL's model loader takes the first artifact that matches the filters
        entries.sort(
                Comparator.comparing((ZooMetadata.Entry e) -> new Version(e.version())).reversed());
        return new ZooMetadata(
                ZooMetadata.METADATA_VERSION,
                "model",
                "cv/image_classification",
                groupId,
                card.artifact(),
                card.artifact(),
                "mpnas image classifier " + card.artifact() + " (" + card.dataset() + ")",
                entries);
    }

    @SuppressWarnings("try") // the lock is held for the scope, never used in it
    private static void writeIndex(Path groupDir) throws IOException {
        try (ZooLock lock = ZooLock.acquire(groupDir.resolve(PublishTransaction.LOCK_FILE))) {
            ZooIndex index = ZooIndex.scan(groupDir);
            AtomicFiles.write(groupDir.resolve(ZooIndex.FILE_NAME), index.toBytes());
        }
    }

    /** Builds a {@link ZooPublisher}. */
    public static final class Builder {

        private Path zoo;
        private Path modelDir;
        private ModelCard card;
        private String groupId = MpnasModelZoo.GROUP_ID;
        private boolean force;
        private Consumer<PublishStep> hook;

        Builder() {}

        /**
         * Sets the zoo directory (created if missing).
         *
         * @param zoo the zoo directory
         * @return this builder
         */
        public Builder setZoo(Path zoo) {
            this.zoo = zoo;
            return this;
        }

        /**
         * Sets the exported model directory to publish.
         *
         * @param modelDir a directory with model.onnx, serving.properties and synset.txt
         * @return this builder
         */
        public Builder setModelDir(Path modelDir) {
            this.modelDir = modelDir;
            return this;
        }

        /**
         * Sets the model card, which names the artifact and version.
         *
         * @param card the card
         * @return this builder
         */
        public Builder setCard(ModelCard card) {
            this.card = card;
            return this;
        }

        /**
         * Sets the group id; defaults to {@link MpnasModelZoo#GROUP_ID}.
         *
         * @param groupId a dotted group id
         * @return this builder
         */
        public Builder optGroupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /**
         * Allows replacing a version that is already published.
         *
         * @param force true to replace
         * @return this builder
         */
        public Builder optForce(boolean force) {
            this.force = force;
            return this;
        }

        /** Sets a hook run after each step (tests use it to crash between steps). */
        Builder optStepHook(Consumer<PublishStep> hook) {
            this.hook = hook;
            return this;
        }

        /**
         * Builds the publisher.
         *
         * @return the publisher
         * @throws IllegalArgumentException when the zoo, model directory or card is missing
         */
        public ZooPublisher build() {
            if (zoo == null) {
                throw new IllegalArgumentException("publish: zoo directory is missing");
            }
            if (modelDir == null) {
                throw new IllegalArgumentException("publish: model directory is missing");
            }
            if (card == null) {
                throw new IllegalArgumentException("publish: model card is missing");
            }
            return new ZooPublisher(this);
        }
    }
}
