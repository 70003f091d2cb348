package ai.mpnas.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One point of the protocol's {@code table.json}: one contender at one budget and seed, trained,
 * evaluated on the whole test set and exported; or a contender that cannot meet the budget at all
 * ({@code infeasible}, with no accuracy, energy or model).
 *
 * @param budget the budget relative to the 8-bit reference network (a uniform contender's own
 *     energy relative to it)
 * @param budgetLabel the budget as given ({@code u4}, {@code 0.5}); {@code uN} for uniform-N
 * @param contender joint, bits-only, arch-only, random or uniform-N
 * @param seed the seed of every step of the point
 * @param architecture the architecture code, or null if infeasible
 * @param energyNj the Bit Fusion energy in nJ, or NaN if infeasible
 * @param energyVs8bit the energy relative to the 8-bit reference, or NaN if infeasible
 * @param top1 top-1 on the test set, or NaN if infeasible
 * @param onnx the exported model, relative to the table, or null if infeasible
 * @param infeasible whether the contender cannot meet the budget
 */
public record ProtocolRow(
        double budget,
        String budgetLabel,
        String contender,
        long seed,
        String architecture,
        double energyNj,
        double energyVs8bit,
        double top1,
        String onnx,
        boolean infeasible) {

    /** The contender every other one is compared with. */
    public static final String JOINT = "joint";

    /**
     * Returns an infeasible point.
     *
     * @param budget the relative budget
     * @param budgetLabel the budget as given
     * @param contender the contender
     * @param seed the seed
     * @return the row
     */
    public static ProtocolRow infeasible(double budget, String budgetLabel, String contender, long seed) {
        return new ProtocolRow(budget, budgetLabel, contender, seed, null, Double.NaN, Double.NaN,
                Double.NaN, null, true);
    }

    /**
     * Returns the row as a {@code table.json} object (NaN fields as null).
     *
     * @return the JSON object
     */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("budget", budget);
        n.put("budget_label", budgetLabel);
        n.put("contender", contender);
        n.put("seed", seed);
        n.put("architecture", architecture);
        number(n, "energy_nJ", energyNj);
        number(n, "energy_vs_8bit", energyVs8bit);
        number(n, "top1", top1);
        n.put("onnx", onnx);
        n.put("infeasible", infeasible);
        return n;
    }

    /**
     * Reads a row of {@code table.json}.
     *
     * @param n the JSON object
     * @param where the file and index, for messages
     * @return the row
     * @throws IllegalArgumentException naming the file and the missing field
     */
    public static ProtocolRow fromJson(JsonNode n, String where) {
        for (String field : new String[] {"budget", "budget_label", "contender", "seed"}) {
            if (!n.hasNonNull(field)) {
                throw new IllegalArgumentException(where + ": missing field '" + field + "'");
            }
        }
        boolean infeasible = n.path("infeasible").asBoolean(false);
        if (!infeasible && !n.hasNonNull("top1")) {
            throw new IllegalArgumentException(where + ": missing field 'top1' (allowed: absent only with \"infeasible\": true)");
        }
        return new ProtocolRow(n.get("budget").asDouble(), n.get("budget_label").asText(),
                n.get("contender").asText(), n.get("seed").asLong(), text(n, "architecture"),
                number(n, "energy_nJ"), number(n, "energy_vs_8bit"), number(n, "top1"), text(n, "onnx"), infeasible);
    }

    private static void number(ObjectNode n, String field, double value) {
        if (Double.isNaN(value)) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }

    private static double number(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asDouble() : Double.NaN;
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
