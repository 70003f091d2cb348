package ai.mpnas.zoo;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a zoo lives: a local directory ({@code file://} URL or plain path) or a web server ({@code
 * https://}, {@code http://}).
 */
public final class ZooLocation {

    /** The system property or environment variable that names the default zoo. */
    public static final String ZOO_URL = "MPNAS_ZOO_URL";

    private ZooLocation() {}

    /**
     * Returns the zoo named by {@value #ZOO_URL}: the system property first, then the environment.
     *
     * @return the zoo URI, empty when neither is set
     */
    public static Optional<URI> fromEnvironment() {
        String value = System.getProperty(ZOO_URL);
        if (value == null || value.isBlank()) {
            value = System.getenv(ZOO_URL);
        }
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(parse(value.trim()));
    }

    /**
     * Parses a zoo location: {@code file://}, {@code https://} and {@code http://} URLs, or a plain
     * (absolute or relative) directory path.
     *
     * @param location the location
     * @return an absolute URI that ends with {@code /}
     * @throws IllegalArgumentException for another scheme
     */
    public static URI parse(String location) {
        URI uri;
        if (location.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            uri = URI.create(location);
        } else {
            uri = Path.of(location).toAbsolutePath().normalize().toUri();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"file".equals(scheme) && !"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException(
                    ZOO_URL
                            + " '"
                            + location
                            + "' has scheme '"
                            + scheme
                            + "': use a directory path, file://, https:// or http://");
        }
        if ("file".equals(scheme)) {
            uri = Path.of(uri).toAbsolutePath().normalize().toUri();
        }
        String text = uri.toString();
        return text.endsWith("/") ? uri : URI.create(text + '/');
    }

    /**
     * Returns the local directory of a zoo URI.
     *
     * @param zoo the zoo URI
     * @return the directory, empty for a remote zoo
     */
    public static Optional<Path> localPath(URI zoo) {
        if ("file".equalsIgnoreCase(zoo.getScheme())) {
            return Optional.of(Path.of(zoo));
        }
        return Optional.empty();
    }
}
