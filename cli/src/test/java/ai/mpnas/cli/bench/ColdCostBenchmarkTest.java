package ai.mpnas.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.bitfusion.Layer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cold `cost` benchmark: its layers, its arithmetic, and a run on stand-in launchers. */
class ColdCostBenchmarkTest {

    @Test
    void theLayersAreASeededDrawFromMobileNetV2AtEveryBitPair() {
        List<Layer> layers = ColdCostBenchmark.layers(182, 19);
        assertEquals(182, layers.size());
        assertEquals(layers, ColdCostBenchmark.layers(182, 19));
        assertNotEquals(layers, ColdCostBenchmark.layers(182, 20));
        List<Layer> pool = BitFusionBenchmark.warmSet();
        assertTrue(pool.containsAll(layers));
        List<Layer> cycled = ColdCostBenchmark.layers(pool.size() + 5, 19);
        assertEquals(cycled.subList(0, 5), cycled.subList(pool.size(), pool.size() + 5));
        assertEquals(new HashSet<>(pool), new HashSet<>(cycled));
    }

    @Test
    void thePerLayerFigureIsTheDifferenceOfTheMediansOverTheLayers() {
        // start-up 300, 310, 500 ms; cost 400, 450, 900 ms; 10 layers
        ColdCostBenchmark.Runs runs =
                new ColdCostBenchmark.Runs(
                        new long[] {300_000_000L, 500_000_000L, 310_000_000L},
                        new long[] {450_000_000L, 900_000_000L, 400_000_000L});
        LauncherCommand jvm =
                LauncherCommand.parse("java\0-Xmx1g\0-cp\0x\0ai.mpnas.cli.Main\0", Path.of("m"));
        JsonNode summary = ColdCostBenchmark.summary(jvm, runs, 10);
        assertEquals("[\"-Xmx1g\"]", summary.get("jvm_options").toString());
        assertEquals(310.0, summary.at("/startup_ms/median").asDouble(), 1e-9);
        assertEquals(300.0, summary.at("/startup_ms/min").asDouble(), 1e-9);
        assertEquals(500.0, summary.at("/startup_ms/max").asDouble(), 1e-9);
        assertEquals(450.0, summary.at("/cost_ms/median").asDouble(), 1e-9);
        // (450 - 310) / 10; the pairs give 15, 40 and 9 ms per layer
        assertEquals(14.0, summary.at("/per_layer_ms/median").asDouble(), 1e-9);
        assertEquals(9.0, summary.at("/per_layer_ms/min").asDouble(), 1e-9);
        assertEquals(40.0, summary.at("/per_layer_ms/max").asDouble(), 1e-9);
        assertEquals(2.5, ColdCostBenchmark.median(new double[] {4, 1, 3, 2}), 1e-12);
    }

    @Test
    void measuresJvmsAsTheLauncherPrintsThemWithAndWithoutItsStartUpFlags(@TempDir Path dir)
            throws Exception {
        Path launcher = standInLauncher(dir, "");
        JsonNode out = ColdCostBenchmark.run(launcher, 6, 1, 19);
        assertEquals(6, out.get("layers").asInt());
        assertEquals(1, out.get("runs").asInt());
        assertEquals(new HashSet<>(ColdCostBenchmark.layers(6, 19)).size(),
                out.get("distinct_layers").asInt());
        assertTrue(out.at("/launcher/jvm_options").toString().contains("TieredStopAtLevel=1"),
                out.toString());
        assertFalse(out.at("/without_fast_start/jvm_options").toString().contains("Tiered"),
                out.toString());
        for (String jvm : List.of("launcher", "without_fast_start")) {
            JsonNode s = out.get(jvm);
            double startup = s.at("/startup_ms/median").asDouble();
            double cost = s.at("/cost_ms/median").asDouble();
            assertTrue(startup > 0 && cost > 0, s.toString());
            assertEquals((cost - startup) / 6, s.at("/per_layer_ms/median").asDouble(), 1e-9);
            assertTrue(s.at("/startup_ms/min").asDouble() <= startup
                    && startup <= s.at("/startup_ms/max").asDouble(), s.toString());
        }
    }

    @Test
    void aChildThatPrintsOtherCostsOrFailsIsAnError(@TempDir Path dir) throws Exception {
        // the same JVM priced under another model prints other numbers
        Path otherModel = standInLauncher(dir, "--model apq");
        IllegalStateException e =
                assertThrows(IllegalStateException.class,
                        () -> ColdCostBenchmark.run(otherModel, 3, 1, 19));
        assertTrue(e.getMessage().startsWith("the child JVM printed something else"),
                e.getMessage());
        Path failing = standInLauncher(dir, "--model nonsense");
        e = assertThrows(IllegalStateException.class,
                () -> ColdCostBenchmark.run(failing, 3, 1, 19));
        assertTrue(e.getMessage().contains("the child JVM exited with 2")
                && e.getMessage().contains("nonsense"), e.getMessage());
    }

    /**
     * A launcher that prints a java command on this test's classpath, with C1 only unless
     * MPNAS_FAST_START=0, and the given mpnas arguments after the caller's.
     */
    private static Path standInLauncher(Path dir, String extraArguments) throws Exception {
        Path launcher = Files.createTempFile(dir, "mpnas", "");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(launcher,
                "#!/bin/sh\n"
                        + "[ \"$MPNAS_PRINT_JAVA_COMMAND\" = 1 ] || exit 9\n"
                        + "fast=-XX:TieredStopAtLevel=1\n"
                        + "[ \"$MPNAS_FAST_START\" != 0 ] || fast=-Dno.fast.start\n"
                        + "printf '%s\\0' '" + java + "' \"$fast\" -cp '"
                        + System.getProperty("java.class.path") + "' ai.mpnas.cli.Main \"$@\" "
                        + extraArguments + "\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        return launcher;
    }
}
