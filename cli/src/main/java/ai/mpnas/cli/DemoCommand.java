package ai.mpnas.cli;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.SequenceSampler;
import ai.mpnas.bitfusion.Units;
import ai.mpnas.data.DatasetKind;
import ai.mpnas.data.DatasetSpec;
import ai.mpnas.data.Datasets;
import ai.mpnas.plugin.space.Normalization;
import ai.mpnas.zoo.MpnasModelZoo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code mpnas demo}: from nothing to a served model on Fashion-MNIST. It runs the same commands
 * a user would (search, train, export, publish), then loads the model back from the zoo through
 * DJL's {@code Criteria}, as DJL Serving does, and classifies test pictures with it.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Search -> train -> export -> publish -> load back through DJL Criteria and classify"
                    + " test pictures, on Debian's Fashion-MNIST at half the 8-bit energy.",
            "DIR ends up holding the run (architecture.json, metrics.json, export/), the zoo"
                    + " (zoo/) and the classified pictures (samples/); the last line printed is a"
                    + " JSON summary. --quick runs a few minutes on reduced settings."
        })
final class DemoCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Spec CommandSpec spec;

    @Option(names = "--quick", description = "Reduced settings for a smoke test (a few minutes).")
    boolean quick;

    @Option(names = "--out", defaultValue = "runs/demo", paramLabel = "DIR", description = "Where everything goes. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Fashion-MNIST's directory. Default: Debian's " + "/usr/share/datasets/fashion-mnist.")
    Path dataDir;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "200", description = "Test pictures to classify through the zoo. Default: ${DEFAULT-VALUE}.")
    int samples;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        Path data = dataDir != null ? dataDir : DatasetKind.DEBIAN_FASHION_MNIST_DIR;
        if (!Files.isRegularFile(data.resolve("t10k-images-idx3-ubyte.gz"))
                && !Files.isRegularFile(data.resolve("t10k-images-idx3-ubyte"))) {
            throw new IllegalArgumentException(
                    data + ": Fashion-MNIST not found; install Debian's package"
                            + " dataset-fashion-mnist (./mpnas does it when run as root) or pass"
                            + " --data-dir");
        }
        PrintWriter log = spec.commandLine().getOut();
        String run = out.toString();
        String dir = data.toString();
        boolean resume = Files.exists(out.resolve("checkpoints/latest"))
                && !Files.exists(out.resolve("architecture.json"));
        if (!Files.exists(out.resolve("architecture.json"))) {
            step(log, "search", quick
                    ? List.of("search", "--out", run, "--data-dir", dir, "--epochs", "2",
                            "--warmup-epochs", "1", "--steps-per-epoch", "40", "--no-progress")
                    : List.of("search", "--out", run, "--data-dir", dir, "--epochs", "6",
                            "--warmup-epochs", "2", "--steps-per-epoch", "400"),
                    resume);
        }
        if (!Files.exists(out.resolve("metrics.json"))) {
            step(log, "train", quick
                    ? List.of("train", "--run", run, "--data-dir", dir, "--epochs", "1",
                            "--train-limit", "6000", "--test-limit", "2000", "--no-progress")
                    : List.of("train", "--run", run, "--data-dir", dir, "--epochs", "5"),
                    Files.exists(out.resolve("train-checkpoints/latest")));
        }
        step(log, "export", List.of("export", "--run", run, "--data-dir", dir, "--samples",
                quick ? "300" : "1000", "--force"), false);
        Path zoo = out.resolve("zoo");
        String artifact = "fashion-mnist-demo";
        step(log, "publish", List.of("publish", "--run", run, "--zoo", zoo.toString(),
                "--artifact", artifact, "--artifact-version", "1.0", "--force"), false);

        List<Path> pictures = writePictures(data, out.resolve("samples"), samples);
        double accuracy = classify(log, zoo, artifact, pictures);

        JsonNode metrics = MAPPER.readTree(out.resolve("metrics.json").toFile());
        JsonNode arch = MAPPER.readTree(out.resolve("architecture.json").toFile());
        log.println();
        log.println("architecture per block: " + arch.get("code").asText());
        log.printf(Locale.ROOT, "energy %s (%.3f of the 8-bit reference), latency %s,"
                        + " weights %.1f KiB%n",
                Units.energy(metrics.get("energy_nJ").asDouble()),
                arch.at("/cost/energy_vs_8bit").asDouble(),
                Units.latency(metrics.get("latency_ms").asDouble()),
                metrics.get("weight_bits_total").asDouble() / 8192);
        log.printf(Locale.ROOT, "test top-1 %.4f (%d test images); loaded from the zoo, %d pictures:"
                        + " %.4f%n", metrics.get("top1").asDouble(),
                metrics.at("/training/test_images").asInt(), pictures.size(), accuracy);
        log.println("run: " + out.toAbsolutePath() + "   zoo: " + zoo.toAbsolutePath());
        ObjectNode summary = MAPPER.createObjectNode();
        summary.put("top1", metrics.get("top1").asDouble());
        summary.put("zoo_top1", accuracy);
        summary.put("energy_nJ", metrics.get("energy_nJ").asDouble());
        summary.put("energy_vs_8bit", arch.at("/cost/energy_vs_8bit").asDouble());
        summary.put("latency_ms", metrics.get("latency_ms").asDouble());
        summary.put("architecture", arch.get("code").asText());
        summary.put("zoo", zoo.toAbsolutePath().toString());
        summary.put("artifact", artifact);
        log.println(MAPPER.writeValueAsString(summary));
        return ExitCodes.OK;
    }

    private void step(PrintWriter log, String name, List<String> args, boolean resume) {
        List<String> all = new ArrayList<>(args);
        if (resume) {
            all.add("--resume");
        }
        log.println("== mpnas " + String.join(" ", all));
        log.flush();
        CommandLine root = spec.root().commandLine();
        int code = root.getSubcommands().get(name).execute(all.subList(1, all.size()).toArray(String[]::new));
        if (code != ExitCodes.OK) {
            throw new IllegalStateException("demo step '" + name + "' failed (exit code " + code + ")");
        }
    }

    /** Writes the first N test pictures as PNG files named by index and true class. */
    private static List<Path> writePictures(Path data, Path dir, int n) throws Exception {
        Files.createDirectories(dir);
        DatasetSpec spec = DatasetSpec.builder().setKind(DatasetKind.FASHION_MNIST).optDataDir(data)
                .optTestLimit(n).optNormalization(new Normalization(new float[] {0}, new float[] {1}))
                .build();
        List<Path> files = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            RandomAccessDataset test = Datasets.load(spec, manager).test();
            for (Batch batch : test.getData(manager, new BatchSampler(new SequenceSampler(), n, false))) {
                try (batch) {
                    float[] x = batch.getData().head().toFloatArray();
                    float[] y = batch.getLabels().head().toFloatArray();
                    for (int i = 0; i < y.length; i++) {
                        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
                        for (int p = 0; p < 784; p++) {
                            int v = Math.round(x[i * 784 + p] * 255);
                            img.getRaster().setSample(p % 28, p / 28, 0, v);
                        }
                        Path f = dir.resolve(String.format(Locale.ROOT, "%04d-class%d.png", files.size(), (int) y[i]));
                        ImageIO.write(img, "png", f.toFile());
                        files.add(f);
                    }
                }
            }
        }
        return files;
    }

    /** Loads the model from the zoo with DJL Criteria and returns its accuracy on the pictures. */
    private static double classify(PrintWriter log, Path zoo, String artifact, List<Path> pictures)
            throws Exception {
        Criteria<Image, Classifications> criteria =
                Criteria.builder()
                        .setTypes(Image.class, Classifications.class)
                        .optModelZoo(new MpnasModelZoo(zoo.toAbsolutePath().toString()))
                        .optGroupId(MpnasModelZoo.GROUP_ID)
                        .optArtifactId(artifact)
                        .optFilter("dataset", "fashion-mnist")
                        .build();
        int correct = 0;
        try (ZooModel<Image, Classifications> model = criteria.loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            List<String> synset = Files.readAllLines(model.getModelPath().resolve("synset.txt"));
            for (int i = 0; i < pictures.size(); i++) {
                Path f = pictures.get(i);
                Classifications c = predictor.predict(ImageFactory.getInstance().fromFile(f));
                String name = f.getFileName().toString();
                int label = Integer.parseInt(name.substring(name.indexOf("class") + 5, name.length() - 4));
                if (c.best().getClassName().equals(synset.get(label))) {
                    correct++;
                }
                if (i < 3) {
                    log.printf(Locale.ROOT, "  %s -> %s (%.2f)%n", name, c.best().getClassName(), c.best().getProbability());
                }
            }
        }
        return correct / (double) pictures.size();
    }
}
