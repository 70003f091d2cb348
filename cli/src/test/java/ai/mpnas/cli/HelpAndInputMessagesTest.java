package ai.mpnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** What a new user reads: help that names what each option takes, one-line errors that say why. */
class HelpAndInputMessagesTest {

    @Test
    void everyOptionThatTakesAValueNamesItInTheHelp() {
        List<String> placeholders = new ArrayList<>();
        collect(Main.newCommandLine(), placeholders);
        assertEquals(List.of(), placeholders, "options shown as picocli's <fieldName>");
    }

    private static void collect(CommandLine cmd, List<String> placeholders) {
        CommandSpec spec = cmd.getCommandSpec();
        for (OptionSpec o : spec.options()) {
            if (o.arity().max() > 0 && o.paramLabel().startsWith("<")) {
                placeholders.add(spec.qualifiedName() + " " + o.longestName() + " "
                        + o.paramLabel());
            }
        }
        cmd.getSubcommands().values().forEach(sub -> collect(sub, placeholders));
    }

    @Test
    void trainExamplesStayIndentedWithinTheWidth() {
        CliRun help = CliRun.of("train", "--help");
        List<String> lines = help.out().lines().toList();
        int start = lines.indexOf("Examples:");
        assertTrue(start >= 0, help.out());
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.isBlank() || line.startsWith("Usage") || !line.startsWith(" ")
                    && line.contains(":") && line.endsWith(":")) {
                break;
            }
            assertTrue(line.startsWith("  "), "wrapped to column 0: '" + line + "'");
            assertTrue(line.length() <= 80, "longer than the help's width: '" + line + "'");
        }
    }

    @Test
    void benchHelpGivesTheTableSize() {
        String help = CliRun.of("bench", "bitfusion", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("(8,449 layers)"), help);
    }

    @Test
    void publishNamesTheArtifactVersionAndKeepsTheOldName() {
        String help = CliRun.of("publish", "--help").out();
        assertTrue(help.contains("--artifact-version=V"), help);
        assertFalse(help.contains("--version"), "the old name is a hidden alias: " + help);
        CliRun old = CliRun.of("publish", "--run", "no-such-run", "--zoo", "z", "--version", "2");
        assertFalse(old.err().contains("Unknown option"), old.err());
    }

    @Test
    void zooWithoutASubcommandPrintsUsageAndIsBadInput() {
        CliRun zoo = CliRun.of("zoo");
        assertEquals(ExitCodes.BAD_INPUT, zoo.exitCode());
        assertTrue(zoo.err().startsWith("mpnas zoo: missing subcommand; allowed: list, pick,"
                + " verify"), zoo.err());
        assertTrue(zoo.err().contains("Usage: mpnas zoo"), zoo.err());
    }

    @Test
    void anEmptyLayersArrayIsBadInput(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("layers.json"), "[]");
        assertOneLine(CliRun.of("cost", "--layers", file.toString()),
                "mpnas cost: " + file + ": layers: empty; at least one layer");
    }

    @Test
    void anEmptyFileSaysEmpty(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("layers.json"), "");
        assertOneLine(CliRun.of("cost", "--layers", file.toString()), "mpnas cost: " + file
                + ": empty");
        Path arch = Files.writeString(dir.resolve("architecture.json"), "\n");
        assertOneLine(CliRun.of("cost", "--arch", arch.toString()), "mpnas cost: " + arch
                + ": empty");
    }

    @Test
    void malformedJsonNamesFileLineAndColumnWithoutJacksonsSource(@TempDir Path dir)
            throws Exception {
        Path layers = Files.writeString(dir.resolve("layers.json"), "[\n  {\"H\": 3,,}\n]");
        CliRun run = CliRun.of("cost", "--layers", layers.toString());
        assertOneLine(run, null);
        assertTrue(run.err().startsWith("mpnas cost: " + layers + ": line 2, column "),
                run.err());
        Path arch = Files.writeString(dir.resolve("architecture.json"), "{\"blocks\": [");
        CliRun archRun = CliRun.of("cost", "--arch", arch.toString());
        assertOneLine(archRun, null);
        assertTrue(archRun.err().startsWith("mpnas cost: " + arch + ": line 1, column "),
                archRun.err());
    }

    @Test
    void aFileReadStraightIntoATreeIsReportedTheSameWay(@TempDir Path run) throws Exception {
        // publish reads metrics.json with Jackson directly: the error reporter strips the source
        Files.createDirectories(run.resolve("export/onnx"));
        Files.writeString(run.resolve("export/onnx/model.onnx"), "stand-in");
        Path metrics = Files.writeString(run.resolve("metrics.json"), "{\"top1\": }");
        CliRun publish = CliRun.of("publish", "--run", run.toString(), "--zoo",
                run.resolve("zoo").toString());
        assertOneLine(publish, null);
        assertTrue(publish.err().startsWith("mpnas publish: " + metrics + ": line 1, column "),
                publish.err());
    }

    @Test
    void bitsOutsideTheSupportedWidthsAreRefusedAlike() {
        for (String bits : new String[] {"0", "3", "16"}) {
            assertOneLine(CliRun.of("cost", "--preset", "fashion-mnist", "--bits", bits),
                    "mpnas cost: --bits " + bits + ": allowed 2, 4, 6, 8 (the widths of the"
                            + " search space and of Bit Fusion)");
        }
        assertOneLine(CliRun.of("train", "--baseline", "uniform", "--bits", "3", "--out",
                        "unused"),
                "mpnas train: --bits 3: allowed 2, 4, 6, 8 (the widths of the search space and of"
                        + " Bit Fusion)");
        assertEquals(ExitCodes.OK,
                CliRun.of("cost", "--preset", "fashion-mnist", "--bits", "6").exitCode());
    }

    /** Exit code 2 and one line on standard error, equal to {@code expected} unless null. */
    private static void assertOneLine(CliRun run, String expected) {
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.err());
        String err = run.err().strip();
        assertEquals(-1, err.indexOf('\n'), err);
        assertFalse(err.contains("Source"), err);
        if (expected != null) {
            assertEquals(expected, err);
        }
    }
}
