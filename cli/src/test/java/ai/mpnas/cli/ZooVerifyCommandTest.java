package ai.mpnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.zoo.ZooIntegrityException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A zoo published from a run with a stand-in export, then changed behind the zoo's back. */
class ZooVerifyCommandTest {

    @TempDir Path dir;
    Path zoo;
    Path model;

    /** A run as train and export leave it; the zoo does not read model.onnx, it hashes it. */
    static Path fakeRun(Path run) throws Exception {
        Path export = Files.createDirectories(run.resolve("export/onnx"));
        Files.write(export.resolve("model.onnx"), new byte[] {8, 1, 18, 4});
        Files.writeString(export.resolve("serving.properties"), "engine=OnnxRuntime\n");
        Files.writeString(export.resolve("synset.txt"), "a\nb\n");
        Files.writeString(run.resolve("metrics.json"), "{\"dataset\": \"fashion-mnist\","
                + " \"top1\": 0.9, \"energy_nJ\": 50000, \"latency_ms\": 0.03,"
                + " \"latency_cycles\": 1000}");
        Files.writeString(run.resolve("architecture.json"),
                "{\"layers\": [{\"wbits\": 8, \"abits\": 8}, {\"wbits\": 4, \"abits\": 6}]}");
        return run;
    }

    @BeforeEach
    void publish() throws Exception {
        zoo = dir.resolve("zoo");
        CliRun run = CliRun.of("publish", "--run", fakeRun(dir.resolve("run")).toString(),
                "--zoo", zoo.toString(), "--artifact", "tiny");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        model = zoo.resolve("ai/mpnas/zoo/tiny/1.0/model.onnx");
    }

    @Test
    void publishingAnExistingVersionIsBadInputNamingForce() {
        String[] args = {"publish", "--run", dir.resolve("run").toString(), "--zoo",
            zoo.toString(), "--artifact", "tiny"};
        CliRun again = CliRun.of(args);
        assertEquals(ExitCodes.BAD_INPUT, again.exitCode(), again.err());
        assertEquals("mpnas publish: " + model.getParent() + ": version 1.0 of tiny is published"
                + " already; allowed: another --version, or --force to replace it",
                again.err().strip());
        String[] forced = java.util.Arrays.copyOf(args, args.length + 1);
        forced[args.length] = "--force";
        assertEquals(ExitCodes.OK, CliRun.of(forced).exitCode());
    }

    @Test
    void verifyNamesEachBadFileWithBothChecksums() throws Exception {
        CliRun ok = CliRun.of("zoo", "verify", "--zoo", zoo.toString());
        assertEquals(ExitCodes.OK, ok.exitCode(), ok.err());
        assertEquals("ok     tiny 1.0", ok.out().strip());

        String expected = sha1(model);
        Files.write(model, new byte[] {8, 1, 18, 5});
        Files.delete(model.resolveSibling("synset.txt"));
        CliRun bad = CliRun.of("zoo", "verify", "--zoo", zoo.toString(), "--artifact", "tiny");
        assertEquals(ExitCodes.BAD_INPUT, bad.exitCode(), bad.err());
        assertEquals("FAILED tiny 1.0", bad.out().strip());
        String[] lines = bad.err().strip().split("\n");
        assertEquals(3, lines.length, bad.err());
        assertEquals("mpnas zoo verify: " + model + ": sha1 expected " + expected + ", found "
                + sha1(model), lines[0]);
        assertTrue(lines[1].matches("mpnas zoo verify: .*/synset.txt: sha1 expected [0-9a-f]{40},"
                + " found no file"), lines[1]);

        CliRun unknown = CliRun.of("zoo", "verify", "--zoo", zoo.toString(), "--artifact", "huge");
        assertEquals(ExitCodes.BAD_INPUT, unknown.exitCode());
        assertTrue(unknown.err().contains("artifact 'huge' is not published"), unknown.err());
    }

    @Test
    void listMarksAndPickSkipsAVersionWhoseFilesFail() throws Exception {
        assertEquals(ExitCodes.OK, pick().exitCode());
        Files.write(model, new byte[] {0});
        CliRun list = CliRun.of("zoo", "list", "--zoo", zoo.toString(), "--json");
        assertEquals(ExitCodes.OK, list.exitCode(), list.err());
        assertTrue(list.out().contains("\"checksums\" : \"failed\""), list.out());
        assertTrue(list.err().contains("listed tiny 1.0: its files fail their checksums"),
                list.err());
        CliRun pick = pick();
        assertEquals(ExitCodes.NOT_FOUND, pick.exitCode(), pick.err());
        assertTrue(pick.err().contains("skipped tiny 1.0: its files fail their checksums"
                + " (mpnas zoo verify --zoo " + zoo + " --artifact tiny)"), pick.err());
    }

    @Test
    void integrityMessageIsOneShortLine() throws Exception {
        Files.write(model, new byte[] {0});
        ZooIntegrityException e =
                org.junit.jupiter.api.Assertions.assertThrows(ZooIntegrityException.class,
                        () -> ai.mpnas.zoo.ZooVerifier.verifyVersion(
                                zoo, "ai.mpnas.zoo", "tiny", "1.0"));
        assertEquals(-1, e.getMessage().indexOf('\n'));
        assertTrue(e.getMessage().length() < model.toString().length() + 120, e.getMessage());
    }

    private CliRun pick() {
        return CliRun.of("zoo", "pick", "--zoo", zoo.toString(), "--max-energy", "1mJ");
    }

    private static String sha1(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file)));
    }
}
