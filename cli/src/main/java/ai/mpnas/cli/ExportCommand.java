package ai.mpnas.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.mpnas.data.DatasetKind;
import ai.mpnas.data.DatasetSpec;
import ai.mpnas.data.Datasets;
import ai.mpnas.export.ExportResult;
import ai.mpnas.export.RunExport;
import ai.mpnas.export.TrainedRun;
import ai.mpnas.export.VerificationImages;
import ai.mpnas.plugin.space.InputShape;
import ai.mpnas.plugin.space.Normalization;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mpnas export}: the trained network of a run as ONNX plus DJL Serving files. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Export the trained network of a run as ONNX (opset 21, integer weights at their bit"
                    + " width, quantized activations, provenance in metadata_props) with"
                    + " serving.properties and synset.txt, into RUN/export/NAME/.",
            "The export is verified against the DJL/MXNet forward on test images (ONNX Runtime,"
                    + " default optimisation) and nothing is written if they disagree.",
            "",
            "Examples:",
            "  mpnas export --run runs/fmnist",
            "  mpnas export --run runs/fmnist --name v2 --samples 2000 --force",
            "  mpnas export --run runs/fmnist --verify-with noise   (no dataset at hand)"
        })
final class ExportCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--run",
            required = true,
            paramLabel = "DIR",
            description = "The run directory (architecture.json, model/, metrics.json).")
    Path run;

    @Option(
            names = "--name",
            defaultValue = "onnx",
            paramLabel = "NAME",
            description = "The export name, the directory under RUN/export/. Default: onnx.")
    String name;

    @Option(
            names = "--samples",
            defaultValue = "1000",
            paramLabel = "N",
            description = "Test images to verify on. Default: 1000.")
    int samples;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "The dataset directory, when metrics.json has no dataset_dir and the"
                            + " dataset is not in its default place.")
    Path dataDir;

    @Option(
            names = "--verify-with",
            defaultValue = "data",
            paramLabel = "IMAGES",
            description =
                    "What to verify on: data (the run's test images; a missing dataset is an"
                            + " error) or noise (seeded uniform noise, which checks the graph but"
                            + " not accuracy on real images). Default: ${DEFAULT-VALUE}.")
    VerifyWith verifyWith;

    /** The images an export is verified on. */
    enum VerifyWith {
        /** The run's test images. */
        DATA,
        /** Seeded uniform noise, asked for explicitly. */
        NOISE
    }

    @Option(
            names = "--force",
            description = "Replace an existing export of that name (without it, an existing"
                    + " export is refused, exit code 2).")
    boolean force;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        if (samples < 1) {
            throw new IllegalArgumentException("--samples " + samples + ": allowed >= 1");
        }
        // checked before the network is loaded and verified, which takes a while
        Path target = run.resolve("export").resolve(name);
        if (!force && Files.exists(target)) {
            throw exists(target);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (TrainedRun trained = RunExport.load(run)) {
            VerificationImages images = images(trained);
            ExportResult result;
            try {
                result = RunExport.export(trained, name, images, force);
            } catch (FileAlreadyExistsException e) {
                throw exists(target); // another export of that name finished meanwhile
            }
            out.printf(
                    Locale.ROOT,
                    "exported %s to %s%n  model.onnx %.1f KiB (parameters %.1f KiB)%n"
                            + "  verification against the DJL forward %s%n",
                    trained.architecture().code(),
                    result.directory(),
                    result.modelBytes() / 1024.0,
                    result.parameterBytes() / 1024.0,
                    result.verification().summary());
        }
        return ExitCodes.OK;
    }

    private IllegalArgumentException exists(Path target) {
        return new IllegalArgumentException(
                target + ": an export named '" + name + "' exists; allowed: --force to replace it,"
                        + " or another --name");
    }

    /**
     * Test images in [0, 1], or seeded noise when asked for: a missing dataset is an error, since
     * noise silently put in its place would pass an export never checked on real images.
     */
    private VerificationImages images(TrainedRun trained) throws Exception {
        InputShape in = trained.architecture().space().input();
        if (verifyWith == VerifyWith.NOISE) {
            return VerificationImages.noise(samples, in.channels(), in.height(), in.width(), 42);
        }
        String dataset = trained.provenance().dataset();
        Optional<DatasetKind> kind = kind(dataset);
        if (kind.isEmpty()) {
            throw new IllegalArgumentException(
                    run.resolve("metrics.json") + ": dataset: '" + dataset + "' is not one mpnas"
                            + " can load; allowed: " + knownDatasets() + ", or --verify-with noise");
        }
        Path dir = dataDir != null ? dataDir : trained.datasetDir();
        if (dir == null) {
            dir = kind.get().defaultDataDir().orElse(null);
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(
                    (dir == null ? "dataset '" + dataset + "'" : dir.toString())
                            + ": the " + dataset + " test images to verify on are missing;"
                            + " allowed: --data-dir DIR, or --verify-with noise");
        }
        float[] mean = new float[in.channels()];
        float[] std = new float[in.channels()];
        Arrays.fill(std, 1f);
        DatasetSpec data =
                DatasetSpec.builder()
                        .setKind(kind.get())
                        .optDataDir(dir)
                        .optTestLimit(samples)
                        .optNormalization(new Normalization(mean, std))
                        .build();
        try (NDManager manager = NDManager.newBaseManager()) {
            RandomAccessDataset test = Datasets.load(data, manager).test();
            int n = (int) Math.min(samples, test.size());
            int size = in.channels() * in.height() * in.width();
            float[] pixels = new float[n * size];
            for (int i = 0; i < n; i++) {
                float[] image = test.get(manager, i).getData().head().toFloatArray();
                System.arraycopy(image, 0, pixels, i * size, size);
            }
            return new VerificationImages(
                    pixels,
                    n,
                    in.channels(),
                    in.height(),
                    in.width(),
                    n + " " + kind.get().id() + " test images");
        }
    }

    private static String knownDatasets() {
        return Arrays.stream(DatasetKind.values())
                .map(DatasetKind::id)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static Optional<DatasetKind> kind(String id) {
        try {
            return Optional.of(DatasetKind.fromId(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
