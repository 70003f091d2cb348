package ai.mpnas.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** Reads the mpnas version that Maven writes into {@code version.properties}. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    /**
     * Returns the version of this build.
     *
     * @return the version, e.g. {@code 0.1.0-SNAPSHOT}
     */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@inheritDoc} */
    @Override
    public String[] getVersion() {
        return new String[] {"mpnas " + version()};
    }
}
