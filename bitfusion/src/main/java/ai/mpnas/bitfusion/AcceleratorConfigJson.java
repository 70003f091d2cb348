package ai.mpnas.bitfusion;

import ai.mpnas.formats.AtomicFiles;
import ai.mpnas.formats.JsonErrors;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes an {@link AcceleratorConfig} as JSON with snake_case field names. Every field is
 * required; an unknown field is an error. {@code format} is optional but must match if present.
 */
public final class AcceleratorConfigJson {

    /** The format tag written into every file. */
    public static final String FORMAT = "mpnas/accelerator-config@1";

    /** The fields, in file order. */
    public static final List<String> FIELDS =
            List.of(
                    "rows",
                    "cols",
                    "pmax",
                    "pmin",
                    "act_sram_bytes",
                    "wgt_sram_bytes",
                    "out_sram_bytes",
                    "dram_bits_per_cycle",
                    "frequency_hz",
                    "tech_nm",
                    "core_energy_per_cycle_nj",
                    "wbuf_read_nj_per_bit",
                    "wbuf_write_nj_per_bit",
                    "ibuf_read_nj_per_bit",
                    "ibuf_write_nj_per_bit",
                    "obuf_read_nj_per_bit",
                    "obuf_write_nj_per_bit",
                    "dram_nj_per_bit");

    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(SerializationFeature.INDENT_OUTPUT);

    private AcceleratorConfigJson() {}

    /**
     * Returns the configuration as a JSON object.
     *
     * @param c the configuration
     * @return the object, with {@code format} first
     */
    public static ObjectNode toJson(AcceleratorConfig c) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("format", FORMAT);
        node.put("rows", c.rows());
        node.put("cols", c.cols());
        node.put("pmax", c.pmax());
        node.put("pmin", c.pmin());
        node.put("act_sram_bytes", c.actSramBytes());
        node.put("wgt_sram_bytes", c.wgtSramBytes());
        node.put("out_sram_bytes", c.outSramBytes());
        node.put("dram_bits_per_cycle", c.dramBitsPerCycle());
        node.put("frequency_hz", c.frequencyHz());
        node.put("tech_nm", c.techNm());
        node.put("core_energy_per_cycle_nj", c.coreEnergyPerCycleNj());
        node.put("wbuf_read_nj_per_bit", c.wbufReadNjPerBit());
        node.put("wbuf_write_nj_per_bit", c.wbufWriteNjPerBit());
        node.put("ibuf_read_nj_per_bit", c.ibufReadNjPerBit());
        node.put("ibuf_write_nj_per_bit", c.ibufWriteNjPerBit());
        node.put("obuf_read_nj_per_bit", c.obufReadNjPerBit());
        node.put("obuf_write_nj_per_bit", c.obufWriteNjPerBit());
        node.put("dram_nj_per_bit", c.dramNjPerBit());
        return node;
    }

    /**
     * Writes a configuration file atomically.
     *
     * @param file the file
     * @param config the configuration
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, AcceleratorConfig config) throws IOException {
        AtomicFiles.write(file, MAPPER.writeValueAsBytes(toJson(config)));
    }

    /**
     * Reads a configuration file.
     *
     * @param file the file
     * @return the configuration
     * @throws IOException if the file cannot be read
     * @throws InputFormatException naming the file and the first bad field
     */
    public static AcceleratorConfig read(Path file) throws IOException {
        String source = file.toString();
        JsonNode root;
        try {
            String json = Files.readString(file, StandardCharsets.UTF_8);
            if (json.isBlank()) {
                throw new InputFormatException(source, "", "empty");
            }
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InputFormatException(source, "", JsonErrors.problem(e));
        }
        return fromJson(root, source);
    }

    /**
     * Converts a parsed configuration.
     *
     * @param root the JSON object
     * @param source the name to use in error messages
     * @return the configuration
     * @throws InputFormatException naming the source and the first bad field
     */
    public static AcceleratorConfig fromJson(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new InputFormatException(
                    source,
                    "",
                    "expected a JSON object with the fields " + String.join(", ", FIELDS));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("format") && !FIELDS.contains(name)) {
                throw new InputFormatException(
                        source,
                        name,
                        "unknown field; allowed: format, " + String.join(", ", FIELDS));
            }
        }
        JsonNode format = root.get("format");
        if (format != null && !FORMAT.equals(format.asText(null))) {
            throw new InputFormatException(
                    source, "format", format + " is not supported; allowed: \"" + FORMAT + "\"");
        }
        try {
            return AcceleratorConfig.builder()
                    .setRows(integer(root, "rows", source))
                    .setCols(integer(root, "cols", source))
                    .setPmax(integer(root, "pmax", source))
                    .setPmin(integer(root, "pmin", source))
                    .setSramBytes(
                            longValue(root, "act_sram_bytes", source),
                            longValue(root, "wgt_sram_bytes", source),
                            longValue(root, "out_sram_bytes", source))
                    .setDramBitsPerCycle(integer(root, "dram_bits_per_cycle", source))
                    .setFrequencyHz(longValue(root, "frequency_hz", source))
                    .setTechNm(integer(root, "tech_nm", source))
                    .setCoreEnergyPerCycleNj(number(root, "core_energy_per_cycle_nj", source))
                    .setWbufNjPerBit(
                            number(root, "wbuf_read_nj_per_bit", source),
                            number(root, "wbuf_write_nj_per_bit", source))
                    .setIbufNjPerBit(
                            number(root, "ibuf_read_nj_per_bit", source),
                            number(root, "ibuf_write_nj_per_bit", source))
                    .setObufNjPerBit(
                            number(root, "obuf_read_nj_per_bit", source),
                            number(root, "obuf_write_nj_per_bit", source))
                    .setDramNjPerBit(number(root, "dram_nj_per_bit", source))
                    .build();
        } catch (InputFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // AcceleratorConfig's own checks name the field first: "field: problem".
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            throw new InputFormatException(
                    source, message.substring(0, colon), message.substring(colon + 2));
        }
    }

    private static JsonNode required(JsonNode root, String field, String source, String allowed) {
        JsonNode value = root.get(field);
        if (value == null) {
            throw new InputFormatException(source, field, "missing; allowed: " + allowed);
        }
        return value;
    }

    private static int integer(JsonNode root, String field, String source) {
        JsonNode value = required(root, field, source, "a positive integer");
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InputFormatException(
                    source,
                    field,
                    "expected an integer, found " + value + "; allowed: a positive" + " integer");
        }
        return value.intValue();
    }

    private static long longValue(JsonNode root, String field, String source) {
        JsonNode value = required(root, field, source, "a positive integer");
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new InputFormatException(
                    source,
                    field,
                    "expected an integer, found " + value + "; allowed: a positive" + " integer");
        }
        return value.longValue();
    }

    private static double number(JsonNode root, String field, String source) {
        JsonNode value = required(root, field, source, "a number >= 0");
        if (!value.isNumber()) {
            throw new InputFormatException(
                    source,
                    field,
                    "expected a number, found "
                            + value.getNodeType().name().toLowerCase(Locale.ROOT)
                            + " "
                            + value
                            + "; allowed: a number >= 0");
        }
        return value.doubleValue();
    }
}
