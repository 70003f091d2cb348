package ai.mpnas.zoo;

import ai.djl.Application;
import ai.djl.repository.Artifact;
import ai.djl.repository.MRL;
import ai.djl.repository.Metadata;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The published models of a zoo, with the numbers to choose between them.
 *
 * <pre>
 * ZooCatalog catalog = ZooCatalog.of(Path.of("zoo"));
 * catalog.list();                  // every version of every artifact, its files checked
 * catalog.pick(2e6);               // the most accurate intact model within 2 mJ
 * </pre>
 *
 * <p>In a local zoo every version's files (and archive) are checked against the SHA-1 hashes of
 * its metadata.json: {@link CatalogEntry#checksums()} says how they fared, and {@link
 * #pick(double)} passes over a version whose files fail.
 */
public final class ZooCatalog {

    private final ZooRepository repository;
    private final String groupId;

    private ZooCatalog(ZooRepository repository, String groupId) {
        this.repository = repository;
        this.groupId = groupId;
    }

    /**
     * Opens the catalog of a local zoo.
     *
     * @param zoo the zoo directory
     * @return the catalog of group {@link MpnasModelZoo#GROUP_ID}
     */
    public static ZooCatalog of(Path zoo) {
        return of(zoo.toAbsolutePath().normalize().toUri(), MpnasModelZoo.GROUP_ID);
    }

    /**
     * Opens the catalog of a zoo group.
     *
     * @param zoo the zoo location (directory or URL)
     * @param groupId the group id
     * @return the catalog
     */
    public static ZooCatalog of(URI zoo, String groupId) {
        return new ZooCatalog(new ZooRepository("mpnas-zoo", zoo), ZooNames.checkGroupId(groupId));
    }

    /**
     * Returns whether a directory is a local zoo: publishing creates the directory of group {@link
     * MpnasModelZoo#GROUP_ID} in it, so a zoo has that directory even before anything is in it.
     *
     * @param dir the directory
     * @return true if it holds the group directory
     */
    public static boolean isZoo(Path dir) {
        return Files.isDirectory(dir.resolve(ZooNames.groupPath(MpnasModelZoo.GROUP_ID)));
    }

    /**
     * Lists every published version, sorted by artifact, then newest version first; in a local zoo
     * each with its files checked.
     *
     * @return the entries
     * @throws IOException if a metadata.json cannot be read or lacks a card property
     */
    public List<CatalogEntry> list() throws IOException {
        List<CatalogEntry> entries = new ArrayList<>();
        for (String artifactId : repository.listArtifactIds(groupId)) {
            MRL mrl = repository.model(Application.CV.IMAGE_CLASSIFICATION, groupId, artifactId);
            Metadata metadata = repository.locate(mrl);
            if (metadata == null) {
                continue;
            }
            String source =
                    repository.getBaseUri()
                            + ZooNames.groupPath(groupId)
                            + '/'
                            + artifactId
                            + "/metadata.json";
            for (Artifact artifact : metadata.getArtifacts()) {
                ModelCard card;
                try {
                    card =
                            ModelCard.fromProperties(
                                    artifactId,
                                    artifact.getVersion(),
                                    artifact.getProperties(),
                                    source);
                } catch (IllegalArgumentException e) {
                    throw new IOException(e.getMessage(), e);
                }
                entries.add(new CatalogEntry(card, location(artifact), check(artifact)));
            }
        }
        return entries;
    }

    /**
     * Picks the most accurate model whose energy is at most the budget and whose files pass their
     * checksums; ties go to the lower energy, then to the artifact name and newer version.
     *
     * @param maxEnergyNj the energy budget in nJ
     * @return the model, or empty when none meets the budget
     * @throws IOException if the zoo cannot be read
     */
    public Optional<CatalogEntry> pick(double maxEnergyNj) throws IOException {
        return pick(list(), maxEnergyNj);
    }

    /**
     * Picks from listed entries as {@link #pick(double)} does, for a caller that also wants to
     * show what it passed over without checking the zoo twice.
     *
     * @param entries the entries of {@link #list()}
     * @param maxEnergyNj the energy budget in nJ
     * @return the model, or empty when none meets the budget
     */
    public static Optional<CatalogEntry> pick(List<CatalogEntry> entries, double maxEnergyNj) {
        return entries.stream()
                .filter(e -> e.energyNj() <= maxEnergyNj && !e.failsChecksums())
                .min(
                        Comparator.comparingDouble(CatalogEntry::top1)
                                .reversed()
                                .thenComparingDouble(CatalogEntry::energyNj)
                                .thenComparing(CatalogEntry::artifact));
    }

    /** Checks a local version; a remote one is checked when it is downloaded. */
    private VersionCheck check(Artifact artifact) throws IOException {
        if (repository.getLocalRoot() == null) {
            return null;
        }
        return ZooVerifier.check(repository.getResourceDirectory(artifact).getParent(), artifact);
    }

    private String location(Artifact artifact) throws IOException {
        if (repository.getLocalRoot() != null) {
            return repository.getResourceDirectory(artifact).toString();
        }
        return repository
                .getBaseUri()
                .resolve(artifact.getMetadata().getRepositoryUri())
                .resolve(artifact.getVersion() + '/')
                .toString();
    }
}
