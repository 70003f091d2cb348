package ai.mpnas.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.repository.Artifact;
import ai.djl.repository.Metadata;
import ai.djl.util.JsonUtils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

class ZooPublisherTest {

    private static final Map<String, String> PROPS =
            TestModels.metadataProps("synthetic-halves", 0.875, 2.5e5, 0.61, 610_000);

    @TempDir Path tmp;

    private Path exportDir(String name, TestModels.Split split) {
        return TestModels.exportDir(tmp.resolve(name), split, PROPS);
    }

    private PublishedModel publish(Path zoo, Path dir, String artifact, String version)
            throws IOException {
        return ZooPublisher.builder()
                .setZoo(zoo)
                .setModelDir(dir)
                .setCard(TestModels.card(artifact, version, PROPS))
                .build()
                .publish();
    }

    private static String sha1sum(Path file) throws Exception {
        Process p = new ProcessBuilder("sha1sum", file.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        return out.substring(0, 40);
    }

    @Test
    void writesDjlRepositoryLayout() throws Exception {
        Path zoo = tmp.resolve("zoo");
        PublishedModel published =
                publish(zoo, exportDir("e", TestModels.Split.LEFT_RIGHT), "halves", "0.1.0");
        Path artifactDir = zoo.resolve("ai/mpnas/zoo/halves");
        assertEquals(artifactDir.resolve("metadata.json"), published.metadataFile());
        assertEquals(artifactDir.resolve("0.1.0"), published.versionDir());
        assertEquals(artifactDir.resolve("halves-0.1.0.zip"), published.archive());

        Metadata metadata;
        try (Reader reader = Files.newBufferedReader(published.metadataFile())) {
            metadata = JsonUtils.GSON.fromJson(reader, Metadata.class);
        }
        assertEquals("0.2", metadata.getMetadataVersion());
        assertEquals("ai.mpnas.zoo", metadata.getGroupId());
        assertEquals("halves", metadata.getArtifactId());
        assertEquals("cv/image_classification", metadata.getApplication().getPath());
        assertEquals(1, metadata.getArtifacts().size());
        Artifact artifact = metadata.getArtifacts().get(0);
        assertEquals("0.1.0", artifact.getVersion());
        Map<String, String> properties = artifact.getProperties();
        assertEquals("synthetic-halves", properties.get("dataset"));
        assertEquals("0.875", properties.get("accuracy"));
        assertEquals("250000.0", properties.get("energyNj"));
        assertEquals("<=1mJ", properties.get("energyTier"));
        // layers of the fixture: w 8, 2, 8 and a 8, 4, 6
        assertEquals("w2-8/a4-8", properties.get("bits"));
        assertEquals(6.0, Double.parseDouble(properties.get("avgWeightBits")), 1e-12);
        assertEquals(6.0, Double.parseDouble(properties.get("avgActivationBits")), 1e-12);
        assertEquals("0.5", properties.get("budget"));
        assertEquals(sha1sum(published.archive()), properties.get("archiveSha1"));
        Map<String, Object> arguments = artifact.getArguments();
        assertEquals("OnnxRuntime", arguments.get("engine"));
        assertEquals("28", arguments.get("width"));
        assertEquals("GRAYSCALE", arguments.get("flag"));

        Map<String, Artifact.Item> files = artifact.getFiles();
        assertEquals(Set.copyOf(ZooPublisher.REQUIRED_FILES), files.keySet());
        for (Artifact.Item item : files.values()) {
            Path file = published.versionDir().resolve(item.getName());
            assertEquals("0.1.0/" + item.getName(), item.getUri());
            assertEquals(sha1sum(file), item.getSha1Hash());
            assertEquals(Files.size(file), item.getSize());
            assertArrayEquals(
                    Files.readAllBytes(tmp.resolve("e").resolve(item.getName())),
                    Files.readAllBytes(file));
        }
    }

    @Test
    void keepsEarlierVersionsAndArtifacts() throws Exception {
        Path zoo = tmp.resolve("zoo");
        Path lr = exportDir("lr", TestModels.Split.LEFT_RIGHT);
        publish(zoo, lr, "halves", "0.1.0");
        publish(zoo, lr, "halves", "0.10.0");
        publish(zoo, lr, "halves", "0.2.0");
        publish(zoo, exportDir("tb", TestModels.Split.TOP_BOTTOM), "other", "1.0");

        JsonNode metadata =
                new ObjectMapper()
                        .readTree(zoo.resolve("ai/mpnas/zoo/halves/metadata.json").toFile());
        List<String> versions = new ArrayList<>();
        metadata.get("artifacts").forEach(a -> versions.add(a.get("version").asText()));
        // newest first, compared as versions, not as strings
        assertEquals(List.of("0.10.0", "0.2.0", "0.1.0"), versions);
        for (String v : versions) {
            ZooVerifier.verifyVersion(zoo, MpnasModelZoo.GROUP_ID, "halves", v);
            assertTrue(
                    Files.isRegularFile(zoo.resolve("ai/mpnas/zoo/halves/halves-" + v + ".zip")));
        }
        ZooVerifier.verifyVersion(zoo, MpnasModelZoo.GROUP_ID, "other", "1.0");
        JsonNode index =
                new ObjectMapper().readTree(zoo.resolve("ai/mpnas/zoo/index.json").toFile());
        assertEquals("mpnas/zoo-index@1", index.get("format").asText());
        assertEquals("[\"halves\",\"other\"]", index.get("artifacts").toString());
        try (Stream<Path> list = Files.list(zoo.resolve("ai/mpnas/zoo/halves"))) {
            // nothing left behind but the lock file
            assertEquals(
                    List.of(
                            ".lock",
                            "0.1.0",
                            "0.10.0",
                            "0.2.0",
                            "halves-0.1.0.zip",
                            "halves-0.10.0.zip",
                            "halves-0.2.0.zip",
                            "metadata.json"),
                    list.map(p -> p.getFileName().toString())
                            .sorted()
                            .collect(Collectors.toList()));
        }
    }

    @Test
    void existingVersionIsAnErrorUnlessForced() throws Exception {
        Path zoo = tmp.resolve("zoo");
        PublishedModel first =
                publish(zoo, exportDir("lr", TestModels.Split.LEFT_RIGHT), "halves", "0.1.0");
        Map<String, String> before = ZooSnapshot.of(zoo);
        Path tb = exportDir("tb", TestModels.Split.TOP_BOTTOM);
        FileAlreadyExistsException e =
                assertThrows(
                        FileAlreadyExistsException.class,
                        () -> publish(zoo, tb, "halves", "0.1.0"));
        assertTrue(e.getMessage().contains("0.1.0"), e.getMessage());
        assertTrue(e.getMessage().contains("already published"), e.getMessage());
        assertEquals(before, ZooSnapshot.of(zoo));

        PublishedModel forced =
                ZooPublisher.builder()
                        .setZoo(zoo)
                        .setModelDir(tb)
                        .setCard(TestModels.card("halves", "0.1.0", PROPS))
                        .optForce(true)
                        .build()
                        .publish();
        assertNotEquals(before, ZooSnapshot.of(zoo));
        assertArrayEquals(
                Files.readAllBytes(tb.resolve("model.onnx")),
                Files.readAllBytes(forced.versionDir().resolve("model.onnx")));
        assertNotEquals(first.archiveSha1(), forced.archiveSha1());
        ZooVerifier.verifyVersion(zoo, MpnasModelZoo.GROUP_ID, "halves", "0.1.0");
        JsonNode metadata = new ObjectMapper().readTree(forced.metadataFile().toFile());
        assertEquals(1, metadata.get("artifacts").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../evil", "a/b", "a\\b", "/tmp/evil", "", ".hidden", "a/../b"})
    void rejectsNamesThatWouldEscapeTheZoo(String name) {
        IllegalArgumentException artifact =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TestModels.card(name, "0.1.0", PROPS));
        assertTrue(artifact.getMessage().startsWith("artifact name"), artifact.getMessage());
        IllegalArgumentException version =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TestModels.card("halves", name, PROPS));
        assertTrue(version.getMessage().startsWith("version name"), version.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> ZooNames.resolveInside(tmp, "artifact", name));
    }

    @Test
    void rejectsGroupIdsThatWouldEscapeTheZoo() {
        Path zoo = tmp.resolve("zoo");
        for (String group : new String[] {"..", "ai..zoo", "ai/zoo", "/abs", ""}) {
            assertThrows(
                    IllegalArgumentException.class,
                    () ->
                            ZooPublisher.builder()
                                    .setZoo(zoo)
                                    .setModelDir(tmp)
                                    .setCard(TestModels.card("a", "1", PROPS))
                                    .optGroupId(group)
                                    .build(),
                    group);
        }
        assertFalse(Files.exists(zoo));
    }

    @Test
    void rejectsIncompleteModelDirectories() throws Exception {
        Path zoo = tmp.resolve("zoo");
        Path dir = exportDir("e", TestModels.Split.LEFT_RIGHT);
        Files.delete(dir.resolve("synset.txt"));
        IllegalArgumentException missing =
                assertThrows(
                        IllegalArgumentException.class, () -> publish(zoo, dir, "halves", "1"));
        assertTrue(missing.getMessage().contains("synset.txt"), missing.getMessage());

        Path other = exportDir("f", TestModels.Split.LEFT_RIGHT);
        Files.writeString(other.resolve("serving.properties"), "engine=PyTorch\n");
        IllegalArgumentException engine =
                assertThrows(
                        IllegalArgumentException.class, () -> publish(zoo, other, "halves", "1"));
        assertTrue(engine.getMessage().contains("serving.properties"), engine.getMessage());
        assertTrue(engine.getMessage().contains("PyTorch"), engine.getMessage());
        assertFalse(Files.exists(zoo));
    }

    @ParameterizedTest
    @EnumSource(
            value = PublishStep.class,
            mode = EnumSource.Mode.EXCLUDE,
            names = "OLD_MOVED_ASIDE") // only a replacement moves a version aside
    void crashAfterAnyStepLeavesTheZooAsItWasOrPublished(PublishStep crashAt) throws Exception {
        Path zoo = tmp.resolve("zoo");
        publish(zoo, exportDir("lr", TestModels.Split.LEFT_RIGHT), "halves", "0.1.0");
        Map<String, String> before = ZooSnapshot.of(zoo);
        Path tb = exportDir("tb", TestModels.Split.TOP_BOTTOM);

        // the expected result of the publish, in a copy of the zoo
        Path reference = tmp.resolve("reference");
        publish(reference, exportDir("lr2", TestModels.Split.LEFT_RIGHT), "halves", "0.1.0");
        publish(reference, tb, "halves", "0.2.0");
        Map<String, String> after = ZooSnapshot.of(reference);

        IllegalStateException crash =
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                ZooPublisher.builder()
                                        .setZoo(zoo)
                                        .setModelDir(tb)
                                        .setCard(TestModels.card("halves", "0.2.0", PROPS))
                                        .optStepHook(
                                                step -> {
                                                    if (step == crashAt) {
                                                        throw new IllegalStateException("crash");
                                                    }
                                                })
                                        .build()
                                        .publish());
        assertEquals("crash", crash.getMessage());
        Map<String, String> now = ZooSnapshot.of(zoo);
        if (crashAt.compareTo(PublishStep.COMMITTED) < 0) {
            assertEquals(before, now);
        } else if (crashAt == PublishStep.INDEXED) {
            assertEquals(after, now);
        } else {
            // committed but index.json not yet rewritten: everything else is published
            now.remove("ai/mpnas/zoo/index.json");
            after.remove("ai/mpnas/zoo/index.json");
            assertEquals(after, now);
        }
        assertNoStaging(zoo);
    }

