package ai.mpnas.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

class ZooLocationTest {

    @Test
    void parsesPathsAndUrls() {
        Path abs = Path.of("/tmp/some zoo");
        assertEquals(URI.create("file:///tmp/some%20zoo/"), ZooLocation.parse("/tmp/some zoo"));
        assertEquals(
                URI.create("file:///tmp/some%20zoo/"), ZooLocation.parse(abs.toUri().toString()));
        assertEquals(
                Path.of("rel").toAbsolutePath().toUri().toString().replaceAll("/?$", "/"),
                ZooLocation.parse("rel").toString());
        assertEquals(
                URI.create("https://models.example.org/zoo/"),
                ZooLocation.parse("https://models.example.org/zoo"));
        assertEquals(Optional.of(abs), ZooLocation.localPath(ZooLocation.parse("/tmp/some zoo")));
        assertEquals(Optional.empty(), ZooLocation.localPath(URI.create("https://x.org/")));
        IllegalArgumentException djl =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ZooLocation.parse("djl://ai.djl.zoo"));
        assertTrue(djl.getMessage().contains("scheme 'djl'"), djl.getMessage());
    }

    @Test
    void systemPropertyNamesTheZoo() {
        String old = System.getProperty(ZooLocation.ZOO_URL);
        try {
            System.setProperty(ZooLocation.ZOO_URL, "/srv/zoo");
            assertEquals(
                    Optional.of(URI.create("file:///srv/zoo/")), ZooLocation.fromEnvironment());
        } finally {
            if (old == null) {
                System.clearProperty(ZooLocation.ZOO_URL);
            } else {
                System.setProperty(ZooLocation.ZOO_URL, old);
            }
        }
    }
}
