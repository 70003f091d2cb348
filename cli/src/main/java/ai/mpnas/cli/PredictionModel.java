package ai.mpnas.cli;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.repository.zoo.Criteria;
import ai.mpnas.export.ModelExport;
import ai.mpnas.export.OnnxModel;
import ai.mpnas.formats.OnnxMetadataKeys;
import ai.mpnas.zoo.MpnasModelZoo;
import ai.mpnas.zoo.ServingModelLoader;
import ai.mpnas.zoo.ZooCatalog;
import ai.mpnas.zoo.ZooRepository;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * What {@code predict --model} names, turned into DJL {@link Criteria} the way a deployer loads
 * it: a model directory or archive through DJL Serving's resolution ({@link ServingModelLoader}),
 * an artifact of a zoo through {@link MpnasModelZoo}. Both verify a published version against the
 * SHA-1 hashes of its {@code metadata.json} before loading.
 */
final class PredictionModel {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String ALLOWED =
            "allowed: an export directory (mpnas export: RUN/export/onnx), a published version"
                    + " directory or its .zip, or a zoo (mpnas publish --zoo)";

    private final Path location;
    private final String artifact;
    private final boolean emptyZoo;

    private PredictionModel(Path location, String artifact, boolean emptyZoo) {
        this.location = location;
        this.artifact = artifact;
        this.emptyZoo = emptyZoo;
    }

    /**
     * Checks what {@code --model} and {@code --artifact} name.
     *
     * @param location the model directory, archive or zoo
     * @param artifact the artifact of a zoo, or null
     * @return the model to load
     * @throws IllegalArgumentException naming the option and what is allowed
     * @throws IOException if a zoo cannot be listed
     */
    static PredictionModel resolve(Path location, String artifact) throws IOException {
        if (!Files.exists(location)) {
            throw new IllegalArgumentException(location + ": no such model; " + ALLOWED);
        }
        if (Files.isDirectory(location) && ZooCatalog.isZoo(location)) {
            return inZoo(location, artifact);
        }
        if (artifact != null) {
            throw new IllegalArgumentException(
                    "--artifact " + artifact + ": names a model of a zoo, but " + location
                            + " is not a zoo (no ai/mpnas/zoo/ directory)");
        }
        if (Files.isDirectory(location)) {
            requireServingDirectory(location);
        } else if (location.getFileName().toString().endsWith(".zip")) {
            requireServingArchive(location);
        } else {
            throw new IllegalArgumentException(
                    location + ": not a model directory or .zip archive; " + ALLOWED);
        }
        return new PredictionModel(location, null, false);
    }

    private static PredictionModel inZoo(Path zoo, String artifact) throws IOException {
        List<String> published =
                new ZooRepository("mpnas-zoo", zoo.toAbsolutePath().normalize().toUri())
                        .listArtifactIds(MpnasModelZoo.GROUP_ID);
        if (published.isEmpty()) {
            return new PredictionModel(zoo, null, true);
        }
        String names = String.join(", ", published);
        if (artifact == null) {
            if (published.size() > 1) {
                throw new IllegalArgumentException(
                        "--artifact: required, " + zoo + " holds " + published.size()
                                + " models; allowed: " + names);
            }
            return new PredictionModel(zoo, published.get(0), false);
        }
        if (!published.contains(artifact)) {
            throw new IllegalArgumentException(
                    "--artifact " + artifact + ": not published in " + zoo + "; allowed: "
                            + names);
        }
        return new PredictionModel(zoo, artifact, false);
    }

    /** A directory must hold what DJL Serving loads; a run directory gets its export named. */
    private static void requireServingDirectory(Path dir) {
        for (String file : new String[] {ModelExport.SERVING_FILE, ModelExport.MODEL_FILE}) {
            if (Files.isRegularFile(dir.resolve(file))) {
                continue;
            }
            String run =
                    Files.isRegularFile(dir.resolve("architecture.json"))
                            ? " (a run directory: its model is " + dir.resolve("export/onnx")
                                    + " after 'mpnas export --run " + dir + "')"
                            : "";
            throw new IllegalArgumentException(
                    dir + ": not a model directory (no " + file + ")" + run + "; " + ALLOWED);
        }
    }

