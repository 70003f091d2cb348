package ai.mpnas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.cli.ProtocolSetup;
import ai.mpnas.cli.sweep.ChildJvmRunner;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The Spark settings a sweep chooses, without starting Spark. */
class SparkSettingsTest {

    private static SparkConf conf(String... options) {
        return SparkSettings.conf(ProtocolSetup.parse(List.of(options)), Path.of("/shared/sweep"));
    }

    @Test
    void localMastersRetryFailedTasksLikeACluster() {
        assertEquals("local[2,4]", SparkSettings.withRetries("local[2]", 4, 1));
        assertEquals("local[1,3]", SparkSettings.withRetries("local", 3, 1));
        assertEquals("local[*,4]", SparkSettings.withRetries("local[*]", 4, 1));
        assertEquals("local[2,7]", SparkSettings.withRetries("local[2,7]", 4, 2), "given retries kept");
        assertEquals("spark://head:7077", SparkSettings.withRetries("spark://head:7077", 4, 8));
        assertEquals("yarn", SparkSettings.withRetries("yarn", 4, 8));
    }

    @Test
    void aPointsThreadsAreItsTaskCpus() {
        SparkConf conf = conf("--spark", "local[2]", "--threads", "2");
        assertEquals("2", conf.get("spark.task.cpus"));
        assertEquals("local[2,4]", conf.get("spark.master"));
        assertEquals("4", conf.get("spark.task.maxFailures"));
        assertEquals(2, SparkSettings.threads(conf));
        assertEquals("1", conf("--spark", "local[2]").get("spark.task.cpus"), "default: one core a point");
    }

    @Test
    void aLocalMasterWithFewerCoresThanAPointIsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conf("--spark", "local[2]", "--threads", "3"));
        assertEquals("--threads 3: more than the 2 core(s) of --spark local[2]; allowed at most 2", e.getMessage());
    }

    @Test
    void withoutAMasterTheDriverSaysHowToGiveOne() {
        System.clearProperty("spark.master");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conf("--seeds", "1"));
        assertTrue(e.getMessage().startsWith("no Spark master: give --spark MASTER"), e.getMessage());
    }

    @Test
    void theChildJvmIsLimitedToThePointsThreadsOnTheMpnasClasspath() {
        ChildJvmRunner runner = SparkSettings.childJvm("/opt/mpnas/lib/*", 3);
        List<String> command = runner.command(List.of("search", "--seed", "1"));
        assertEquals("/opt/mpnas/lib/*", command.get(command.indexOf("-cp") + 1));
        assertTrue(command.contains("-XX:ActiveProcessorCount=3"), command.toString());
        assertEquals("3", runner.environment().get("OMP_NUM_THREADS"));
        assertEquals(List.of("ai.mpnas.cli.sweep.FencedMain", "search", "--seed", "1"),
                command.subList(command.size() - 4, command.size()));
        assertEquals(System.getenv("LD_PRELOAD"), runner.environment().get("LD_PRELOAD"));
    }
}
