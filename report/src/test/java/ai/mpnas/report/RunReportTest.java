package ai.mpnas.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {

    /** One complete run, written once: its page is read by most tests. */
    @TempDir static Path complete;

    private static String html;

    private static final List<String> SECTIONS = List.of("Summary", "Energy",
            "Per-block choices and bit widths", "Search", "Final policy", "Derivation",
            "Training from scratch");

    @BeforeAll
    static void writeTheCompleteRun() throws Exception {
        RunFixture.writeAll(complete);
        html = Files.readString(RunReport.write(complete, dir -> RunFixture.ENERGIES));
    }

    @Test
    void aCompleteRunHasEverySectionAndNoNotes() throws Exception {
        for (String section : SECTIONS) {
            assertTrue(html.contains(">" + section + "</h2>"), section);
        }
        assertFalse(html.contains("Not on this html"), html);
        // blocks, energy totals and per layer, cost, loss, accuracy, schedules, derivation
        ReportTest.assertImagesExist(complete, html, 8);
        assertTrue(Files.readString(complete.resolve("report/cost.svg")).contains("<svg"));
        assertFalse(html.contains("<th></th>"), "an empty header cell");
    }

    @Test
    void theSummaryGivesEveryFigureWithItsUnit() {
        assertTrue(html.contains("<th class=\"key\" scope=\"row\">energy per image</th>"
                + "<td class=\"text\">123.5 uJ (0.4115 of the uniform 8-bit reference network)"),
                html);
        // 123456 / 150000 = 0.82304
        assertTrue(html.contains("u4: the reference network's energy at uniform 4 bits, 150.0 uJ;"
                + " the network uses 82.3 % of it"), html);
        assertTrue(html.contains("0.2500 ms (125000 cycles)"), html);
        assertTrue(html.contains("86.97 % of 10000 test images (fashion-mnist)"), html);
        assertTrue(html.contains("23.81 KiB"), html);
    }

    @Test
    void theCurvesAverageTheStatedNumberOfSteps() {
        // 40 steps: a twentieth is 2; warm-up is steps 1-10
        assertTrue(html.contains("the mean of the last 2 values"), html);
        assertTrue(html.contains("the end of warm-up (step 11)"), html);
    }

    @Test
    void thePolicyOutlinesTheDerivedChoices() {
        // block 0 is skipped (only "skip" is its choice); block 1 keeps m 6, k 5, w 4, a 8
        assertEquals(6, count(html, "cell chosen"), html);
        assertTrue(html.contains("<td class=\"cell chosen\" style=\""
                + PolicySection.shade(0.73) + "\">0.73</td>"), html);
        assertTrue(html.contains("<td class=\"cell chosen\" style=\""
                + PolicySection.shade(0.6) + "\">0.60</td>"), html);
        // block 1 cannot be skipped: no cell for it
        assertEquals(1, count(html, "cell none"), html);
    }

    @Test
    void theDerivationTableMarksTheChosenCandidate() {
        Matcher row = Pattern.compile("<tr><td>1</td><td class=\"text\">skip-e6k5w4a8</td>"
                + "<td>123.5</td><td>1</td><td>-2.25</td><td>64</td><td class=\"text\">✓</td>")
                .matcher(html);
        assertTrue(row.find(), html);
        assertEquals(1, count(html, "✓"));
    }

    @Test
    void theEnergyTableShowsLayersTheFoundNetworkLacks() {
        assertTrue(html.contains("<td class=\"text\">block0.expand</td><td>—</td><td>—</td>"
                + "<td>19.00</td><td>—</td>"), html);
        assertTrue(html.contains("<td class=\"text\">block1.expand</td><td class=\"text\">w4a8"
                + "</td><td>40.00</td><td>90.00</td><td>0.4444</td>"), html);
        assertTrue(html.contains("<td class=\"text\">total</td><td></td><td>123.5</td>"
                + "<td>290.5</td>"), html);
    }

    @Test
    void absentFilesAreNamedNotFatal(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("architecture.json"), "{\"code\":\"e1k3w2a2\","
                + "\"blocks\":[{\"m\":1,\"k\":3,\"wbits\":2,\"abits\":2}],"
                + "\"cost\":{\"energy_nJ\":5000}}");
        String page = Files.readString(RunReport.write(run));
        for (String note : List.of(
                "metrics.json is absent: not trained yet ('mpnas train --run DIR'): no"
                        + " test accuracy.",
                "settings.json is absent: not written by a search (a baseline, or a run older"
                        + " than settings.json): the search settings are not shown.",
                "policy.json is absent: not written by a search (a baseline was never searched):"
                        + " no final policy.",
                "history.csv is absent: not written by a search (a baseline was never"
                        + " searched): no search curves.",
                "train-history.csv is absent: not trained yet, or trained before per-epoch"
                        + " training histories existed: no training table.",
                "architecture.json records no derivation candidates (a run older than the"
                        + " derivation record): no derivation chart.",
                "The energy per layer and against uniform networks: this report was written"
                        + " without a cost model ('mpnas report --run DIR' prices"
                        + " them).")) {
            assertTrue(page.contains("<li>" + note + "</li>"), note);
        }
        assertFalse(page.contains(">Search</h2>"));
        assertFalse(page.contains(">Energy</h2>"));
        ReportTest.assertImagesExist(run, page, 1);
    }

    @Test
    void aRunThatCannotBePricedSaysWhy(@TempDir Path run) throws Exception {
        RunFixture.writeAll(run);
        String page = Files.readString(RunReport.write(run, dir -> {
            throw new IllegalArgumentException("architecture.json: no search_space");
        }));
        assertTrue(page.contains("the run could not be priced (architecture.json: no"
                + " search_space)"), page);
        assertFalse(page.contains(">Energy</h2>"));
        ReportTest.assertImagesExist(run, page, 6);
    }

    @Test
    void anOlderHistoryDrawsWhatItHas(@TempDir Path run) throws Exception {
        RunFixture.writeAll(run);
        String older = "step,epoch,learning_rate,temperature,train_loss,train_acc,val_loss,"
                + "val_acc,sampled_cost,budget";
        Files.writeString(run.resolve("history.csv"), RunFixture.history(older, 40));
        String page = Files.readString(RunReport.write(run, dir -> RunFixture.ENERGIES));
        assertTrue(page.contains("history.csv has no 'expected_cost' column (written by an older"
                + " mpnas): that curve is not drawn."), page);
        assertFalse(page.contains("end of warm-up"), "no phase column, no warm-up mark");
        ReportTest.assertImagesExist(run, page, 8);
    }

    @Test
    void aMalformedFileIsNamed(@TempDir Path run) throws Exception {
        RunFixture.writeAll(run);
        Files.writeString(run.resolve("metrics.json"), "{\"top1\": 0.8,");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunReport.write(run, dir -> RunFixture.ENERGIES));
        assertTrue(e.getMessage().startsWith(run.resolve("metrics.json") + ": not valid JSON at"
                + " line 1"), e.getMessage());
        assertFalse(e.getMessage().contains("Source"), e.getMessage());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