    /**
     * An archive must hold what DJL Serving loads, at its top or in its one directory; checked
     * before DJL extracts it into its cache.
     */
    private static void requireServingArchive(Path archive) throws IOException {
        List<String> names;
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            names = zip.stream().map(ZipEntry::getName).toList();
        } catch (ZipException e) {
            throw new IllegalArgumentException(
                    archive + ": not a zip archive (" + e.getMessage() + "); " + ALLOWED, e);
        }
        for (String file : new String[] {ModelExport.SERVING_FILE, ModelExport.MODEL_FILE}) {
            boolean found =
                    names.stream()
                            .anyMatch(n -> n.equals(file) || n.matches("[^/]+/" + file));
            if (!found) {
                throw new IllegalArgumentException(
                        archive + ": not a model archive (no " + file + "); " + ALLOWED);
            }
        }
    }

    /**
     * Returns whether {@code --model} is a zoo with nothing published in it.
     *
     * @return true for an empty zoo
     */
    boolean isEmptyZoo() {
        return emptyZoo;
    }

    /**
     * Returns the criteria that load the model as an image classifier.
     *
     * @return the criteria
     * @throws IOException if a directory or archive cannot be resolved, or a published version
     *     fails its checksums ({@link ai.mpnas.zoo.ZooIntegrityException})
     */
    Criteria<Image, Classifications> criteria() throws IOException {
        if (artifact == null) {
            return ServingModelLoader.resolve(location.toString())
                    .criteria(Image.class, Classifications.class);
        }
        return Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelZoo(new MpnasModelZoo(location.toAbsolutePath().toString()))
                .optGroupId(MpnasModelZoo.GROUP_ID)
                .optArtifactId(artifact)
                .build();
    }

    /**
     * Names the model loaded for the output: the directory or archive, or the zoo's artifact and
     * version.
     *
     * @param modelDir the directory the model was loaded from
     * @return the description
     */
    String describe(Path modelDir) {
        if (artifact == null) {
            return location.toString();
        }
        return artifact + " " + modelDir.getFileName() + " in " + location;
    }

    /**
     * Checks that the picture preparation {@code serving.properties} asks DJL's translator for is
     * the input {@code model.onnx} records in {@code mpnas.preprocess}: size, channels, and no
     * normalisation outside the graph. Models without that record are taken as they are.
     *
     * @param modelDir the loaded model's directory
     * @throws IllegalArgumentException naming both files and the values that differ
     * @throws IOException if a file cannot be read
     */
    static void checkPreprocessing(Path modelDir) throws IOException {
        Path onnx = modelDir.resolve(ModelExport.MODEL_FILE);
        Path servingFile = modelDir.resolve(ModelExport.SERVING_FILE);
        if (!Files.isRegularFile(onnx) || !Files.isRegularFile(servingFile)) {
            return;
        }
        String recorded = OnnxModel.readMetadata(onnx).get(OnnxMetadataKeys.PREPROCESS);
        if (recorded == null) {
            return;
        }
        JsonNode preprocess = MAPPER.readTree(recorded);
        Properties serving = new Properties();
        try (Reader reader = Files.newBufferedReader(servingFile)) {
            serving.load(reader);
        }
        int channels = preprocess.path("channels").asInt();
        String[][] expected = {
            {"width", preprocess.path("width").asText()},
            {"height", preprocess.path("height").asText()},
            {"flag", channels == 1 ? "GRAYSCALE" : "COLOR"},
        };
        for (String[] entry : expected) {
            String found = serving.getProperty(entry[0]);
            if (!entry[1].equals(found)) {
                throw new IllegalArgumentException(
                        servingFile + ": " + entry[0] + "=" + found + ", but " + onnx
                                + " takes " + entry[0] + " " + entry[1] + " ("
                                + OnnxMetadataKeys.PREPROCESS + "); allowed: " + entry[0] + "="
                                + entry[1]);
            }
        }
        for (String field : new String[] {"mean", "std"}) {
            for (JsonNode value : preprocess.path(field)) {
                if (value.asDouble() != ("mean".equals(field) ? 0 : 1)) {
                    throw new IllegalArgumentException(
                            onnx + ": " + OnnxMetadataKeys.PREPROCESS + " asks for a " + field
                                    + " outside the graph, which " + servingFile
                                    + "'s translator does not apply; allowed: mean 0, std 1");
                }
            }
        }
    }
}
