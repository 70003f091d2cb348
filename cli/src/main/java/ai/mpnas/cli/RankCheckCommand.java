package ai.mpnas.cli;

import ai.mpnas.data.DatasetSpec;
import ai.mpnas.data.InMemorySplits;
import ai.mpnas.search.MixedPrecisionSearch;
import ai.mpnas.search.RankCheck;
import ai.mpnas.search.RankCheckReport;
import ai.mpnas.search.RunFiles;
import ai.mpnas.search.SearchSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mpnas rank-check}: does a search's supernet rank architectures as training does? */
@Command(
        name = "rank-check",
        mixinStandardHelpOptions = true,
        description = {
            "Check whether a finished search's supernet ranks architectures as training them does:"
                    + " draw N architectures, one from each of N equal energy slices between the"
                    + " cheapest the search could reach and its budget; score each on the"
                    + " supernet (the search's derivation scorer: validation loss, with and"
                    + " without BatchNorm recalibration); train each from scratch with a short"
                    + " recipe on the search's training split and evaluate it on its validation"
                    + " split (never the test set); print and save Kendall's tau-b between the"
                    + " two. Writes OUT/rank-check.json, OUT/rank-check.txt and OUT/arch-i/; a"
                    + " rerun keeps the architectures already trained.",
            "Give the data options the search ran with (--data-dir, --train-limit): the"
                    + " supernet's validation split must be the search's.",
            "",
            "Examples:",
            "  mpnas rank-check --run runs/fmnist",
            "      10 architectures, 2 epochs each, scored with 2000 and 0 recalibration images",
            "  mpnas rank-check --run runs/fmnist --architectures 12 --epochs 3",
            "      more architectures, a longer recipe",
            "  mpnas rank-check --run runs/fmnist --recalibration-images 500,2000",
            "      other recalibration settings; the trained architectures are kept"
        })
final class RankCheckCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--run",
            required = true,
            paramLabel = "DIR",
            description = "A finished search run (architecture.json, settings.json, checkpoints/).")
    Path run;

    @Option(
            names = "--architectures",
            paramLabel = "N",
            defaultValue = "10",
            description = "Architectures to draw, one per energy slice. Default: ${DEFAULT-VALUE}.")
    int architectures;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            defaultValue = "2",
            description = "Epochs of each architecture's training. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(
            names = "--lr",
            paramLabel = "LR",
            defaultValue = "0.05",
            description = "Initial SGD learning rate (cosine). Default: ${DEFAULT-VALUE}.")
    float learningRate;

    @Option(
            names = "--batch",
            paramLabel = "N",
            defaultValue = "64",
            description = "Training batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(
            names = "--recalibration-images",
            paramLabel = "N[,N...]",
            split = ",",
            defaultValue = "2000,0",
            description =
                    "The supernet scores each architecture once per N: after recalibrating its"
                            + " BatchNorm statistics on N training images (0: with each"
                            + " validation batch's own statistics); each N gets its own tau."
                            + " Default: ${DEFAULT-VALUE}.")
    List<Integer> recalibrations;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "Seed of the draws and the trainings. Default: the search's seed.")
    Long seed;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Output directory. Default: RUN/rank-check.")
    Path out;

    @Option(names = "--no-progress", description = "Do not show progress bars.")
    boolean noProgress;

    @Mixin EngineOptions engine;

    @Mixin DataOptions data;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        // the options first, the run's files next, the data last
        RankCheck.Builder builder = RankCheck.builder()
                .setRun(run)
                .optOutputDirectory(out)
                .optArchitectures(architectures)
                .optRecipe(epochs, batch, learningRate)
                .optRecalibrations(recalibrations)
                .optSeed(seed)
                .optProgress(!noProgress);
        RunFiles.architectureFile(run); // a finished search
        SearchSettings settings = MixedPrecisionSearch.readSettings(run);
        if (data.dataset != null && !data.dataset.equals(settings.dataset())) {
            throw new IllegalArgumentException("--dataset " + data.dataset + ": the search in "
                    + run + " ran on " + settings.dataset());
        }
        data.dataset = settings.dataset();
        if (!spec.commandLine().getParseResult().hasMatchedOption("--engine")) {
            // the supernet's checkpoint was written there
            engine.engine = MixedPrecisionSearch.readEngine(run);
        }
        String engineName = engine.apply(); // before any array is made
        InMemorySplits loaded = InMemorySplits.load(data.spec(
                settings.space(), DatasetSpec.DEFAULT_VALIDATION_FRACTION, settings.seed()));
        RankCheck check = builder
                .setData(loaded)
                .optEngine(engineName)
                .optDevice(engine.device())
                .build();
        RankCheckReport report = check.run();
        PrintWriter w = spec.commandLine().getOut();
        w.print(report.table());
        w.println("written: " + check.outputDirectory().resolve(RankCheckReport.FILE));
        w.flush();
        return ExitCodes.OK;
    }
}
