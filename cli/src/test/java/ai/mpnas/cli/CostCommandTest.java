package ai.mpnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.bitfusion.AcceleratorConfig;
import ai.mpnas.bitfusion.BitModes;
import ai.mpnas.bitfusion.CostModelKind;
import ai.mpnas.bitfusion.DepthwiseMode;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.RunFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CostCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The original simulator's outputs, kept with the bitfusion module's tests. */
    private static final Path REFERENCE =
            Path.of("..", "bitfusion", "src", "test", "resources", "ai", "mpnas", "bitfusion",
                    "reference-public.json");

    private static final List<String> FIELDS =
            List.of("layer_type", "H", "W", "Cin", "Cout", "K", "stride", "padding", "groups",
                    "batch", "wbits", "abits", "im2col");

    @Test
    void everyReferenceCaseReproducesThroughTheCommandLine(@TempDir Path dir) throws Exception {
        JsonNode cases = MAPPER.readTree(REFERENCE.toFile()).get("cases");
        List<JsonNode> ok = new ArrayList<>();
        cases.forEach(c -> {
            if (!c.get("result").has("error")) {
                ok.add(c);
            }
        });
        for (String mode : List.of("decomposed", "dense")) {
            List<JsonNode> selected =
                    mode.equals("dense")
                            ? ok.stream().filter(c -> c.get("layer_type").asText().equals("dwconv")).toList()
                            : ok;
            ArrayNode layers = MAPPER.createArrayNode();
            for (JsonNode c : selected) {
                ObjectNode l = layers.addObject();
                FIELDS.forEach(f -> l.set(f, c.get(f)));
            }
            Path file = dir.resolve(mode + ".json");
            Files.writeString(file, layers.toString());
            CliRun run =
                    CliRun.of("cost", "--layers", file.toString(), "--model", "original",
                            "--depthwise", mode, "--bit-modes", "exact", "--json");
            assertEquals(0, run.exitCode(), run.err());
            JsonNode out = MAPPER.readTree(run.out());
            assertEquals(selected.size(), out.size());
            for (int i = 0; i < selected.size(); i++) {
                JsonNode expected =
                        mode.equals("dense")
                                ? selected.get(i).at("/alternatives/B_dense_as_is/result")
                                : selected.get(i).get("result");
                assertSameResult(expected, out.get(i), selected.get(i).get("id").asText());
            }
        }
    }

    private static void assertSameResult(JsonNode expected, JsonNode actual, String id) {
        for (String f : List.of("total_cycles", "compute_cycles", "mem_stall_cycles")) {
            assertEquals(expected.get(f).asLong(), actual.get(f).asLong(), id + " " + f);
        }
        for (Map.Entry<String, JsonNode> e : iterable(expected.get("bits"))) {
            assertEquals(e.getValue().asLong(), actual.at("/bits/" + e.getKey()).asLong(),
                    id + " bits." + e.getKey());
        }
        for (Map.Entry<String, JsonNode> e : iterable(expected.get("energy_nJ_components"))) {
            double v = e.getValue().asDouble();
            assertEquals(v, actual.at("/energy_nJ_components/" + e.getKey()).asDouble(),
                    1e-9 * Math.max(1, Math.abs(v)), id + " energy." + e.getKey());
        }
        double total = expected.get("energy_total_nJ").asDouble();
        assertEquals(total, actual.get("energy_total_nJ").asDouble(), 1e-9 * total, id);
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"colour\": 1}|layers[1].colour|unknown field",
                "{\"wbits\": null}|layers[1].wbits|",
                "{\"Cin\": -3}|layers[1].Cin|",
                "{\"wbits\": 16}|layers[1].wbits|1..8",
                "{\"abits\": 0}|layers[1].abits|1..8",
                "{\"layer_type\": \"pool\"}|layers[1].layer_type|conv",
                "{\"H\": 201, \"W\": 201, \"K\": 201, \"padding\": 0, \"Cin\": 1, \"Cout\": 1}|layer 1|tiling"
            })
    void badLayersGiveAOneLineErrorNamingTheLayerAndFieldWithExitCode2(
            String patch, String where, String allowed, @TempDir Path dir) throws Exception {
        ArrayNode layers = MAPPER.createArrayNode();
        layers.add(goodLayer());
        ObjectNode bad = goodLayer();
        JsonNode p = MAPPER.readTree(patch);
        p.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                bad.remove(e.getKey());
            } else {
                bad.set(e.getKey(), e.getValue());
            }
        });
        layers.add(bad);
        Path file = dir.resolve("layers.json");
        Files.writeString(file, layers.toString());
        CliRun run = CliRun.of("cost", "--layers", file.toString(), "--model", "original", "--json");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.err());
        String err = run.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains(file.toString()), err);
        assertTrue(err.contains(where), err);
        if (allowed != null) {
            assertTrue(err.contains(allowed), err);
        }
        assertEquals("", run.out());
    }

    private static ObjectNode goodLayer() {
        ObjectNode l = MAPPER.createObjectNode();
        l.put("layer_type", "conv").put("H", 14).put("W", 14).put("Cin", 384).put("Cout", 64)
                .put("K", 1).put("stride", 1).put("padding", 0).put("groups", 1).put("batch", 1)
                .put("wbits", 8).put("abits", 8);
        return l;
    }

    @Test
    void presetJsonHasLayersAndTotalsThatAddUp() throws Exception {
        CliRun run = CliRun.of("cost", "--preset", "imagenet", "--bits", "4", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode out = MAPPER.readTree(run.out());
        JsonNode layers = out.get("layers");
        int expectedLayers = SearchSpace.preset("imagenet").reference(4).layers().size();
        assertEquals(expectedLayers, layers.size());
        double energy = 0;
        long cycles = 0;
        for (JsonNode l : layers) {
            energy += l.get("energy_total_nJ").asDouble();
            cycles += l.get("total_cycles").asLong();
            assertTrue(l.has("name") && l.has("Cin") && l.has("wbits"), l.toString());
        }
        JsonNode total = out.get("total");
        assertEquals(energy, total.get("energy_nJ").asDouble(), 1e-9 * energy);
        assertEquals(cycles, total.get("latency_cycles").asLong());
        assertEquals(cycles / 5e5, total.get("latency_ms").asDouble(), 1e-9);
        assertEquals("original", out.get("model").asText());
        assertEquals("grouped", out.get("depthwise").asText());
        assertEquals("cheapest", out.get("bit_modes").asText());
    }

    @Test
    void layersOfAnArchitectureFileReproduceItsEnergy(@TempDir Path dir) throws Exception {
        Architecture arch =
                Architecture.fromCode(
                        SearchSpace.preset("fashion-mnist"),
                        "skip-e6k5w2a4-skip-e6k3w6a2-skip-e6k5w4a8");
        RunFiles.Pricing pricing =
                RunFiles.Pricing.of(
                        CostModelKind.ORIGINAL,
                        DepthwiseMode.GROUPED,
                        BitModes.CHEAPEST,
                        AcceleratorConfig.bitFusion45nm(),
                        1);
        RunFiles.writeArchitecture(dir, arch, pricing, "test");
        JsonNode written = MAPPER.readTree(dir.resolve("architecture.json").toFile());
        assertEquals("cheapest", written.at("/bitfusion/bit_modes").asText());
        Path layers = dir.resolve("layers.json");
        Files.writeString(layers, written.get("layers").toString());
        double energy = written.at("/cost/energy_nJ").asDouble();
        CliRun fromLayers = CliRun.of("cost", "--layers", layers.toString(), "--json");
        assertEquals(0, fromLayers.exitCode(), fromLayers.err());
        double sum = 0;
        for (JsonNode l : MAPPER.readTree(fromLayers.out())) {
            sum += l.get("energy_total_nJ").asDouble();
            assertTrue(l.get("run_wbits").asInt() >= 2, l.toString());
        }
        assertEquals(energy, sum);
        assertEquals(energy, totalEnergy("--arch", dir.resolve("architecture.json").toString()));
    }

    @Test
    void fewerBitsCostLessEnergy() throws Exception {
        double e8 = totalEnergy("--preset", "imagenet", "--bits", "8");
        double e4 = totalEnergy("--preset", "imagenet", "--bits", "4");
        assertTrue(e4 < e8, e4 + " < " + e8);
    }

    private static double totalEnergy(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("cost"));
        all.addAll(List.of(args));
        all.add("--json");
        CliRun run = CliRun.of(all.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        return MAPPER.readTree(run.out()).at("/total/energy_nJ").asDouble();
    }

    @Test
    void tableShowsTotalsInMicrojoulesAndMilliseconds() {
        CliRun run = CliRun.of("cost", "--preset", "fashion-mnist");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("stem.conv"), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("total: [0-9.]+ uJ, [0-9.]+ ms \\(.*")
                && l.contains(" ms (") && l.contains("stalled")), run.out());
    }

    @Test
    void unknownPresetAndModelAreBadInput() {
        CliRun preset = CliRun.of("cost", "--preset", "mnist");
        assertEquals(ExitCodes.BAD_INPUT, preset.exitCode());
        assertTrue(preset.err().contains("fashion-mnist"), preset.err());
        CliRun model = CliRun.of("cost", "--preset", "cifar", "--model", "eyeriss");
        assertEquals(ExitCodes.BAD_INPUT, model.exitCode());
        assertTrue(model.err().contains("original") && model.err().contains("apq"), model.err());
    }

    @Test
    void everySubcommandHasHelp() {
        for (String[] args : new String[][] {{"--help"}, {"cost", "--help"}, {"bench", "--help"},
                {"bench", "bitfusion", "--help"}, {"bench", "cold-cost", "--help"}, {"bench", "supernet", "--help"}, {"bench", "export", "--help"}, {"bench", "all", "--help"}, {"search", "--help"}, {"train", "--help"}, {"export", "--help"}, {"demo", "--help"}, {"sweep", "--help"}, {"report", "--help"}, {"publish", "--help"}, {"zoo", "--help"}, {"zoo", "list", "--help"}, {"zoo", "pick", "--help"}}) {
            CliRun run = CliRun.of(args);
            assertEquals(0, run.exitCode(), String.join(" ", args));
            assertTrue(run.out().startsWith("Usage: mpnas"), run.out());
        }
    }
}
