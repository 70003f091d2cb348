package ai.mpnas.zoo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * The list of artifacts of a group, {@code <zoo>/<group path>/index.json}: a web server cannot list
 * a directory, so a remote zoo is browsed through this file. A local zoo is scanned instead, and
 * the publisher rewrites the file from that scan after every publish.
 *
 * @param format {@value #FORMAT}
 * @param artifacts the artifact ids, sorted
 */
record ZooIndex(String format, List<String> artifacts) {

    /** The file name inside the group directory. */
    static final String FILE_NAME = "index.json";

    /** The format tag. */
    static final String FORMAT = "mpnas/zoo-index@1";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Scans a local group directory for artifact directories holding a metadata.json.
     *
     * @param groupDir the group directory
     * @return the index, empty when the directory does not exist
     * @throws IOException if the directory cannot be listed
     */
    static ZooIndex scan(Path groupDir) throws IOException {
        List<String> ids = new ArrayList<>();
        if (Files.isDirectory(groupDir)) {
            try (Stream<Path> list = Files.list(groupDir)) {
                for (Path dir : (Iterable<Path>) list::iterator) {
                    String name = dir.getFileName().toString();
                    if (!name.startsWith(".")
                            && Files.isRegularFile(dir.resolve("metadata.json"))) {
                        ids.add(name);
                    }
                }
            }
        }
        Collections.sort(ids);
        return new ZooIndex(FORMAT, ids);
    }

    /**
     * Parses an index.
     *
     * @param json the JSON text
     * @param source where it comes from, for error messages
     * @return the index
     * @throws IOException naming the source and field when it is not a valid index
     */
    static ZooIndex parse(String json, String source) throws IOException {
        ZooIndex index;
        try {
            index = JSON.readValue(json, ZooIndex.class);
        } catch (JsonProcessingException e) {
            throw new IOException(
                    source + " is not a valid zoo index: " + e.getOriginalMessage(), e);
        }
        if (!FORMAT.equals(index.format())) {
            throw new IOException(
                    source + ": format is '" + index.format() + "', expected '" + FORMAT + "'");
        }
        if (index.artifacts() == null) {
            throw new IOException(source + ": field artifacts is missing");
        }
        for (String id : index.artifacts()) {
            ZooNames.checkName("artifact", id);
        }
        return index;
    }

    /**
     * Serialises the index.
     *
     * @return UTF-8 JSON bytes
     */
    byte[] toBytes() {
        try {
            return (JSON.writeValueAsString(this) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise zoo index", e);
        }
    }
}
