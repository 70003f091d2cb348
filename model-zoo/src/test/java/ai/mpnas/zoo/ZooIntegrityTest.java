package ai.mpnas.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Tampered files, hostile metadata, and the same zoo served over HTTP. */
class ZooIntegrityTest {

    private static final Map<String, String> PROPS =
            TestModels.metadataProps("synthetic-halves", 0.9, 1.0e5, 0.3, 300_000);

    @TempDir Path tmp;
    Path zoo;
    PublishedModel published;
    HttpServer server;

    @BeforeEach
    void publish() throws IOException {
        zoo = tmp.resolve("zoo");
        published =
                ZooPublisher.builder()
                        .setZoo(zoo)
                        .setModelDir(
                                TestModels.exportDir(
                                        tmp.resolve("export"), TestModels.Split.LEFT_RIGHT, PROPS))
                        .setCard(TestModels.card("halves", "0.1.0", PROPS))
                        .build()
                        .publish();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static Criteria<Image, Classifications> criteria(String zooLocation) {
        return Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelZoo(new MpnasModelZoo(zooLocation))
                .optArtifactId("halves")
                .build();
    }

    private static String classify(ZooModel<Image, Classifications> model, String bright)
            throws Exception {
        Image image =
                ImageFactory.getInstance()
                        .fromInputStream(new ByteArrayInputStream(TestModels.png(bright, 5)));
        try (Predictor<Image, Classifications> predictor = model.newPredictor()) {
            return predictor.predict(image).best().getClassName();
        }
    }

    @Test
    void tamperedModelFailsToLoadNamingTheFile() throws Exception {
        Path model = published.versionDir().resolve("model.onnx");
        TestModels.flipLastByte(model);
        ZooIntegrityException e =
                assertThrows(
                        ZooIntegrityException.class, () -> criteria(zoo.toString()).loadModel());
        assertEquals(model, e.getFile());
        // one line: the file, the SHA-1 metadata.json records, the SHA-1 found
        assertEquals(
                model + ": sha1 expected " + e.getBadFile().expectedSha1() + ", found "
                        + ZooFiles.sha1(model),
                e.getMessage());
        assertTrue(e.getBadFile().expectedSha1().matches("[0-9a-f]{40}"), e.getMessage());
        ZooIntegrityException direct =
                assertThrows(
                        ZooIntegrityException.class,
                        () ->
                                ZooVerifier.verifyVersion(
                                        zoo, MpnasModelZoo.GROUP_ID, "halves", "0.1.0"));
        assertEquals(model, direct.getFile());
    }

    @Test
    void tamperedModelFailsThroughModelUrlsToo() throws Exception {
        Path model = published.versionDir().resolve("model.onnx");
        TestModels.flipLastByte(model);
        Criteria<Image, Classifications> criteria =
                Criteria.builder()
                        .setTypes(Image.class, Classifications.class)
                        .optModelUrls("mpnas:" + zoo.toUri())
                        .build();
        ZooIntegrityException e = assertThrows(ZooIntegrityException.class, criteria::loadModel);
        assertEquals(model, e.getFile());
    }

    @Test
    void tamperedSynsetAndMissingFilesFailToo() throws Exception {
        Path synset = published.versionDir().resolve("synset.txt");
        Files.writeString(synset, "right\nleft\n");
        ZooIntegrityException swapped =
                assertThrows(
                        ZooIntegrityException.class, () -> criteria(zoo.toString()).loadModel());
        assertEquals(synset, swapped.getFile());

        Files.delete(synset);
        ZooIntegrityException missing =
                assertThrows(
                        ZooIntegrityException.class, () -> criteria(zoo.toString()).loadModel());
        assertTrue(
                missing.getMessage().matches(".*synset.txt: sha1 expected [0-9a-f]{40}, found no file"),
                missing.getMessage());
    }

    @Test
    void hostileVersionInMetadataIsRejected() throws Exception {
        Path metadata = published.metadataFile();
        Files.writeString(
                metadata,
                Files.readString(metadata)
                        .replace("\"version\" : \"0.1.0\"", "\"version\" : \"../../..\""));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> criteria(zoo.toString()).loadModel());
        assertTrue(e.getMessage().startsWith("version name '../../..'"), e.getMessage());
    }

    private String serve(Path root) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    Path file = root.resolve(exchange.getRequestURI().getPath().substring(1));
                    if (!file.normalize().startsWith(root) || !Files.isRegularFile(file)) {
                        exchange.sendResponseHeaders(404, -1);
                    } else {
                        byte[] body = Files.readAllBytes(file);
                        exchange.sendResponseHeaders(200, body.length);
                        try (OutputStream os = exchange.getResponseBody()) {
                            os.write(body);
                        }
                    }
                    exchange.close();
                });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Test
    void remoteZooOverHttp() throws Exception {
        String url = serve(zoo);
        assertEquals(1, ZooCatalog.of(URI.create(url), MpnasModelZoo.GROUP_ID).list().size());
        try (ZooModel<Image, Classifications> model = criteria(url).loadModel()) {
            // downloaded into DJL's cache, not read from the zoo directory
            assertFalse(model.getModelPath().startsWith(zoo), model.getModelPath().toString());
            assertEquals("left", classify(model, "left"));
            assertEquals("right", classify(model, "right"));
        }
    }

    @Test
    void remoteCacheFollowsAForcedRepublish() throws Exception {
        String url = serve(zoo);
        try (ZooModel<Image, Classifications> model = criteria(url).loadModel()) {
            assertEquals("left", classify(model, "left"));
        }
        ZooPublisher.builder()
                .setZoo(zoo)
                .setModelDir(
                        TestModels.exportDir(
                                tmp.resolve("export-tb"), TestModels.Split.TOP_BOTTOM, PROPS))
                .setCard(TestModels.card("halves", "0.1.0", PROPS))
                .optForce(true)
                .build()
                .publish();
        try (ZooModel<Image, Classifications> model = criteria(url).loadModel()) {
            assertEquals("top", classify(model, "top"));
        }
    }

    @Test
    void tamperedFileOnTheServerFailsTheDownload() throws Exception {
        TestModels.flipLastByte(published.versionDir().resolve("model.onnx"));
        String url = serve(zoo);
        IOException e = assertThrows(IOException.class, () -> criteria(url).loadModel());
        assertTrue(e.getMessage().contains("model.onnx"), e.getMessage());
    }
}
