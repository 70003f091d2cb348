package ai.mpnas.export;

import ai.djl.Model;
import ai.mpnas.formats.RunArchitecture;
import ai.mpnas.formats.RunMetrics;
import ai.mpnas.plugin.engine.EngineQuirks;
import ai.mpnas.plugin.nn.FixedNetwork;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.SpecException;
import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a run directory after {@code mpnas train} and exports it.
 *
 * <p>The layout: {@code architecture.json} (the architecture plus {@code cost}, {@code budget},
 * {@code bitfusion} and {@code search} objects), {@code model/mpnas-0000.params} (DJL {@code
 * Model.save(model/, "mpnas")} of the quantized {@link FixedNetwork}), {@code
 * model/architecture.json} and {@code metrics.json} ({@code top1}, {@code dataset}, optional
 * {@code dataset_dir}, {@code normalization} {@code {mean, std}}, {@code classes}). The export goes
 * to {@code export/<name>/}.
 */
public final class RunExport {

    /** The DJL engine that loads the trained parameters and runs the reference forward. */
    public static final String DEFAULT_ENGINE = EngineQuirks.MXNET;

    /** The model name of the saved parameters ({@code mpnas-0000.params}). */
    public static final String MODEL_NAME = FixedNetwork.MODEL_NAME;

    private RunExport() {}

    /**
     * Loads a trained run on the engine that trained it ({@code metrics.json}'s {@code
     * training.engine}; runs trained before it was recorded were trained on {@value
     * #DEFAULT_ENGINE}).
     *
     * @param runDir the run directory
     * @return the run; close it when done
     * @throws InvalidRunException naming the missing or corrupt file
     * @throws IOException if a file cannot be read
     */
    public static TrainedRun load(Path runDir) throws IOException {
        RunFileSet files = requireTrained(runDir);
        return load(files, files.engine());
    }

    /**
     * Loads a trained run.
     *
     * @param runDir the run directory
     * @param engine the DJL engine for the parameters and the reference forward
     * @return the run; close it when done
     * @throws InvalidRunException naming the missing or corrupt file
     * @throws IOException if a file cannot be read
     */
    public static TrainedRun load(Path runDir, String engine) throws IOException {
        return load(requireTrained(runDir), engine);
    }

    /**
     * Reads a run's architecture and metrics files, each once.
     *
     * @param runDir the run directory
     * @return the files
     * @throws InvalidRunException naming the missing or invalid file and field
     * @throws IOException if a file cannot be read
     */
    static RunFileSet read(Path runDir) throws IOException {
        Path archFile = runDir.resolve(RunArchitecture.FILE);
        Path metricsFile = runDir.resolve(RunMetrics.FILE);
        requireFile(archFile, "run 'mpnas search' first");
        requireFile(metricsFile, "run 'mpnas train --run " + runDir + "' first");
        try {
            return new RunFileSet(
                    archFile,
                    RunArchitecture.read(archFile),
                    metricsFile,
                    RunMetrics.read(metricsFile));
        } catch (IllegalArgumentException e) {
            throw new InvalidRunException(e.getMessage(), e);
        }
    }

    /** Checks that a run is trained, in the order a user makes it so, then reads its files. */
    private static RunFileSet requireTrained(Path runDir) throws IOException {
        Path modelDir = runDir.resolve("model");
        requireFile(runDir.resolve(RunArchitecture.FILE), "run 'mpnas search' first");
        if (!Files.isDirectory(modelDir)) {
            throw new InvalidRunException(
                    modelDir + ": no trained model; run 'mpnas train --run " + runDir + "' first");
        }
        requireFile(
                modelDir.resolve(MODEL_NAME + "-0000.params"),
                "run 'mpnas train --run " + runDir + "' first");
        return read(runDir);
    }

    private static TrainedRun load(RunFileSet files, String engine) {
        Path runDir = files.archFile().getParent();
        Path modelDir = runDir.resolve("model");
        Architecture architecture;
        try {
            architecture =
                    Architecture.fromJson(
                            files.architecture().definition(), files.archFile().toString());
        } catch (SpecException e) {
            throw new InvalidRunException(e.getMessage(), e);
        }
        Provenance provenance = files.provenance();
        FixedNetwork network =
                FixedNetwork.builder().setArchitecture(architecture).optQuantized(true).build();
        Model model = Model.newInstance(MODEL_NAME, engine);
        try {
            model.setBlock(network);
            model.load(modelDir, MODEL_NAME);
        } catch (Exception e) {
            model.close();
            throw new InvalidRunException(
                    modelDir.resolve(MODEL_NAME + "-0000.params")
                            + ": corrupt or does not match "
                            + files.archFile().getFileName()
                            + " ("
                            + e
                            + "); re-run 'mpnas train --run "
                            + runDir
                            + "'",
                    e);
        }
        String datasetDir = files.metrics().datasetDir();
        return new TrainedRun(
                runDir,
                architecture,
                model,
                provenance,
                datasetDir == null ? null : Path.of(datasetDir));
    }

    /**
     * Exports a trained run to {@code runDir/export/<name>/}, verified on the given images.
     *
     * @param run the loaded run
     * @param name the export name (a single path segment)
     * @param images the verification images
     * @param overwrite whether to replace an existing export of that name
     * @return what was written
     * @throws IOException if writing fails or the export exists
     * @throws OrtException if ONNX Runtime cannot load or run the model
     * @throws ExportVerificationException if the model disagrees with the network
     */
    public static ExportResult export(
            TrainedRun run, String name, VerificationImages images, boolean overwrite)
            throws IOException, OrtException {
        if (name.isEmpty() || !name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new IllegalArgumentException(
                    "export name '" + name + "': allowed letters, digits, '.', '_', '-', not"
                            + " starting with '.'");
        }
        return ModelExport.builder()
                .setNetwork(run.network())
                .setProvenance(run.provenance())
                .setImages(images)
                .optOverwrite(overwrite)
                .build()
                .writeTo(run.directory().resolve("export").resolve(name));
    }

    private static void requireFile(Path file, String hint) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidRunException(file + ": missing; " + hint);
        }
    }
}
