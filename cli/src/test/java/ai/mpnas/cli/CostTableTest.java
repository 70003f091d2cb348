package ai.mpnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.mpnas.bitfusion.AcceleratorConfig;
import ai.mpnas.bitfusion.BitModes;
import ai.mpnas.bitfusion.CostCalculator;
import ai.mpnas.bitfusion.CostModelKind;
import ai.mpnas.bitfusion.DepthwiseMode;
import ai.mpnas.bitfusion.Layer;
import ai.mpnas.bitfusion.LayerCost;
import ai.mpnas.bitfusion.LayersJson;
import ai.mpnas.bitfusion.NetworkCost;
import ai.mpnas.bitfusion.Units;
import ai.mpnas.search.RunFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code cost}'s table is padded by hand, not with printf (issue 19: a fresh JVM's printf took
 * longer than the pricing); printf's own output is the reference it must equal.
 */
class CostTableTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The original simulator's cases, kept with the bitfusion module's tests. */
    private static final Path REFERENCE =
            Path.of("..", "bitfusion", "src", "test", "resources", "ai", "mpnas", "bitfusion",
                    "reference-public.json");

    @ParameterizedTest
    @ValueSource(strings = {"original", "apq"})
    void theTableIsWhatPrintfPrinted(String model, @TempDir Path dir) throws Exception {
        ArrayNode layers = MAPPER.createArrayNode();
        for (JsonNode c : MAPPER.readTree(REFERENCE.toFile()).get("cases")) {
            if (c.get("wbits").asInt() <= 8 && c.get("abits").asInt() <= 8) {
                layers.add(c);
            }
        }
        Path file = dir.resolve("layers.json");
        Files.writeString(file, layers.toString());
        CliRun run = CliRun.of("cost", "--layers", file.toString(), "--model", model);
        assertEquals(0, run.exitCode(), run.err());

        List<Layer> parsed = LayersJson.read(file);
        CostCalculator calculator =
                RunFiles.Pricing.of(
                                CostModelKind.fromJsonName(model),
                                DepthwiseMode.GROUPED,
                                BitModes.CHEAPEST,
                                AcceleratorConfig.bitFusion45nm(),
                                1)
                        .calculator();
        NetworkCost net = calculator.costNetwork(parsed);
        assertEquals(model.equals("apq"), net.extrapolated(), "both table endings are covered");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            names.add(parsed.get(i).type().jsonName() + " " + i);
        }
        assertEquals(printfTable(names, net), run.out());
    }

    @Test
    void oneDecimalIsPrintfsPointOneF() {
        Random random = new Random(19);
        List<Double> values = new ArrayList<>();
        for (double exact : new double[] {0, 0.05, 0.15, 0.25, 0.35, 0.45, 2.675, 99.95, 100}) {
            values.add(exact);
        }
        for (int i = 0; i < 100_000; i++) {
            // near the rounding boundaries of one decimal, and anything from 1e-9 to 1e12
            values.add(random.nextInt(20_000) / 20.0 + (random.nextInt(3) - 1) * 1e-12);
            values.add(Math.pow(10, -9 + 21 * random.nextDouble()));
            values.add(100.0 * random.nextInt(1_000_000) / Math.max(1, random.nextInt(1_000_000)));
        }
        for (double v : values) {
            if (v >= 0) {
                assertEquals(String.format(Locale.ROOT, "%.1f", v), CostCommand.oneDecimal(v),
                        Double.toString(v));
            }
        }
    }

    @Test
    void paddedIsPrintfsWidth() {
        for (String text : new String[] {"", "a", "conv", "dwconv 12", "a much longer cell"}) {
            for (int width = 1; width <= 12; width++) {
                assertEquals(String.format("%" + width + "s", text),
                        CostCommand.padded(text, width));
                assertEquals(String.format("%-" + width + "s", text),
                        CostCommand.padded(text, -width));
            }
        }
        assertEquals("x", CostCommand.padded("x", 0));
    }

    /** The table as CostCommand printed it with printf before issue 19. */
    private static String printfTable(List<String> names, NetworkCost net) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.printf(Locale.ROOT, "%-22s %-7s %5s %5s %5s %3s %2s %5s %12s %7s %13s%n", "layer",
                "type", "HxW", "Cin", "Cout", "K", "s", "w/a", "cycles", "stall", "energy (uJ)");
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layers().get(i);
            LayerCost c = net.costs().get(i);
            out.printf(Locale.ROOT, "%-22s %-7s %5d %5d %5d %3d %2d %2d/%-2d %12d %6.1f%% %13s%s%n",
                    names.get(i), l.type().jsonName(), l.h(), l.cin(), l.cout(), l.k(),
                    l.stride(), l.wbits(), l.abits(), c.totalCycles(),
                    100.0 * c.memStallCycles() / Math.max(1, c.totalCycles()),
                    Units.microjoules(c.energyTotalNj()), c.extrapolated() ? " *" : "");
        }
        out.printf(Locale.ROOT, "total: %s, %s (%d cycles, %.1f%% stalled), weights %.1f KiB%n",
                Units.energy(net.energyTotalNj()), Units.latency(net.latencyMs()),
                net.totalCycles(), 100.0 * net.memStallCycles() / Math.max(1, net.totalCycles()),
                net.modelSizeBits() / 8.0 / 1024);
        if (net.extrapolated()) {
            out.println("* extrapolated beyond the cost model's validated range (see README)");
        }
        out.flush();
        return text.toString();
    }
}
