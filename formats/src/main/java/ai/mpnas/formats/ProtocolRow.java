package ai.mpnas.formats;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One point of the protocol's {@code table.json}: one contender at one budget and seed, trained,
 * evaluated on the whole test set and exported; or a contender that cannot meet the budget at all
 * ({@code infeasible}, with no accuracy, energy or model). The file is a JSON list of rows; an
 * unknown number is written as null.
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
@JsonPropertyOrder({
    "budget",
    "budget_label",
    "contender",
    "seed",
    "architecture",
    "energy_nJ",
    "energy_vs_8bit",
    "top1",
    "onnx",
    "infeasible"
})
public record ProtocolRow(
        @JsonProperty("budget") double budget,
        @JsonProperty("budget_label") String budgetLabel,
        @JsonProperty("contender") String contender,
        @JsonProperty("seed") long seed,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("energy_nJ") @JsonSerialize(using = NanAsNull.class)
                @JsonDeserialize(using = NullAsNan.class)
                double energyNj,
        @JsonProperty("energy_vs_8bit") @JsonSerialize(using = NanAsNull.class)
                @JsonDeserialize(using = NullAsNan.class)
                double energyVs8bit,
        @JsonProperty("top1") @JsonSerialize(using = NanAsNull.class)
                @JsonDeserialize(using = NullAsNan.class)
                double top1,
        @JsonProperty("onnx") String onnx,
        @JsonProperty("infeasible") boolean infeasible) {

    /** The contender every other one is compared with. */
    public static final String JOINT = "joint";

    private static final String[] REQUIRED = {"budget", "budget_label", "contender", "seed"};

    /**
     * Returns an infeasible point.
     *
     * @param budget the relative budget
     * @param budgetLabel the budget as given
     * @param contender the contender
     * @param seed the seed
     * @return the row
     */
    public static ProtocolRow infeasible(
            double budget, String budgetLabel, String contender, long seed) {
        return new ProtocolRow(budget, budgetLabel, contender, seed, null, Double.NaN, Double.NaN,
                Double.NaN, null, true);
    }

    /**
     * Reads a {@code table.json}.
     *
     * @param file the file
     * @return the rows, in file order
     * @throws IllegalArgumentException naming the file, the row and the missing or bad field
     * @throws IOException if the file cannot be read
     */
    public static List<ProtocolRow> readTable(Path file) throws IOException {
        JsonNode root = FormatJson.read(file, JsonNode.class);
        if (!root.isArray()) {
            throw new IllegalArgumentException(file + ": expected a JSON list of points");
        }
        List<ProtocolRow> rows = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            String where = file + "[" + i + "]";
            for (String field : REQUIRED) {
                if (!n.hasNonNull(field)) {
                    throw new IllegalArgumentException(
                            where + ": missing field '" + field + "'");
                }
            }
            if (!n.path("infeasible").asBoolean(false) && !n.hasNonNull("top1")) {
                throw new IllegalArgumentException(where + ": missing field 'top1' (allowed:"
                        + " absent only with \"infeasible\": true)");
            }
            try {
                rows.add(FormatJson.READER.treeToValue(n, ProtocolRow.class));
            } catch (JsonMappingException e) {
                e.prependPath(root, i);
                throw FormatJson.problem(file, e);
            }
        }
        return rows;
    }

    /**
     * Writes a {@code table.json} atomically.
     *
     * @param file the file
     * @param rows the rows, in table order
     * @throws IOException if it cannot be written
     */
    public static void writeTable(Path file, List<ProtocolRow> rows) throws IOException {
        FormatJson.write(file, rows);
    }

    /** Writes an unknown number (NaN) as null, as the table has always shown it. */
    static final class NanAsNull extends JsonSerializer<Double> {

        /** {@inheritDoc} */
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider serializers)
                throws IOException {
            if (value.isNaN()) {
                gen.writeNull();
            } else {
                gen.writeNumber(value);
            }
        }
    }

    /** Reads null, or an absent number, back as NaN. */
    static final class NullAsNan extends JsonDeserializer<Double> {

        /** {@inheritDoc} */
        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return ctxt.readValue(p, Double.class);
        }

        /** {@inheritDoc} */
        @Override
        public Double getNullValue(DeserializationContext ctxt) {
            return Double.NaN;
        }
    }
}
