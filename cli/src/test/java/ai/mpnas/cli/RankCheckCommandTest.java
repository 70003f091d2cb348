package ai.mpnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.search.RankCheckReport;
import ai.mpnas.search.derive.KendallTau;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mpnas rank-check} end to end on the fixture, after a tiny search. */
class RankCheckCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String FIXTURE = Path.of("..", "fixtures", "fashion-mnist").toString();
    /**
     * The search's data options, which the check repeats: the validation split is a tenth of the
     * fixture's 4,000 images, and 800 of the rest train.
     */
    private static final List<String> DATA = List.of("--data-dir", FIXTURE, "--train-limit", "800");

    private static CliRun cli(List<String> data, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(data);
        all.add("--no-progress");
        return CliRun.of(all.toArray(String[]::new));
    }

    /**
     * The architectures spread over [cheapest, budget] cheapest first, each scored with both
     * settings and trained on the validation split; the taus are those of the saved numbers; a
     * rerun keeps every trained architecture and another plan in the same directory is refused.
     */
    @Test
    void scoresTrainsAndResumesPerArchitecture(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        CliRun search = cli(DATA, "search", "--epochs", "2", "--warmup-epochs", "1",
                "--steps-per-epoch", "4", "--energy-budget", "0.6", "--out", run.toString());
        assertEquals(0, search.exitCode(), search.err());
        String[] check = {"rank-check", "--run", run.toString(), "--architectures", "3",
            "--epochs", "1", "--recalibration-images", "300,0"};
        CliRun first = cli(DATA, check);
        assertEquals(0, first.exitCode(), first.err());
        Path out = run.resolve("rank-check");
        JsonNode json = MAPPER.readTree(out.resolve(RankCheckReport.FILE).toFile());
        assertTrue(json.get("complete").asBoolean(), json.toString());
        assertEquals(400, json.at("/plan/training/validation_images").asInt());
        assertEquals(800, json.at("/plan/training/train_images").asInt());
        double cheapest = json.at("/plan/cheapest_nJ").asDouble();
        double budget = json.at("/plan/budget_nJ").asDouble();
        JsonNode architectures = json.get("architectures");
        assertEquals(3, architectures.size());
        double[][] supernet = new double[2][3];
        double[] loss = new double[3];
        double[] error = new double[3];
        for (int i = 0; i < 3; i++) {
            JsonNode a = architectures.get(i);
            double e = a.get("energy_nJ").asDouble();
            double width = (budget - cheapest) / 3;
            assertTrue(e >= cheapest + i * width && e <= cheapest + (i + 1) * width, a.toString());
            JsonNode kept = MAPPER.readTree(
                    out.resolve("arch-" + i).resolve("validation.json").toFile());
            assertEquals(a.get("architecture"), kept.get("architecture"));
            assertEquals(400, kept.at("/training/validation_images").asInt());
            loss[i] = a.at("/trained/validation_loss").asDouble();
            error[i] = -a.at("/trained/validation_top1").asDouble();
            assertEquals(kept.get("validation_loss").asDouble(), loss[i]);
            for (int s = 0; s < 2; s++) {
                supernet[s][i] = a.at("/supernet/" + s + "/val_loss").asDouble();
            }
            assertEquals(300, a.at("/supernet/0/recalibration_images").asInt());
        }
        for (int s = 0; s < 2; s++) {
            JsonNode tau = json.at("/kendall_tau_b/" + s);
            assertEquals(KendallTau.tauB(supernet[s], loss), tau.get("vs_trained_loss").asDouble(),
                    1e-12, tau.toString());
            assertEquals(KendallTau.tauB(supernet[s], error),
                    tau.get("vs_trained_top1").asDouble(), 1e-12, tau.toString());
        }
        assertTrue(first.out().contains("Kendall tau-b, r300, 3 architectures"), first.out());

        Path kept = out.resolve("arch-1").resolve("validation.json");
        FileTime written = Files.getLastModifiedTime(kept);
        CliRun again = cli(DATA, check);
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(written, Files.getLastModifiedTime(kept), "retrained a finished one");
        // the same scores (recomputed from the checkpoint) and trained results
        JsonNode rerun = MAPPER.readTree(out.resolve(RankCheckReport.FILE).toFile());
        assertEquals(architectures, rerun.get("architectures"));
        for (int s = 0; s < 2; s++) {
            assertEquals(json.at("/kendall_tau_b/" + s + "/vs_trained_loss"),
                    rerun.at("/kendall_tau_b/" + s + "/vs_trained_loss"));
        }

        CliRun other = cli(DATA, "rank-check", "--run", run.toString(), "--architectures", "4",
                "--epochs", "1");
        assertEquals(ExitCodes.BAD_INPUT, other.exitCode(), other.err());
        assertTrue(other.err().contains(RankCheckReport.FILE) && other.err().contains("--out"),
                other.err());
    }

    @Test
    void withoutAFinishedSearchSaysWhatIsMissing(@TempDir Path dir) {
        CliRun run = CliRun.of("rank-check", "--run", dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("architecture.json"), run.err());
    }

    @Test
    void badOptionsNameTheOptionAndWhatIsAllowedBeforeAnythingIsRead(@TempDir Path dir) {
        CliRun one = CliRun.of("rank-check", "--run", dir.toString(), "--architectures", "1");
        assertEquals(ExitCodes.BAD_INPUT, one.exitCode());
        assertTrue(one.err().contains("--architectures 1: allowed >= 2"), one.err());
        CliRun negative = CliRun.of("rank-check", "--run", dir.toString(),
                "--recalibration-images", "2000,-1");
        assertEquals(ExitCodes.BAD_INPUT, negative.exitCode());
        assertTrue(negative.err().contains("--recalibration-images [2000, -1]: allowed"),
                negative.err());
    }

    @Test
    void helpGivesExamples() {
        String help = CliRun.of("rank-check", "--help").out();
        assertTrue(help.contains("Examples:") && help.contains("mpnas rank-check --run"), help);
        assertTrue(help.contains("--recalibration-images=N[,N...]"), help);
    }
}
