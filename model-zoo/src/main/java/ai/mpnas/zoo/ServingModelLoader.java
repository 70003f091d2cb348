package ai.mpnas.zoo;

import ai.djl.repository.Artifact;
import ai.djl.repository.FilenameUtils;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import ai.djl.util.Utils;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Replays DJL Serving's model load path without DJL Serving's jars: {@code Repository.newInstance}
 * on the model URL, prepare (download, extract an archive) its default artifact, read {@code
 * serving.properties} from the model directory ({@code engine} becomes the engine, {@code option.*}
 * the load options, everything else, {@code translatorFactory} included, the translator arguments),
 * then the same {@link ai.djl.repository.zoo.Criteria} DJL Serving builds: {@code Input} to {@code
 * Output} on the model URL.
 *
 * <p>A version directory or archive of a local zoo is first checked against the SHA-1 hashes of
 * its {@code metadata.json} ({@link ZooVerifier#verifyIfPublished}): DJL's own file repository
 * does not know the zoo and would load a changed file without a word.
 */
public final class ServingModelLoader {

    private ServingModelLoader() {}

    /**
     * Resolves a model URL or path as DJL Serving does.
     *
     * @param modelUrl a model directory or archive ({@code .zip}, {@code .tar.gz}), as a path or a
     *     {@code file:}/{@code https:} URL
     * @return the resolved model
     * @throws ZooIntegrityException if it is a published version of a local zoo and a file is
     *     missing or fails its SHA-1
     * @throws IOException if the model cannot be found, downloaded or extracted, or has no engine
     *     in serving.properties
     */
    public static ServingModel resolve(String modelUrl) throws IOException {
        String url =
                modelUrl.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")
                        ? modelUrl
                        : Path.of(modelUrl).toAbsolutePath().normalize().toUri().toString();
        if (url.startsWith("file:")) {
            ZooVerifier.verifyIfPublished(Path.of(URI.create(url)));
        }
        Repository repository = Repository.newInstance("modelStore", url);
        List<MRL> mrls = repository.getResources();
        if (mrls.isEmpty()) {
            throw new IOException("no model found at " + modelUrl);
        }
        Artifact artifact = mrls.get(0).getDefaultArtifact();
        repository.prepare(artifact);
        Path modelDir = Utils.getNestedModelDir(repository.getResourceDirectory(artifact));

        Path propsFile = modelDir.resolve("serving.properties");
        if (!Files.isRegularFile(propsFile)) {
            throw new IOException(
                    "model "
                            + modelUrl
                            + " has no serving.properties (looked in "
                            + modelDir
                            + ")");
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(propsFile)) {
            props.load(reader);
        }
        String engine = null;
        Map<String, Object> arguments = new TreeMap<>();
        Map<String, String> options = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key);
            if ("engine".equals(key)) {
                engine = value;
            } else if (key.startsWith("option.")) {
                options.put(key.substring("option.".length()), value);
            } else {
                arguments.put(key, value);
            }
        }
        if (engine == null) {
            throw new IOException(
                    propsFile + ": property engine is missing (e.g. engine=OnnxRuntime)");
        }
        return new ServingModel(url, modelDir, modelName(url), engine, arguments, options);
    }

    /** Infers the model name from the URL the way DJL Serving does. */
    private static String modelName(String url) {
        URI uri = URI.create(url);
        String path = uri.getPath() != null ? uri.getPath() : uri.getSchemeSpecificPart();
        boolean directory = path.endsWith("/");
        if (directory) {
            path = path.substring(0, path.length() - 1);
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (!directory) {
            name = FilenameUtils.getNamePart(name);
        }
        return name.replaceAll("(\\W|^_)", "_");
    }
}
