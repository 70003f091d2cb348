package ai.mpnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --baseline random} refuses choosing on the test set, in one line, exit 2. */
class TrainRandomOptionsTest {

    @Test
    void selectingOnTheTestSetIsBadInputSayingWhy(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("train", "--baseline", "random", "--select-on", "test",
                "--out", dir.resolve("rnd").toString(), "--no-progress");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.err());
        String err = run.err().strip();
        assertEquals(-1, err.indexOf('\n'), err);
        assertTrue(err.contains("--select-on test: refused") && err.contains("allowed: validation"),
                err);
    }
}
