package ai.mpnas.report;

import ai.mpnas.bitfusion.Units;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The summary table of a run report: one row per fact, each value with its unit. */
final class Summary {

    private Summary() {}

    /**
     * Returns the rows (name, value).
     *
     * @param run the run
     * @param energies the priced energies, if any
     * @return the rows
     */
    static List<List<String>> rows(RunDirectory run, Optional<RunEnergies> energies) {
        JsonNode arch = run.architecture();
        JsonNode cost = arch.path("cost");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("architecture", arch.path("code").asText()));
        if (cost.has("energy_nJ")) {
            double energy = cost.get("energy_nJ").asDouble();
            double vs8 = cost.has("energy_vs_8bit") ? cost.get("energy_vs_8bit").asDouble()
                    : energies.map(e -> energy / e.referenceNj()).orElse(Double.NaN);
            rows.add(List.of("energy per image", Units.energy(energy)
                    + (Double.isNaN(vs8) ? "" : " (" + AxisFormat.plain(vs8)
                            + " of the uniform 8-bit reference network)")));
        }
        if (cost.has("latency_ms")) {
            rows.add(List.of("latency per image", Units.latency(cost.get("latency_ms").asDouble())
                    + (cost.has("latency_cycles")
                            ? " (" + cost.get("latency_cycles").asLong() + " cycles)" : "")));
        }
        budget(run).ifPresent(b -> rows.add(List.of("budget", b)));
        run.metrics().ifPresent(m -> trained(rows, m));
        search(arch).ifPresent(s -> rows.add(List.of("search", s)));
        if (arch.at("/search/origin").isTextual()) {
            rows.add(List.of("origin", arch.at("/search/origin").asText()));
        }
        JsonNode bf = arch.path("bitfusion");
        rows.add(List.of("Bit Fusion pricing", joined(
                "model " + bf.path("model").asText("apq"),
                "depthwise " + bf.path("depthwise").asText("grouped"),
                "precision modes " + bf.path("bit_modes").asText("exact"),
                "batch " + bf.path("batch").asText("1"))));
        return rows;
    }

    /** E.g. "u2: the reference network's energy at uniform 2 bits, 148.4 uJ; 23.54 % used". */
    private static Optional<String> budget(RunDirectory run) {
        JsonNode b = run.architecture().path("budget");
        CostUnit unit = run.unit();
        if (!b.has(unit.budgetField())) {
            return Optional.empty();
        }
        double raw = b.get(unit.budgetField()).asDouble();
        String given = b.path("given").asText("");
        String meaning = given.matches("u\\d+")
                ? "the reference network's " + unit.quantity() + " at uniform "
                        + given.substring(1) + " bits"
                : given.matches("[0-9.]+")
                        ? given + " of the uniform 8-bit reference network's " + unit.quantity()
                        : "given as " + given;
        String text = given + ": " + meaning + ", " + unit.format(raw) + " " + unit.unit();
        JsonNode cost = run.architecture().path("cost");
        String costField = unit == CostUnit.ENERGY ? "energy_nJ" : "latency_cycles";
        if (cost.has(costField) && raw > 0) {
            text += "; the network uses " + AxisFormat.percent(cost.get(costField).asDouble() / raw)
                    + " % of it";
        }
        int repairs = b.path("repairs").asInt(0);
        return Optional.of(text + (repairs > 0 ? "; " + repairs + " repairs to fit it" : ""));
    }

    private static void trained(List<List<String>> rows, JsonNode m) {
        JsonNode t = m.path("training");
        rows.add(List.of("test top-1", AxisFormat.percent(m.path("top1").asDouble()) + " %"
                + (t.has("test_images") ? " of " + t.get("test_images").asInt() + " test images"
                        : "")
                + (m.has("dataset") ? " (" + m.get("dataset").asText() + ")" : "")));
        if (m.has("weight_bits_total")) {
            rows.add(List.of("weights", AxisFormat.plain(m.get("weight_bits_total").asDouble()
                    / 8 / 1024) + " KiB"));
        }
        if (t.isObject()) {
            rows.add(List.of("training", joined(
                    t.has("epochs") ? t.get("epochs").asInt() + " epochs" : null,
                    t.has("batch") ? "batch " + t.get("batch").asInt() : null,
                    t.has("learning_rate") ? "learning rate "
                            + AxisFormat.plain(t.get("learning_rate").asDouble()) : null,
                    t.has("seed") ? "seed " + t.get("seed").asText() : null,
                    t.has("origin") ? "from " + t.get("origin").asText() : null)));
        }
    }

    private static Optional<String> search(JsonNode arch) {
        JsonNode s = arch.path("search");
        if (!s.has("metric")) {
            return Optional.empty();
        }
        return Optional.of(joined(
                s.has("dataset") ? s.get("dataset").asText() : null,
                "on " + s.get("metric").asText(),
                s.has("estimator") ? "estimator " + s.get("estimator").asText() : null,
                s.at("/constraint/contender").isTextual()
                        ? "contender " + s.at("/constraint/contender").asText() : null,
                s.has("epochs") ? s.get("epochs").asInt() + " epochs" : null,
                s.has("seed") ? "seed " + s.get("seed").asText() : null));
    }

    private static String joined(String... parts) {
        return Stream.of(parts).filter(Objects::nonNull).collect(Collectors.joining(", "));
    }
}
