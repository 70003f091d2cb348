package ai.mpnas.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The final policy ({@code policy.json}) as a heat map: one row per searchable block, one column
 * per value of each decision (skip, expansion m, kernel k, weight and activation bits), the cell
 * shaded by its probability and the derived network's choice outlined.
 */
final class PolicySection {

    /** The decisions of a block in the order they are read, with their column titles. */
    private static final Map<String, String> DECISIONS = orderedDecisions();

    private PolicySection() {}

    /**
     * Writes the section, if the run has a policy.
     *
     * @param page the page
     * @param run the run
     */
    static void write(Html page, RunDirectory run) {
        if (run.policy().isEmpty()) {
            return;
        }
        JsonNode blocks = run.policy().get().path("blocks");
        JsonNode chosen = run.architecture().path("blocks");
        if (!blocks.isArray() || blocks.isEmpty()) {
            run.note("policy.json has no blocks: the final policy is not shown.");
            return;
        }
        if (chosen.size() != blocks.size()) {
            run.note("policy.json has " + blocks.size() + " blocks but architecture.json "
                    + chosen.size() + ": the derived choices are not outlined.");
        }
        page.heading("Final policy");
        page.paragraph("The probability of each value of each decision in the final policy, per"
                + " searchable block (a decision fixed by the search, e.g. bits in an"
                + " architecture-only search or skip where a block changes shape, has a single"
                + " value at 1). Darker is more likely; outlined is the derived network's choice.");
        page.raw(heatMap(blocks, chosen.size() == blocks.size() ? chosen : null));
    }

    /**
     * Renders the heat map table.
     *
     * @param blocks the policy's blocks
     * @param chosen the architecture's blocks, or null to outline nothing
     * @return the HTML table
     */
    static String heatMap(JsonNode blocks, JsonNode chosen) {
        Map<String, List<Integer>> columns = new LinkedHashMap<>();
        for (String decision : DECISIONS.keySet()) {
            TreeSet<Integer> values = new TreeSet<>();
            for (JsonNode b : blocks) {
                b.path(decision).path("values").forEach(v -> values.add(v.asInt()));
            }
            columns.put(decision, new ArrayList<>(values));
        }
        StringBuilder sb = new StringBuilder("<table class=\"policy\"><thead><tr><th rowspan=\"2\">"
                + "block</th>");
        columns.forEach((d, values) -> sb.append("<th colspan=\"").append(values.size())
                .append("\">").append(Html.escape(DECISIONS.get(d))).append("</th>"));
        sb.append("</tr><tr>");
        columns.forEach((d, values) -> values.forEach(v ->
                sb.append("<th>").append(valueLabel(d, v)).append("</th>")));
        sb.append("</tr></thead><tbody>\n");
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            sb.append("<tr><th class=\"key\">").append(block.path("index").asInt(i))
                    .append("</th>");
            for (Map.Entry<String, List<Integer>> c : columns.entrySet()) {
                Integer pick = chosen == null ? null : chosenValue(chosen.get(i), c.getKey());
                for (int value : c.getValue()) {
                    sb.append(cell(block.path(c.getKey()), value, pick != null && pick == value));
                }
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody></table>\n").toString();
    }

    /** The derived network's value of a decision, or null where it has none (a skipped block). */
    static Integer chosenValue(JsonNode block, String decision) {
        boolean skip = block.path("skip").asBoolean(false);
        if (decision.equals("s")) {
            return skip ? 0 : 1;
        }
        return skip || !block.has(decision) ? null : block.get(decision).asInt();
    }

    private static String cell(JsonNode decision, int value, boolean chosen) {
        JsonNode values = decision.path("values");
        for (int j = 0; j < values.size(); j++) {
            if (values.get(j).asInt() == value) {
                double p = decision.path("probabilities").path(j).asDouble(Double.NaN);
                return "<td class=\"cell" + (chosen ? " chosen" : "") + "\" style=\""
                        + shade(p) + "\">" + String.format(Locale.ROOT, "%.2f", p) + "</td>";
            }
        }
        // the block was never offered this value (skip where the shape changes, fixed bits)
        return "<td class=\"cell none\">·</td>";
    }

    /** White at probability 0 to the report's blue at 1; white text on the dark half. */
    static String shade(double p) {
        double t = Double.isFinite(p) ? Math.max(0, Math.min(1, p)) : 0;
        int r = (int) Math.round(255 + t * (Charts.BLUE.getRed() - 255));
        int g = (int) Math.round(255 + t * (Charts.BLUE.getGreen() - 255));
        int b = (int) Math.round(255 + t * (Charts.BLUE.getBlue() - 255));
        return String.format(Locale.ROOT, "background:#%02x%02x%02x;color:%s", r, g, b,
                t > 0.55 ? "#fff" : "#222");
    }

    private static String valueLabel(String decision, int value) {
        if (decision.equals("s")) {
            return value == 0 ? "skip" : "keep";
        }
        return Integer.toString(value);
    }

    private static Map<String, String> orderedDecisions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("s", "skip s");
        m.put("m", "expansion m");
        m.put("k", "kernel k");
        m.put("wbits", "weight bits");
        m.put("abits", "activation bits");
        return Collections.unmodifiableMap(m);
    }
}
