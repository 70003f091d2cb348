package ai.mpnas.zoo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code metadata.json} of one artifact, in DJL's repository format (the fields that {@code
 * ai.djl.repository.Metadata} and {@code Artifact} read with Gson).
 *
 * @param metadataVersion DJL's metadata format version
 * @param resourceType {@code model}
 * @param application DJL application path, e.g. {@code cv/image_classification}
 * @param groupId the group id
 * @param artifactId the artifact id
 * @param name a readable name
 * @param description a one-line description
 * @param artifacts the published versions, newest first (DJL takes the first match)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
    "metadataVersion",
    "resourceType",
    "application",
    "groupId",
    "artifactId",
    "name",
    "description",
    "artifacts"
})
record ZooMetadata(
        String metadataVersion,
        String resourceType,
        String application,
        String groupId,
        String artifactId,
        String name,
        String description,
        List<Entry> artifacts) {

    /** The metadata format version DJL 0.36 writes for its own zoos. */
    static final String METADATA_VERSION = "0.2";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One published version.
     *
     * @param version the version
     * @param snapshot always false
     * @param name the artifact name (the artifact id; DJL uses it as the model name)
     * @param properties the model card, for {@code Criteria.optFilter}
     * @param arguments translator arguments (serving.properties without {@code option.})
     * @param options model load options (serving.properties {@code option.*})
     * @param files the files of the version directory, keyed by file name
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({
        "version",
        "snapshot",
        "name",
        "properties",
        "arguments",
        "options",
        "files"
    })
    record Entry(
            String version,
            boolean snapshot,
            String name,
            Map<String, String> properties,
            Map<String, String> arguments,
            Map<String, String> options,
            Map<String, Item> files) {}

    /**
     * One file of a version.
     *
     * @param uri the path relative to the artifact directory, e.g. {@code 0.1.0/model.onnx}
     * @param sha1Hash the SHA-1 of the file, lower-case hex
     * @param name the file name
     * @param size the size in bytes
     */
    @JsonPropertyOrder({"uri", "sha1Hash", "name", "size"})
    record Item(String uri, String sha1Hash, String name, long size) {}

    /**
     * Reads a metadata.json file.
     *
     * @param file the file
     * @return the metadata
     * @throws IOException naming the file when it cannot be read or parsed
     */
    static ZooMetadata read(Path file) throws IOException {
        try {
            ZooMetadata metadata = JSON.readValue(file.toFile(), ZooMetadata.class);
            if (metadata.artifacts() == null) {
                throw new IOException(file + ": field artifacts is missing");
            }
            return metadata;
        } catch (JsonProcessingException e) {
            throw new IOException(
                    file + " is not a valid metadata.json: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Serialises the metadata.
     *
     * @return UTF-8 JSON bytes
     */
    byte[] toBytes() {
        try {
            return (JSON.writeValueAsString(this) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise metadata of " + artifactId, e);
        }
    }

    /**
     * Returns the entry of a version.
     *
     * @param version the version
     * @return the entry, or null
     */
    Entry find(String version) {
        for (Entry entry : artifacts) {
            if (entry.version().equals(version)) {
                return entry;
            }
        }
        return null;
    }

    /**
     * Reads a metadata.json file if it exists.
     *
     * @param file the file
     * @return the metadata, or null when there is no file
     * @throws IOException when it exists but cannot be read
     */
    static ZooMetadata readIfExists(Path file) throws IOException {
        return Files.isRegularFile(file) ? read(file) : null;
    }
}
