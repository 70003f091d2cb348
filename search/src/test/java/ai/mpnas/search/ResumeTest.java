package ai.mpnas.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.mpnas.training.CheckpointStore;
import ai.mpnas.training.ScratchTraining;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed after a checkpoint and resumed must equal the same run uninterrupted: every history
 * row, the final weights, and (for the search) the architecture it derives. All randomness is a
 * function of (seed, step), so anything less means the resume lost state.
 */
class ResumeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Relative tolerance of losses and weights: the engine's float sums, same machine. */
    private static final double TOLERANCE = 1e-5;

    @Test
    void searchKilledInWarmUpAndAgainWhileSearchingEqualsAnUninterruptedSearch(@TempDir Path dir)
            throws Exception {
        Path whole = dir.resolve("whole");
        Path killed = dir.resolve("killed");
        assertEquals(0, run("search", whole));
        // 10 warm-up steps, checkpoints every 4 steps and at epoch ends: 4 is in warm-up, 14 in
        // the bilevel phase (theta, Adam and both baselines then matter too)
        long first = haltAt("search", killed, 4, false);
        assertTrue(first < 10, "the first kill left a checkpoint after warm-up: " + first);
        long second = haltAt("search", killed, 14, true);
        assertTrue(second > 10 && second < 30, "the second kill left checkpoint " + second);
        assertEquals(0, run("search", killed, "--resume"));

        assertRowsEqual(whole.resolve("history.csv"), killed.resolve("history.csv"));
        JsonNode a = MAPPER.readTree(whole.resolve("architecture.json").toFile());
        JsonNode b = MAPPER.readTree(killed.resolve("architecture.json").toFile());
        assertEquals(a.get("code"), b.get("code"));
        assertEquals(a.at("/search/derivation"), b.at("/search/derivation"));
        assertEquals(
                MAPPER.readTree(whole.resolve("policy.json").toFile()),
                MAPPER.readTree(killed.resolve("policy.json").toFile()));
        assertCheckpointsEqual(latest(whole.resolve("checkpoints")),
                latest(killed.resolve("checkpoints")));
    }

    @Test
    void trainingKilledAfterItsFirstEpochEqualsAnUninterruptedTraining(@TempDir Path dir)
            throws Exception {
        Path whole = dir.resolve("whole");
        Path killed = dir.resolve("killed");
        assertEquals(0, run("train", whole));
        long kept = haltAt("train", killed, 10, false);
        assertEquals(10, kept, "one epoch of 10 steps");
        assertEquals(0, run("train", killed, "--resume"));

        List<String> rows = Files.readAllLines(killed.resolve(ScratchTraining.HISTORY_FILE));
        assertEquals(1 + 3, rows.size(), "one row per epoch");
        assertRowsEqual(whole.resolve(ScratchTraining.HISTORY_FILE),
                killed.resolve(ScratchTraining.HISTORY_FILE));
        assertCheckpointsEqual(latest(whole.resolve("train-checkpoints")),
                latest(killed.resolve("train-checkpoints")));
    }

    /** Runs until the first checkpoint at or after {@code step}, halts, returns the kept step. */
    private static long haltAt(String what, Path dir, long step, boolean resume) throws Exception {
        List<String> args = new ArrayList<>(List.of("--halt-at", Long.toString(step)));
        if (resume) {
            args.add("--resume");
        }
        assertEquals(RunProcess.HALTED, run(what, dir, args.toArray(String[]::new)));
        String checkpoints = "search".equals(what) ? "checkpoints" : "train-checkpoints";
        return CheckpointStore.stepOf(latest(dir.resolve(checkpoints)));
    }

    private static Path latest(Path checkpoints) throws Exception {
        return new CheckpointStore(checkpoints, 2).latest().orElseThrow();
    }

    private static int run(String what, Path dir, String... extra) throws Exception {
        Files.createDirectories(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command =
                new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                        // a small heap and a tiny young generation: collections every few
                        // megabytes, so that an engine reading Java memory after it was freed
                        // (DJL's PyTorch engine did: NativeCopy, Scalars) fails here every time
                        // rather than one CI run in three
                        "-Xmx256m", "-Xmn4m",
                        "-Doffline=true", "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"),
                        "-Dai.djl.default_engine=" + Engine.getDefaultEngineName(),
                        RunProcess.class.getName(), what, dir.toString()));
        command.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(
                new File(dir.getParent().toFile(), dir.getFileName() + ".log")));
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the child did not finish");
        if (p.exitValue() != 0 && p.exitValue() != RunProcess.HALTED) {
            // the temp directory goes with the test: show why the child failed
            List<String> log = Files.readAllLines(
                    dir.getParent().resolve(dir.getFileName() + ".log"));
            System.err.println(String.join("\n", log.subList(Math.max(0, log.size() - 40),
                    log.size())));
        }
        return p.exitValue();
    }

    /** The two CSV files have the same rows; numeric fields agree to the tolerance. */
    private static void assertRowsEqual(Path expected, Path actual) throws Exception {
        List<String> a = Files.readAllLines(expected);
        List<String> b = Files.readAllLines(actual);
        assertEquals(a.size(), b.size(), "rows of " + actual);
        for (int i = 0; i < a.size(); i++) {
            String[] x = a.get(i).split(",", -1);
            String[] y = b.get(i).split(",", -1);
            assertEquals(x.length, y.length, "row " + i);
            for (int j = 0; j < x.length; j++) {
                String where = actual.getFileName() + " row " + i + " field " + a.get(0).split(",")[j];
                if (isNumber(x[j]) && isNumber(y[j])) {
                    double u = Double.parseDouble(x[j]);
                    double v = Double.parseDouble(y[j]);
                    assertEquals(u, v, TOLERANCE * Math.max(1, Math.abs(u)), where);
                } else {
                    assertEquals(x[j], y[j], where);
                }
            }
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Parameters and momentum of two checkpoints agree, array by array. */
    private static void assertCheckpointsEqual(Path expected, Path actual) throws Exception {
        assertEquals(expected.getFileName(), actual.getFileName());
        for (String file : List.of("parameters.ndlist", "sgd.state")) {
            try (NDManager manager = NDManager.newBaseManager()) {
                NDList a = decode(manager, expected.resolve(file));
                NDList b = decode(manager, actual.resolve(file));
                assertEquals(a.size(), b.size(), file);
                for (NDArray x : a) {
                    NDArray y = b.stream().filter(v -> x.getName().equals(v.getName()))
                            .findFirst().orElseThrow(() -> new AssertionError(x.getName()));
                    float[] u = x.toFloatArray();
                    float[] v = y.toFloatArray();
                    assertEquals(u.length, v.length, x.getName());
                    float[] close = new float[u.length];
                    for (int i = 0; i < u.length; i++) {
                        double scale = Math.max(1e-3, Math.abs(u[i]));
                        close[i] = Math.abs(u[i] - v[i]) <= 1e-4 * scale ? u[i] : v[i];
                    }
                    assertArrayEquals(u, close, file + " " + x.getName());
                }
            }
        }
    }

    /** Decodes an array list; {@code sgd.state} puts its count first (it may be empty). */
    private static NDList decode(NDManager manager, Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        int skip = file.getFileName().toString().equals("sgd.state") ? Integer.BYTES : 0;
        return NDList.decode(
                manager, new ByteArrayInputStream(bytes, skip, bytes.length - skip));
    }
}
