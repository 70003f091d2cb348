package ai.mpnas.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.mpnas.export.ExportResult;
import ai.mpnas.export.RunExport;
import ai.mpnas.export.TrainedRun;
import ai.mpnas.export.VerificationImages;
import ai.mpnas.plugin.space.InputShape;
import ai.mpnas.plugin.space.Normalization;
import ai.mpnas.search.data.DatasetKind;
import ai.mpnas.search.data.DatasetSpec;
import ai.mpnas.search.data.Datasets;
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
            "  mpnas export --run runs/fmnist --name v2 --samples 2000 --force"
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
                            + "  verified on %s: %s%n",
                    trained.architecture().code(),
                    result.directory(),
                    result.modelBytes() / 1024.0,
                    result.parameterBytes() / 1024.0,
                    images.source(),
                    result.verification().summary());
        }
        return ExitCodes.OK;
    }

    private IllegalArgumentException exists(Path target) {
        return new IllegalArgumentException(
                target + ": an export named '" + name + "' exists; allowed: --force to replace it,"
                        + " or another --name");
    }

    /** Test images in [0, 1], or seeded noise when the dataset cannot be found. */
    private VerificationImages images(TrainedRun trained) throws Exception {
        InputShape in = trained.architecture().space().input();
        Optional<DatasetKind> kind = kind(trained.provenance().dataset());
        Path dir = dataDir != null ? dataDir : trained.datasetDir();
        if (dir == null && kind.isPresent()) {
            dir = kind.get().defaultDataDir().orElse(null);
        }
        if (kind.isEmpty() || dir == null || !Files.isDirectory(dir)) {
            spec.commandLine()
                    .getErr()
                    .println(
                            "mpnas export: dataset '"
                                    + trained.provenance().dataset()
                                    + "' not found (use --data-dir); verifying on seeded noise");
            return VerificationImages.noise(samples, in.channels(), in.height(), in.width(), 42);
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

    private static Optional<DatasetKind> kind(String id) {
        try {
            return Optional.of(DatasetKind.fromId(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
