package ai.mpnas.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static final String ARCH =
            "{\"code\":\"skip-e6k5w4a8\",\"blocks\":[{\"skip\":true},{\"m\":6,\"k\":5,\"wbits\":4,\"abits\":8}],"
                    + "\"cost\":{\"energy_nJ\":123456.0,\"latency_ms\":0.25,\"latency_cycles\":125000},"
                    + "\"budget\":{\"energy_nJ\":150000.0,\"given\":\"0.5\"},"
                    + "\"bitfusion\":{\"model\":\"apq\",\"depthwise\":\"grouped\",\"batch\":1}}";

    @Test
    void paretoFrontKeepsOnlyUnbeatenPoints() {
        List<double[]> front =
                SweepReport.paretoFront(
                        List.of(new double[] {3, 0.9}, new double[] {1, 0.7}, new double[] {2, 0.6},
                                new double[] {4, 0.85}, new double[] {2, 0.8}));
        assertEquals(3, front.size());
        assertArrayEquals(new double[] {1, 0.7}, front.get(0));
        assertArrayEquals(new double[] {2, 0.8}, front.get(1));
        assertArrayEquals(new double[] {3, 0.9}, front.get(2));
    }

    @Test
    void sweepReportDrawsBothFronts(@TempDir Path sweep) throws Exception {
        Path run = sweep.resolve("search-b0.5-s1");
        Files.createDirectories(run);
        Files.writeString(run.resolve("architecture.json"), ARCH);
        Files.writeString(sweep.resolve("sweep.json"),
                "{\"preset\":\"fashion-mnist\",\"reference_8bit_energy_nJ\":300000,\"points\":["
                        + point("search", 0.88, 120000, 0.2, run)
                        + "," + point("uniform-4bit", 0.87, 170000, 0.3, sweep.resolve("u4"))
                        + "," + point("random", 0.84, 140000, 0.25, sweep.resolve("r")) + "]}");
        String page = Files.readString(SweepReport.write(sweep));
        assertImagesExist(sweep, page, 2);
        assertTrue(page.contains("uniform-4bit") && page.contains("search-b0.5-s1/report.html"), page);
        assertTrue(Files.exists(run.resolve("report.html")));
    }

    @Test
    void directoriesWithoutResultsAreRejected(@TempDir Path dir) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SweepReport.write(dir));
        assertTrue(e.getMessage().contains("sweep.json"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunReport.write(dir));
        assertTrue(e.getMessage().contains("architecture.json"), e.getMessage());
    }

    private static String point(String kind, double top1, double energy, double latency, Path dir) {
        return String.format(java.util.Locale.ROOT,
                "{\"kind\":\"%s\",\"budget\":\"0.5\",\"seed\":1,\"top1\":%f,\"energy_nJ\":%f,"
                        + "\"latency_ms\":%f,\"energy_vs_8bit\":0.4,\"architecture\":\"x\",\"dir\":\"%s\"}",
                kind, top1, energy, latency, dir.toString().replace("\\", "/"));
    }

    static void assertImagesExist(Path dir, String page, int expected) throws Exception {
        Matcher m = Pattern.compile("<img src=\"([^\"]+)\"").matcher(page);
        int n = 0;
        while (m.find()) {
            Path img = dir.resolve(m.group(1));
            assertTrue(Files.exists(img), img.toString());
            assertNotNull(ImageIO.read(img.toFile()), img.toString());
            n++;
        }
        assertEquals(expected, n);
    }
}
