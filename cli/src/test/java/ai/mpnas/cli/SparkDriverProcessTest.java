package ai.mpnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep --spark} from the mpnas classpath, which never holds Spark. */
class SparkDriverProcessTest {

    @Test
    void sparkIsNotOnTheMpnasClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.spark.SparkConf"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("scala.Predef"));
    }

    @Test
    void withoutTheSparkModulesClasspathTheSweepSaysHowToGetIt(@TempDir Path dir) {
        System.clearProperty(SparkDriverProcess.CLASSPATH_PROPERTY);
        CliRun run = CliRun.of("sweep", "--protocol", "--spark", "local[2]", "--out", dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.err().startsWith("mpnas sweep: --spark local[2]: the spark module's classpath is"
                + " unknown (system property mpnas.spark.classpath); run through ./mpnas"), run.err());
        assertTrue(Files.notExists(dir.resolve("points")), "nothing ran");
    }

    @Test
    void sparkAndThreadsNeedTheProtocol() {
        CliRun run = CliRun.of("sweep", "--spark", "local[2]");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals("mpnas sweep: --spark: runs the protocol's points in child JVMs only; add --protocol",
                run.err().trim());
        assertEquals(ExitCodes.BAD_INPUT, CliRun.of("sweep", "--protocol", "--threads", "0").exitCode());
    }

    @Test
    void theDriverGetsTheSweepsOptionsAsGiven() {
        ProtocolSetup setup = ProtocolSetup.parse(List.of("--budgets", "u2,u4", "--uniform-bits",
                "--no-progress", "--spark", "local[2]", "--data-dir", "fixtures/x", "--threads", "1"));
        assertEquals(List.of("--protocol", "--budgets", "u2,u4", "--uniform-bits", "--no-progress",
                "--spark", "local[2]", "--data-dir", "fixtures/x", "--threads", "1"), setup.arguments());
        assertEquals(List.of(), setup.plan().uniformBits());
        assertEquals(List.of("--data-dir", "fixtures/x"), setup.plan().recipe().dataOptions());
        assertEquals(ProtocolSetup.parse(setup.arguments()).arguments(), setup.arguments(), "a fixed point");
    }
}
