package ai.mpnas.cli;

import ai.mpnas.bitfusion.Units;
import ai.mpnas.formats.JsonErrors;
import ai.mpnas.zoo.ModelCard;
import ai.mpnas.zoo.PublishedModel;
import ai.mpnas.zoo.ZooPublisher;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mpnas publish}: put an exported run into a DJL model zoo. */
@Command(
        name = "publish",
        description = {
            "Publish an exported run into a DJL model zoo directory: DJL's repository layout"
                    + " (metadata.json with filterable properties and sha1 per file), earlier"
                    + " versions kept, atomic. Every version is also a DJL Serving model directory"
                    + " and a zip archive.",
            "Load it back with Criteria.optGroupId(\"ai.mpnas.zoo\").optArtifactId(NAME) and"
                    + " MPNAS_ZOO_URL=file:///path/to/zoo, or optModelUrls(\"mpnas:\" + zoo URL):"
                    + " both check every file against its SHA-1 before loading.",
            "Criteria.optModelUrls(version dir or archive) works too, but through DJL's own file"
                    + " repository, which does not read metadata.json: it skips the SHA-1 check of"
                    + " model.onnx, serving.properties, synset.txt and the archive. Run"
                    + " 'mpnas zoo verify --zoo ZOO --artifact NAME' first, or use the zoo URL."
        })
final class PublishCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Spec CommandSpec spec;

    // no -V/--version here: --version was this command's artifact version before it was renamed
    // --artifact-version, and scripts still pass it (a hidden alias, below)
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "The run directory (after train and export).")
    Path run;

    @Option(names = "--zoo", required = true, paramLabel = "ZOO", description = "The zoo directory (created if missing).")
    Path zoo;

    @Option(
            names = "--artifact",
            paramLabel = "NAME",
            description = "Artifact name. Default: <dataset>-<run directory name>.")
    String artifact;

    @Option(
            names = "--artifact-version",
            defaultValue = "1.0",
            paramLabel = "V",
            description =
                    "The version to publish the artifact as (not mpnas's own version: 'mpnas -V')."
                            + " Default: ${DEFAULT-VALUE}.")
    String version;

    /**
     * The former name of {@code --artifact-version}, still accepted and not shown in the help.
     *
     * @param version the version to publish the artifact as
     */
    @Option(names = "--version", hidden = true, paramLabel = "V")
    void legacyVersion(String version) {
        this.version = version;
    }

    @Option(
            names = "--force",
            description = "Replace an existing version (without it, publishing an existing version"
                    + " is refused, exit code 2).")
    boolean force;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        Path export = exportDirectory(run);
        JsonNode metrics = readJson(run.resolve("metrics.json"), "run 'mpnas train' first");
        JsonNode arch = readJson(run.resolve("architecture.json"), "run 'mpnas search' first");
        String name =
                artifact != null ? artifact : defaultArtifact(metrics.get("dataset").asText(), run);
        ModelCard card = card(name, version, metrics, arch);
        PublishedModel published;
        try {
            published =
                    ZooPublisher.builder()
                            .setZoo(zoo)
                            .setModelDir(export)
                            .setCard(card)
                            .optForce(force)
                            .build()
                            .publish();
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException(
                    e.getFile() + ": version " + version + " of " + name + " is published"
                            + " already; allowed: another --version, or --force to replace it",
                    e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                Locale.ROOT,
                "published %s %s: %s top-1 %.4f, energy %s, latency %s, bits %s%n",
                card.artifact(),
                card.version(),
                card.dataset(),
                card.top1(),
                Units.energy(card.energyNj()),
                Units.latency(card.latencyMs()),
                card.bits());
        out.println("  model directory: " + published.versionDir());
        out.println("  archive: " + published.archive() + " (sha1 " + published.archiveSha1() + ")");
        out.println("  metadata: " + published.metadataFile());
        return ExitCodes.OK;
    }

    /** A plain artifact name from the dataset and the run directory's name. */
    static String defaultArtifact(String dataset, Path run) {
        Path abs = run.toAbsolutePath().normalize();
        String dir = abs.getFileName() == null ? "run" : abs.getFileName().toString();
        return (dataset + "-" + dir).replaceAll("[^A-Za-z0-9._-]", "-");
    }

    /** Finds the one export directory of a run. */
    static Path exportDirectory(Path run) throws Exception {
        Path root = run.resolve("export");
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(run + ": no export/ directory (run 'mpnas export' first)");
        }
        List<Path> dirs;
        try (Stream<Path> list = Files.list(root)) {
            dirs = list.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
        }
        if (dirs.size() != 1) {
            throw new IllegalArgumentException(
                    root + ": expected one export directory holding model.onnx, found " + dirs.size());
        }
        return dirs.get(0);
    }

    static ModelCard card(String artifact, String version, JsonNode metrics, JsonNode arch) {
        int wMin = Integer.MAX_VALUE;
        int wMax = 0;
        int aMin = Integer.MAX_VALUE;
        int aMax = 0;
        double wSum = 0;
        double aSum = 0;
        JsonNode layers = arch.path("layers");
        for (JsonNode l : layers) {
            int w = l.get("wbits").asInt();
            int a = l.get("abits").asInt();
            wMin = Math.min(wMin, w);
            wMax = Math.max(wMax, w);
            aMin = Math.min(aMin, a);
            aMax = Math.max(aMax, a);
            wSum += w;
            aSum += a;
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("architecture.json: layers: empty");
        }
        ModelCard.Builder b =
                ModelCard.builder()
                        .setArtifact(artifact)
                        .setVersion(version)
                        .setDataset(metrics.get("dataset").asText())
                        .setTop1(metrics.get("top1").asDouble())
                        .setEnergyNj(metrics.get("energy_nJ").asDouble())
                        .setLatencyMs(metrics.get("latency_ms").asDouble())
                        .setLatencyCycles(metrics.get("latency_cycles").asLong())
                        .setBits(
                                ModelCard.bitsLabel(wMin, wMax, aMin, aMax),
                                wSum / layers.size(),
                                aSum / layers.size());
        JsonNode budget = arch.at("/budget/given");
        if (!budget.isMissingNode()) {
            b.optBudget(budget.asText());
        }
        return b.build();
    }

    private static JsonNode readJson(Path file, String hint) throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": missing (" + hint + ")");
        }
        try {
            return MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(JsonErrors.describe(file.toString(), e), e);
        }
    }
}
