package ai.mpnas.cli;

import ai.mpnas.bitfusion.Units;
import ai.mpnas.data.DatasetSpec;
import ai.mpnas.data.InMemorySplits;
import ai.mpnas.formats.RunMetrics;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.RandomBaseline;
import ai.mpnas.search.RunFiles;
import ai.mpnas.search.RunTraining;
import ai.mpnas.search.cost.Budget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mpnas train}: train a found architecture, or a baseline, from scratch. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train an architecture from scratch, quantization-aware at its bit widths, on the full"
                    + " training set; evaluate on the test set. Writes DIR/model/ and DIR/metrics.json.",
            "",
            // one short line per command, its meaning indented below: picocli wraps a longer line
            // to column 0, where it reads as a new paragraph
            "Examples:",
            "  mpnas train --run runs/fmnist",
            "      the architecture a search found",
            "  mpnas train --baseline uniform --bits 4 --out runs/u4",
            "      the preset's reference at 4 bits",
            "  mpnas train --baseline random --energy-budget 0.5 --out runs/rnd",
            "      10 random architectures in [0.9c, c], 2 epochs each, the best on",
            "      validation trained fully",
            "  mpnas train --baseline given --out runs/mine --architecture \\",
            "      e1k3w4a4-e3k3w6a4-e6k3w4a6-e6k3w4a6-e6k3w4a6-e6k3w4a6",
            "      an architecture of your own (codes as in architecture.json)"
        })
final class TrainCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--run", paramLabel = "DIR", description = "A search run directory.")
    Path run;

    @Option(
            names = "--baseline",
            paramLabel = "KIND",
            description = "Train a baseline instead: uniform, random or given (--architecture).")
    String baseline;

    @Option(
            names = "--architecture",
            paramLabel = "CODE",
            description =
                    "With --baseline given: the architecture, one code per searchable block joined"
                            + " by '-': skip or e<m>k<k>w<wbits>a<abits>, e.g. e6k3w4a8.")
    String architecture;

    @Option(names = "--bits", paramLabel = "B", defaultValue = "8", description = "With --baseline uniform: the bits. Default: ${DEFAULT-VALUE}.")
    int bits;

    @Option(
            names = "--energy-budget", paramLabel = "B",
            defaultValue = "0.5",
            description =
                    "With --baseline random: the energy budget c, relative to the uniform 8-bit"
                            + " reference priced with the same cost options (0.5), a uniform"
                            + " network's own energy (u4), or absolute"
                            + " (2.5mJ). Default: ${DEFAULT-VALUE}.")
    String energyBudget;

    @Option(
            names = "--candidates", paramLabel = "N",
            defaultValue = "10",
            description =
                    "With --baseline random: how many architectures to draw uniformly within"
                            + " [0.9c, c] of the budget c. Default: ${DEFAULT-VALUE}.")
    int candidates;

    @Option(
            names = "--candidate-epochs", paramLabel = "N",
            defaultValue = "2",
            description =
                    "With --baseline random: the epochs of each candidate's brief training (the"
                            + " rest of the recipe is the same). Default: ${DEFAULT-VALUE}.")
    int candidateEpochs;

    @Option(
            names = "--select-on",
            defaultValue = RandomBaseline.SELECT_ON_VALIDATION,
            paramLabel = "SPLIT",
            description =
                    "With --baseline random: the split the best candidate is chosen on, carved from"
                            + " the training set as the search's (test is refused: it would make"
                            + " the baseline's test score optimistic). Default: ${DEFAULT-VALUE}.")
    String selectOn;

    @Option(names = "--preset", paramLabel = "PRESET", defaultValue = "fashion-mnist", description = "With --baseline: the search space preset. Default: ${DEFAULT-VALUE}.")
    String preset;

    @Option(names = "--out", paramLabel = "DIR", description = "With --baseline: the run directory to create.")
    Path out;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "Epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "0.05", description = "Initial SGD learning rate (cosine). Default: ${DEFAULT-VALUE}.")
    float learningRate;

    @Option(
            names = "--resume",
            description =
                    "Continue from the last epoch checkpoint (the random baseline also keeps its"
                            + " finished candidates).")
    boolean resume;

    @Mixin RunOptions runOptions;

    @Mixin CostModelOptions costModel;

    @Mixin DataOptions data;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        if ((run == null) == (baseline == null)) {
            throw new IllegalArgumentException(
                    "give either --run DIR or --baseline uniform|random|given");
        }
        if (run != null) {
            Architecture arch = Architecture.load(RunFiles.architectureFile(run));
            print(trainer(arch.space()).trainRun(run, "search"));
            return ExitCodes.OK;
        }
        if (out == null) {
            throw new IllegalArgumentException("--baseline needs --out DIR");
        }
        if ("uniform".equals(baseline)) {
            BitWidths.check("--bits", bits); // before the data loads
        }
        SearchSpace space = SearchSpace.preset(preset);
        RunFiles.Pricing pricing = costModel.pricing();
        RunMetrics metrics =
                switch (baseline) {
                    case "uniform" -> trainer(space).trainUniform(out, space, bits, pricing);
                    case "given" -> {
                        if (architecture == null) {
                            throw new IllegalArgumentException(
                                    "--baseline given needs --architecture CODE");
                        }
                        Architecture given = Architecture.fromCode(space, architecture);
                        yield trainer(space).trainArchitecture(out, given, pricing, "given");
                    }
                    case "random" -> trainRandom(space, pricing);
                    default ->
                            throw new IllegalArgumentException(
                                    "--baseline " + baseline + ": allowed uniform, random, given");
                };
        print(metrics);
        return ExitCodes.OK;
    }

    /**
     * The random baseline: candidates train on the training part of the search's split (same
     * fraction and seed) and are chosen on its validation part; the winner trains on all of it.
     */
    private RunMetrics trainRandom(SearchSpace space, RunFiles.Pricing pricing) throws Exception {
        RandomBaseline baseline =
                RandomBaseline.builder()
                        .optSelectOn(selectOn)
                        .optCandidates(candidates)
                        .optCandidateEpochs(candidateEpochs)
                        .setSelectionData(
                                InMemorySplits.load(
                                        data.spec(
                                                space,
                                                DatasetSpec.DEFAULT_VALIDATION_FRACTION,
                                                runOptions.seed)))
                        .build();
        return trainer(space).trainRandom(out, space, Budget.parse(energyBudget), pricing, baseline);
    }

    private RunTraining trainer(SearchSpace space) throws Exception {
        String engine = runOptions.engine.apply(); // first: the data's arrays use it too
        return RunTraining.builder()
                .setData(InMemorySplits.load(data.spec(space, 0, runOptions.seed)))
                .optRecipe(epochs, runOptions.batch, learningRate)
                .optSeed(runOptions.seed)
                .optResume(resume)
                .optProgress(!runOptions.noProgress)
                .optEngine(engine)
                .optDevice(runOptions.engine.device())
                .build();
    }

    private void print(RunMetrics m) {
        PrintWriter w = spec.commandLine().getOut();
        w.printf(
                Locale.ROOT,
                "top-1 %.4f on %s, energy %s, latency %s, weights %.1f KiB%n",
                m.top1(),
                m.dataset(),
                Units.energy(m.energyNj()),
                Units.latency(m.latencyMs()),
                m.weightBitsTotal() / 8.0 / 1024);
    }
}
