package ai.mpnas.formats;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;

/**
 * One-line messages for JSON that does not parse, shared by every reader of user files: {@code
 * FILE: line L, column C: <Jackson's message>}. Jackson's own {@code getMessage()} appends a
 * multi-line {@code [Source: REDACTED ...]} part that names nothing useful, so only its original
 * message is kept.
 */
public final class JsonErrors {

    private static final Pattern NESTED_SOURCE =
            Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]");

    private JsonErrors() {}

    /**
     * Describes a parse error of a named source.
     *
     * @param source the file name or other source description
     * @param e the error
     * @return {@code source: line L, column C: message}, on one line
     */
    public static String describe(String source, JsonProcessingException e) {
        return source + ": " + problem(e);
    }

    /**
     * Returns the location and Jackson's original message, without the source part.
     *
     * @param e the error
     * @return {@code line L, column C: message}, or just the message without a location
     */
    public static String problem(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "not valid JSON" : e.getOriginalMessage();
        // Jackson's messages may span lines (e.g. a quoted token); the command line prints one
        message = message.replaceAll("\\s*\\R\\s*", " ").strip();
        // some messages point at a second place, "(start marker at [Source: REDACTED ...; line: 1,
        // column: 2])": keep the place, drop the source
        message = NESTED_SOURCE.matcher(message).replaceAll("line $1, column $2");
        JsonLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 1) {
            return message;
        }
        return "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + message;
    }
}
