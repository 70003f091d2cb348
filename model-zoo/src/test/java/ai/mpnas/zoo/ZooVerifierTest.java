package ai.mpnas.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** The zoo checks itself: a whole-zoo check, the catalog, DJL Serving's load path, file modes. */
class ZooVerifierTest {

    @TempDir Path tmp;
    Path zoo;
    PublishedModel good;
    PublishedModel broken;

    @BeforeEach
    void publish() throws IOException {
        zoo = tmp.resolve("zoo");
        Map<String, String> small = TestModels.metadataProps("fashion-mnist", 0.80, 5.0e5, 0.5, 1);
        Map<String, String> large = TestModels.metadataProps("fashion-mnist", 0.90, 9.0e5, 0.9, 1);
        good = TestModels.publish(zoo, tmp.resolve("e1"), "small", "1.0", small);
        broken = TestModels.publish(zoo, tmp.resolve("e2"), "large", "1.0", large);
    }

    @Test
    void checkZooNamesEveryBadFileWithBothChecksums() throws IOException {
        Path model = broken.versionDir().resolve("model.onnx");
        String before = ZooFiles.sha1(model);
        TestModels.flipLastByte(model);
        Files.delete(broken.versionDir().resolve("synset.txt"));
        List<VersionCheck> checks = ZooVerifier.checkZoo(zoo, MpnasModelZoo.GROUP_ID, null);
        assertEquals(List.of("large", "small"), checks.stream().map(VersionCheck::artifact).toList());
        assertTrue(checks.get(1).intact());
        List<BadFile> bad = checks.get(0).badFiles();
        assertEquals(2, bad.size(), bad.toString());
        assertEquals(new BadFile(model, before, ZooFiles.sha1(model)), bad.get(0));
        assertEquals(BadFile.NONE, bad.get(1).foundSha1());
        assertTrue(bad.get(1).describe().endsWith("synset.txt: sha1 expected "
                + bad.get(1).expectedSha1() + ", found no file"), bad.get(1).describe());

        assertEquals(1, ZooVerifier.checkZoo(zoo, MpnasModelZoo.GROUP_ID, "small").size());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class,
                        () -> ZooVerifier.checkZoo(zoo, MpnasModelZoo.GROUP_ID, "medium"));
        assertTrue(e.getMessage().endsWith("allowed: [large, small]"), e.getMessage());
    }

    @Test
    void aChangedArchiveFailsItsCheckToo() throws IOException {
        TestModels.flipLastByte(broken.archive());
        VersionCheck check = ZooVerifier.checkZoo(zoo, MpnasModelZoo.GROUP_ID, "large").get(0);
        assertEquals(List.of(broken.archive()), check.badFiles().stream().map(BadFile::file).toList());
        assertEquals(broken.archiveSha1(), check.badFiles().get(0).expectedSha1());
    }

    @Test
    void listMarksAndPickSkipsABrokenVersion() throws IOException {
        ZooCatalog catalog = ZooCatalog.of(zoo);
        assertEquals("large", catalog.pick(1e6).orElseThrow().artifact());
        TestModels.flipLastByte(broken.versionDir().resolve("model.onnx"));
        List<CatalogEntry> entries = catalog.list();
        assertEquals(List.of("large failed", "small ok"),
                entries.stream().map(e -> e.artifact() + " " + e.checksums()).toList());
        assertTrue(entries.get(0).failsChecksums());
        assertEquals("small", catalog.pick(1e6).orElseThrow().artifact());
    }

    @Test
    void servingLoadPathVerifiesAPublishedDirectoryOrArchive() throws IOException {
        assertTrue(ZooVerifier.verifyIfPublished(good.versionDir()));
        assertTrue(ZooVerifier.verifyIfPublished(good.archive()));
        assertFalse(ZooVerifier.verifyIfPublished(tmp.resolve("e1")), "not part of a zoo");

        Path model = broken.versionDir().resolve("model.onnx");
        TestModels.flipLastByte(model);
        ZooIntegrityException dir =
                assertThrows(ZooIntegrityException.class,
                        () -> ServingModelLoader.resolve(broken.versionDir().toString()));
        assertEquals(model, dir.getFile());
        TestModels.flipLastByte(good.archive());
        ZooIntegrityException zip =
                assertThrows(ZooIntegrityException.class,
                        () -> ServingModelLoader.resolve(good.archive().toUri().toString()));
        assertEquals(good.archive(), zip.getFile());
    }

    @Test
    void aZooIsADirectoryWithTheGroupDirectory() throws IOException {
        assertTrue(ZooCatalog.isZoo(zoo));
        assertFalse(ZooCatalog.isZoo(tmp));
        assertFalse(ZooCatalog.isZoo(tmp.resolve("none")));
    }

    @Test
    void publishedFilesAndDirectoriesHaveTheUmaskDefaultModes() throws IOException {
        Set<PosixFilePermission> fileMode =
                Files.getPosixFilePermissions(Files.createFile(tmp.resolve("probe")));
        Set<PosixFilePermission> dirMode =
                Files.getPosixFilePermissions(Files.createDirectory(tmp.resolve("probe-dir")));
        try (Stream<Path> walk = Files.walk(zoo)) {
            for (Path p : walk.filter(p -> !p.equals(zoo)).toList()) {
                Set<PosixFilePermission> want = Files.isDirectory(p) ? dirMode : fileMode;
                assertEquals(want, Files.getPosixFilePermissions(p), p.toString());
            }
        }
    }
}
