package ai.mpnas.zoo;

import ai.djl.Application;
import ai.djl.repository.MRL;
import ai.djl.repository.zoo.BaseModelLoader;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelZoo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The DJL model zoo of mpnas models, group {@value #GROUP_ID}.
 *
 * <p>The zoo registered through {@link MpnasZooProvider} reads its location from {@value
 * ZooLocation#ZOO_URL} (system property first, then environment) each time it is asked for its
 * models, so models published while the JVM runs are found, and a test can point it at a directory.
 * Load a model with
 *
 * <pre>
 * Criteria.builder()
 *         .setTypes(Image.class, Classifications.class)
 *         .optGroupId(MpnasModelZoo.GROUP_ID)
 *         .optArtifactId("fmnist-small")
 *         .optFilter("dataset", "fashion-mnist")
 *         .build()
 *         .loadModel();
 * </pre>
 *
 * <p>The files are verified against their SHA-1 in {@code metadata.json} on every load.
 */
public class MpnasModelZoo extends ModelZoo {

    /** The group id of mpnas models. */
    public static final String GROUP_ID = "ai.mpnas.zoo";

    private static final Logger logger = LoggerFactory.getLogger(MpnasModelZoo.class);

    private final URI location;

    /** Creates the zoo at {@value ZooLocation#ZOO_URL}, looked up on each use. */
    public MpnasModelZoo() {
        location = null;
    }

    /**
     * Creates the zoo at a fixed location (for {@code Criteria.optModelZoo}).
     *
     * @param location a directory path or a {@code file:}, {@code https:} or {@code http:} URL
     */
    public MpnasModelZoo(String location) {
        this.location = ZooLocation.parse(location);
    }

    /** {@inheritDoc} */
    @Override
    public String getGroupId() {
        return GROUP_ID;
    }

    /** {@inheritDoc} */
    @Override
    public Set<String> getSupportedEngines() {
        return Set.of(ZooPublisher.ENGINE);
    }

    /**
     * Returns one loader per published artifact, listed afresh from the zoo.
     *
     * @return the loaders; empty when no zoo location is configured
     */
    @Override
    public Collection<ModelLoader> getModelLoaders() {
        URI zoo = location != null ? location : ZooLocation.fromEnvironment().orElse(null);
        if (zoo == null) {
            return List.of();
        }
        ZooRepository repository = new ZooRepository("mpnas-zoo", zoo);
        List<ModelLoader> loaders = new ArrayList<>();
        try {
            for (String artifactId : repository.listArtifactIds(GROUP_ID)) {
                MRL mrl =
                        repository.model(Application.CV.IMAGE_CLASSIFICATION, GROUP_ID, artifactId);
                loaders.add(new BaseModelLoader(mrl));
            }
        } catch (IOException | RuntimeException e) {
            // DJL asks every registered zoo when a Criteria names no group: an unreachable
            // mpnas zoo must not break loading models from the others
            logger.warn("Cannot list the mpnas zoo at {}: {}", zoo, e.getMessage());
            return List.of();
        }
        return loaders;
    }

    /** {@inheritDoc} */
    @Override
    public ModelLoader getModelLoader(String name) {
        for (ModelLoader loader : getModelLoaders()) {
            if (loader.getArtifactId().equals(name)) {
                return loader;
            }
        }
        return null;
    }
}
