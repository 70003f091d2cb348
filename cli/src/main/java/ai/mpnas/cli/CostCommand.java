package ai.mpnas.cli;

import ai.mpnas.bitfusion.CostCalculator;
import ai.mpnas.bitfusion.CostJson;
import ai.mpnas.bitfusion.Layer;
import ai.mpnas.bitfusion.LayerCost;
import ai.mpnas.bitfusion.LayerCostException;
import ai.mpnas.bitfusion.LayersJson;
import ai.mpnas.bitfusion.NetworkCost;
import ai.mpnas.bitfusion.Units;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.LayerGeometry;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.cost.BitFusionLayers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mpnas cost}: Bit Fusion energy and latency of layers, a preset or an architecture. */
@Command(
        name = "cost",
        mixinStandardHelpOptions = true,
        description = {
            "Price layers or a network on the Bit Fusion accelerator: cycles, latency, energy"
                    + " with its breakdown, per layer and in total.",
            "",
            "Examples:",
            "  mpnas cost --layers layers.json --model original --depthwise decomposed --json",
            "  mpnas cost --preset imagenet --bits 4",
            "  mpnas cost --arch runs/fmnist/architecture.json --model original --depthwise dense"
        })
final class CostCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The table's column widths; a negative width left-aligns its column. */
    private static final int[] COLUMNS = {-22, -7, 5, 5, 5, 3, 2, 5, 12, 7, 13};

    @Spec CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(
                names = "--layers",
                paramLabel = "FILE.json",
                description =
                        "A JSON array of layers: layer_type (conv|dwconv|fc), H, W, Cin, Cout, K,"
                                + " stride, padding, groups, wbits, abits, optional batch (default"
                                + " --batch) and im2col; the layers of an architecture.json work"
                                + " as they are.")
        Path layers;

        @Option(
                names = "--preset",
                paramLabel = "PRESET",
                description =
                        "A search space preset (imagenet, cifar, fashion-mnist): its reference"
                                + " network (largest expansion, smallest kernel, no skips).")
        String preset;

        @Option(
                names = "--arch",
                paramLabel = "architecture.json",
                description = "An architecture file, e.g. the result of a search.")
        Path arch;
    }

    @Option(
            names = "--bits",
            defaultValue = "8",
            paramLabel = "B",
            description = "With --preset: the uniform bits of the searchable blocks. Default: 8.")
    int bits;

    @Option(
            names = "--batch",
            defaultValue = "1",
            paramLabel = "N",
            description =
                    "The batch size to price (with --layers: of layers that give none). Default:"
                            + " 1.")
    int batch;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Mixin CostModelOptions costModel;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch " + batch + ": allowed >= 1");
        }
        BitWidths.check("--bits", bits);
        CostCalculator calculator = costModel.calculator();
        PrintWriter out = spec.commandLine().getOut();
        if (source.layers != null) {
            List<Layer> layers = LayersJson.read(source.layers, batch);
            List<LayerCost> costs = costAll(calculator, layers, source.layers.toString());
            if (json) {
                ArrayNode array = MAPPER.createArrayNode();
                for (int i = 0; i < costs.size(); i++) {
                    array.add(CostJson.toJson(costs.get(i), i));
                }
                out.println(MAPPER.writeValueAsString(array));
            } else {
                List<String> names = new ArrayList<>();
                for (int i = 0; i < layers.size(); i++) {
                    names.add(layers.get(i).type().jsonName() + " " + i);
                }
                printTable(out, names, NetworkCost.of(calculator.model(), layers, costs));
            }
            return ExitCodes.OK;
        }
        Architecture arch;
        if (source.preset != null) {
            arch = SearchSpace.preset(source.preset).reference(bits);
        } else {
            arch = Architecture.load(source.arch);
        }
        List<LayerGeometry> geometry = arch.layers();
        List<Layer> layers = geometry.stream().map(g -> BitFusionLayers.of(g, batch)).toList();
        String where = source.arch != null ? source.arch.toString() : "preset " + source.preset;
        NetworkCost net =
                NetworkCost.of(calculator.model(), layers, costAll(calculator, layers, where));
        List<String> names = geometry.stream().map(LayerGeometry::name).toList();
        if (json) {
            out.println(MAPPER.writeValueAsString(networkJson(arch, names, net)));
        } else {
            printTable(out, names, net);
        }
        return ExitCodes.OK;
    }

    private ObjectNode networkJson(Architecture arch, List<String> names, NetworkCost net) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", CostJson.FORMAT);
        root.put("architecture", arch.code());
        root.put("model", costModel.kind().jsonName());
        root.put("depthwise", costModel.depthwiseMode().jsonName());
        root.put("bit_modes", costModel.bitModes().jsonName());
        root.put("batch", batch);
        ArrayNode layers = root.putArray("layers");
        for (int i = 0; i < net.layers().size(); i++) {
            ObjectNode layer = LayersJson.toJson(net.layers().get(i));
            layer.put("name", names.get(i));
            layer.setAll(CostJson.toJson(net.costs().get(i), i));
            layers.add(layer);
        }
        ObjectNode total = root.putObject("total");
        total.put("energy_nJ", net.energyTotalNj());
        total.put("latency_cycles", net.totalCycles());
        total.put("latency_ms", net.latencyMs());
        total.put("compute_cycles", net.computeCycles());
        total.put("mem_stall_cycles", net.memStallCycles());
        total.put("model_size_bits", net.modelSizeBits());
        total.put("extrapolated", net.extrapolated());
        return root;
    }

    private static List<LayerCost> costAll(
            CostCalculator calculator, List<Layer> layers, String source) {
        try {
            return calculator.costAll(layers);
        } catch (LayerCostException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static void printTable(PrintWriter out, List<String> names, NetworkCost net) {
        out.println(
                row("layer", "type", "HxW", "Cin", "Cout", "K", "s", "w/a", "cycles", "stall",
                        "energy (uJ)"));
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layers().get(i);
            LayerCost c = net.costs().get(i);
            String bits =
                    padded(Integer.toString(l.wbits()), 2)
                            .concat("/")
                            .concat(padded(Integer.toString(l.abits()), -2));
            String stall = padded(oneDecimal(percent(c.memStallCycles(), c.totalCycles())), 6);
            out.print(
                    row(names.get(i), l.type().jsonName(), Integer.toString(l.h()),
                            Integer.toString(l.cin()), Integer.toString(l.cout()),
                            Integer.toString(l.k()), Integer.toString(l.stride()), bits,
                            Long.toString(c.totalCycles()), stall.concat("%"),
                            Units.microjoules(c.energyTotalNj())));
            out.println(c.extrapolated() ? " *" : "");
        }
        out.println(
                "total: " + Units.energy(net.energyTotalNj())
                        + ", " + Units.latency(net.latencyMs())
                        + " (" + net.totalCycles() + " cycles, "
                        + oneDecimal(percent(net.memStallCycles(), net.totalCycles()))
                        + "% stalled), weights " + oneDecimal(net.modelSizeBits() / 8.0 / 1024)
                        + " KiB");
        if (net.extrapolated()) {
            out.println("* extrapolated beyond the cost model's validated range (see README)");
        }
    }

    private static double percent(long part, long whole) {
        return 100.0 * part / Math.max(1, whole);
    }

    /**
     * Returns a row of the table: the cells padded to {@link #COLUMNS}, one space apart. The
     * table is padded here rather than with printf: in a fresh JVM, Formatter parsing a format
     * string for every row took longer than pricing the layers (issue 19, a cold `cost --layers`).
     */
    private static String row(String... cells) {
        StringBuilder line = new StringBuilder(128);
        for (int i = 0; i < cells.length; i++) {
            line.append(i == 0 ? "" : " ").append(padded(cells[i], COLUMNS[i]));
        }
        return line.toString();
    }

    /**
     * Pads text with spaces to |width| characters, as printf's {@code %Ns}: on the left, or on
     * the right when width is negative ({@code %-Ns}); longer text is kept whole.
     */
    static String padded(String text, int width) {
        String spaces = " ".repeat(Math.max(0, Math.abs(width) - text.length()));
        return width < 0 ? text.concat(spaces) : spaces.concat(text);
    }

    /**
     * Formats a finite value {@code >= 0} as printf's {@code %.1f} does under {@link Locale#ROOT}:
     * its shortest decimal representation rounded half up to one decimal.
     */
    static String oneDecimal(double value) {
        return new BigDecimal(Double.toString(value))
                .setScale(1, RoundingMode.HALF_UP)
                .toPlainString();
    }
}
