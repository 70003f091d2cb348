package ai.mpnas.formats;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the records of this package meet their files: one writer (Jackson's default pretty printer,
 * as every mpnas JSON file has always been written, so the bytes do not change) and one strict
 * reader whose errors name the file and the field.
 */
final class FormatJson {

    /** Pretty-printed, fields in the records' declared order. */
    static final ObjectMapper WRITER =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /**
     * Fields the record does not know are skipped (a newer file, or one written before a field
     * was dropped), but a value of the wrong kind is an error, not a guess: no number read from a
     * string or string from a number, no null for a number, no duplicate key.
     */
    static final ObjectMapper READER = strictReader();

    private FormatJson() {}

    /**
     * Reads a file into a record.
     *
     * @param file the file
     * @param type the record type
     * @param <T> the record type
     * @return the record
     * @throws IllegalArgumentException naming the file, the field and the problem
     * @throws IOException if the file cannot be read
     */
    static <T> T read(Path file, Class<T> type) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return READER.readValue(bytes, type);
        } catch (JsonMappingException e) {
            throw problem(file, e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(JsonErrors.describe(file.toString(), e), e);
        }
    }

    /**
     * Writes a record as its file's text.
     *
     * @param value the record
     * @return the JSON text, without a final newline (as the files have always been written)
     */
    static String text(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getName(), e);
        }
    }

    /**
     * Writes a record to its file atomically.
     *
     * @param file the file
     * @param value the record
     * @throws IOException if writing fails
     */
    static void write(Path file, Object value) throws IOException {
        AtomicFiles.writeString(file, text(value));
    }

    /**
     * Describes a value of the wrong kind.
     *
     * @param file the file
     * @param e the error, with its path from the file's root
     * @return {@code FILE: FIELD: line L, column C: <Jackson's message>}
     */
    static IllegalArgumentException problem(Path file, JsonMappingException e) {
        String field = field(e);
        return new IllegalArgumentException(
                file + ": " + (field.isEmpty() ? "" : field + ": ") + JsonErrors.problem(e), e);
    }

    /** The JSON path of a mapping error, e.g. {@code normalization.mean[1]}. */
    private static String field(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static ObjectMapper strictReader() {
        ObjectMapper m =
                JsonMapper.builder()
                        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                        .build();
        for (CoercionInputShape from :
                new CoercionInputShape[] {
                    CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean
                }) {
            m.coercionConfigFor(LogicalType.Textual).setCoercion(from, CoercionAction.Fail);
        }
        return m;
    }
}
