package ai.mpnas.zoo;

import java.nio.file.Path;

/**
 * Where a publish put a model.
 *
 * @param groupId the group id
 * @param card the model card (artifact, version, numbers)
 * @param versionDir the version directory, also a DJL Serving model directory
 * @param archive the zip archive of the version directory, also servable by DJL Serving
 * @param archiveSha1 the SHA-1 of the archive
 * @param metadataFile the artifact's metadata.json
 */
public record PublishedModel(
        String groupId,
        ModelCard card,
        Path versionDir,
        Path archive,
        String archiveSha1,
        Path metadataFile) {}