    @ParameterizedTest
    @EnumSource(
            value = PublishStep.class,
            names = {"STAGED", "OLD_MOVED_ASIDE", "VERSION_MOVED_IN", "ARCHIVE_MOVED_IN"})
    void crashWhileReplacingAVersionRestoresTheOldOne(PublishStep crashAt) throws Exception {
        Path zoo = tmp.resolve("zoo");
        publish(zoo, exportDir("lr", TestModels.Split.LEFT_RIGHT), "halves", "0.1.0");
        Map<String, String> before = ZooSnapshot.of(zoo);
        assertThrows(
                IllegalStateException.class,
                () ->
                        ZooPublisher.builder()
                                .setZoo(zoo)
                                .setModelDir(exportDir("tb", TestModels.Split.TOP_BOTTOM))
                                .setCard(TestModels.card("halves", "0.1.0", PROPS))
                                .optForce(true)
                                .optStepHook(
                                        step -> {
                                            if (step == crashAt) {
                                                throw new IllegalStateException("crash");
                                            }
                                        })
                                .build()
                                .publish());
        assertEquals(before, ZooSnapshot.of(zoo));
        ZooVerifier.verifyVersion(zoo, MpnasModelZoo.GROUP_ID, "halves", "0.1.0");
        assertNoStaging(zoo);
    }

    static void assertNoStaging(Path zoo) throws IOException {
        try (Stream<Path> walk = Files.walk(zoo)) {
            List<Path> leftovers =
                    walk.filter(
                                    p ->
                                            p.getFileName()
                                                    .toString()
                                                    .startsWith(PublishTransaction.STAGING_PREFIX))
                            .collect(Collectors.toList());
            assertEquals(List.of(), leftovers);
        }
    }
}
