package ai.mpnas.zoo;

import ai.djl.repository.Repository;
import ai.djl.repository.RepositoryFactory;

import java.net.URI;
import java.util.Set;

/**
 * Lets {@code Criteria.optModelUrls} name a whole zoo: {@code mpnas:} followed by the zoo location,
 * e.g. {@code mpnas:file:///srv/zoo/} or {@code mpnas:https://models.example.org/zoo/}. Every
 * published artifact becomes a model of DJL's local model zoo, selected with {@code optArtifactId}
 * and {@code optFilter} and verified like {@link MpnasModelZoo}'s. Registered through {@code
 * META-INF/services/ai.djl.repository.RepositoryFactory}.
 */
public class MpnasRepositoryFactory implements RepositoryFactory {

    /** The URL scheme. */
    public static final String SCHEME = "mpnas";

    /** {@inheritDoc} */
    @Override
    public Repository newInstance(String name, URI uri) {
        String location = uri.getSchemeSpecificPart();
        if (location == null || location.isEmpty()) {
            throw new IllegalArgumentException(
                    "model URL '"
                            + uri
                            + "' names no zoo: use mpnas:<directory or URL of the zoo>");
        }
        return new ZooRepository(name, ZooLocation.parse(location));
    }

    /** {@inheritDoc} */
    @Override
    public Set<String> getSupportedScheme() {
        return Set.of(SCHEME);
    }
}
