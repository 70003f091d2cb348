package ai.mpnas.cli;

import ai.mpnas.bitfusion.Units;
import ai.mpnas.data.InMemorySplits;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.CostPenalty;
import ai.mpnas.search.GradientEstimator;
import ai.mpnas.search.LossEstimator;
import ai.mpnas.search.MixedPrecisionSearch;
import ai.mpnas.search.ObjectiveSettings;
import ai.mpnas.search.SearchResult;
import ai.mpnas.search.SearchSettings;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.derive.DerivationMethod;
import ai.mpnas.search.derive.DerivationSettings;
import ai.mpnas.search.derive.DerivationSettingsJson;
import ai.mpnas.search.policy.SearchConstraint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mpnas search}: the joint architecture and bit-width search under a budget. */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description = {
            "Search architecture and per-layer bit widths together under a Bit Fusion energy (or"
                    + " latency) budget. With no options: the fashion-mnist preset at half the"
                    + " energy of its 8-bit reference, on Debian's Fashion-MNIST.",
            "Writes DIR/architecture.json, policy.json, history.csv, settings.json and"
                    + " checkpoints/; --resume continues a killed run.",
            "The same search with one half fixed is a baseline: --fix-architecture reference"
                    + " searches only the bit widths (bits-only, what HAQ does), --fix-bits B only"
                    + " the architecture (arch-only)."
        })
final class SearchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--preset", paramLabel = "PRESET",
            defaultValue = "fashion-mnist",
            description = "Search space preset: imagenet, cifar, fashion-mnist. Default: ${DEFAULT-VALUE}.")
    String preset;

    @Option(
            names = "--space",
            paramLabel = "FILE.json",
            description = "A search space file (overrides --preset).")
    Path spaceFile;

    @Option(
            names = "--energy-budget",
            paramLabel = "B",
            description =
                    "Energy budget: a fraction of the 8-bit reference (0.5) or absolute (2.5mJ,"
                            + " 800uJ, 1200000nJ). Default: 0.5.")
    String energyBudget;

    @Option(
            names = "--latency-budget",
            paramLabel = "B",
            description = "Constrain latency instead: a fraction (0.5) or absolute (3ms, 150000cycles).")
    String latencyBudget;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "8", description = "Epochs, warm-up included. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(
            names = "--warmup-epochs", paramLabel = "N",
            defaultValue = "2",
            description = "Weight-only epochs with uniformly sampled paths. Default: ${DEFAULT-VALUE}.")
    int warmupEpochs;

    @Option(
            names = "--steps-per-epoch", paramLabel = "N",
            defaultValue = "0",
            description = "Weight steps per epoch (0: the whole training split).")
    int stepsPerEpoch;

    @Option(names = "--lambda", paramLabel = "LAMBDA", defaultValue = "2", description = "Weight of the budget penalty. Default: ${DEFAULT-VALUE}.")
    double lambda;

    @Option(
            names = "--estimator", paramLabel = "ESTIMATOR",
            defaultValue = "reinforce",
            description = "Gradient of E[J]: reinforce (the method's) or exact. Default: ${DEFAULT-VALUE}.")
    String estimator;

    @Option(
            names = "--loss-estimator", paramLabel = "ESTIMATOR",
            defaultValue = "pathwise",
            description =
                    "Gradient of the validation loss: pathwise (through the straight-through"
                            + " Gumbel gates, the method's) or reinforce (compares sampled"
                            + " architectures by their loss; see the README). Default:"
                            + " ${DEFAULT-VALUE}.")
    LossEstimator lossEstimator;

    @Option(
            names = "--architectures-per-step",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Architectures sampled per theta step and evaluated on the same validation"
                            + " batch; with N > 1 each REINFORCE term is compared with the mean of"
                            + " the others. Default: ${DEFAULT-VALUE}.")
    int architecturesPerStep;

    @Option(
            names = "--skip-prior",
            paramLabel = "P",
            defaultValue = "0.5",
            description =
                    "Probability with which the starting policy skips each block that may be"
                            + " skipped (0.5: uniform over the codes; 0.1: skip as one of a"
                            + " block's ten operators). Default: ${DEFAULT-VALUE}.")
    double skipPrior;

    @Option(
            names = "--sandwich",
            negatable = true,
            defaultValue = "false",
            description =
                    "Every weight step also trains the largest operator of every block (largest"
                            + " m and k, no skip) on the same batch, so that the supernet does not"
                            + " favour small paths for being trained more. Default: ${DEFAULT-VALUE}.")
    boolean sandwich;

    @Option(
            names = "--penalty",
            paramLabel = "hinge|absolute",
            defaultValue = "hinge",
            description =
                    "The cost term: hinge = the paper's lambda * max(E[J]/c - 1, 0) on the exact"
                            + " E[J]; absolute = TuNAS's lambda * |J/c - 1| per sampled"
                            + " architecture in its REINFORCE reward (needs --estimator"
                            + " reinforce). The default stays the paper's until the protocol"
                            + " has compared them. Default: ${DEFAULT-VALUE}.")
    String penalty;

    @Option(
            names = "--theta-warmup",
            paramLabel = "F",
            defaultValue = "0",
            description =
                    "No theta updates for the first fraction F of the search steps after the"
                            + " weight warm-up (TuNAS uses 0.25); the weights train on the"
                            + " starting policy's samples meanwhile. The default stays 0 until"
                            + " the protocol has compared them. Default: ${DEFAULT-VALUE}.")
    double thetaWarmup;

    @Option(
            names = "--fix-architecture",
            paramLabel = "NAME",
            description =
                    "The bits-only baseline (what HAQ does): fix skip, m and k to NAME's and search"
                            + " only the weight and activation bit widths. NAME: reference (no"
                            + " skip, the largest m and the smallest k in every block: m = 6,"
                            + " k = 3 in the presets). A budget below the reference's cheapest bit"
                            + " widths fails at once. Default: none (the joint search).")
    String fixArchitecture;

    @Option(
            names = "--fix-bits",
            paramLabel = "B",
            description =
                    "The arch-only baseline: fix every weight and activation bit width at B and"
                            + " search only skip, m and k (architecture search, then uniform"
                            + " quantization). B: a bit width of the space (2, 4, 6 or 8 in the"
                            + " presets). Default: none (the joint search).")
    Integer fixBits;

    @Option(
            names = "--supernet-from",
            paramLabel = "RUN",
            description =
                    "Train nothing: derive a result within this run's --energy-budget and"
                            + " --fix-architecture/--fix-bits from the supernet and policy of the"
                            + " finished search in RUN (its other settings, data split and engine"
                            + " are taken from RUN). The protocol derives bits-only and arch-only"
                            + " this way from the joint search's supernet. Default: none.")
    Path supernetFrom;

    @Option(
            names = "--cost-batch", paramLabel = "N",
            defaultValue = "1",
            description = "Batch size the Bit Fusion cost is priced at. Default: ${DEFAULT-VALUE}.")
    int costBatch;

    @Option(
            names = "--derivation-candidates", paramLabel = "N",
            defaultValue = "16",
            description =
                    "Architectures sampled from the final policy that compete with the most likely"
                            + " one on validation accuracy (0: the most likely one, as in the"
                            + " paper). Default: ${DEFAULT-VALUE}.")
    int derivationCandidates;

    @Option(
            names = "--derivation",
            paramLabel = "evolution|sampled|argmax",
            defaultValue = "sampled",
            description =
                    "How the result is derived from the trained supernet and policy: sampled (the"
                            + " most likely architecture and --derivation-candidates samples,"
                            + " best validation accuracy), argmax (the paper's), or evolution (a"
                            + " constrained evolutionary search over the supernet, seeded from"
                            + " the policy, scored by validation loss). The default stays"
                            + " sampled until the protocol has compared them. Default:"
                            + " ${DEFAULT-VALUE}.")
    String derivation;

    @Option(
            names = "--evolution-population",
            paramLabel = "N",
            defaultValue = "30",
            description = "With --derivation evolution: population size. Default: ${DEFAULT-VALUE}.")
    int evolutionPopulation;

    @Option(
            names = "--evolution-generations",
            paramLabel = "N",
            defaultValue = "10",
            description =
                    "With --derivation evolution: generations after the first. Default:"
                            + " ${DEFAULT-VALUE}.")
    int evolutionGenerations;

    @Option(
            names = "--recalibration-images",
            paramLabel = "N",
            defaultValue = "2000",
            description =
                    "With --derivation evolution: training images (a fixed, seeded set) whose"
                            + " activations recalibrate each candidate's BatchNorm statistics"
                            + " before its validation loss is measured with them, as in SPOS and"
                            + " OFA; 0: no recalibration, each batch of validation images is"
                            + " normalised with its own statistics. Default: ${DEFAULT-VALUE}.")
    int recalibrationImages;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description =
                    "Run directory. Default: runs/search-<preset>-<budget>-seed<S>, followed by"
                            + " -bits-only or -arch-only<B> for a baseline.")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
    boolean resume;

    @Mixin RunOptions runOptions;

    @Mixin CostModelOptions costModel;

    @Mixin DataOptions data;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        if (energyBudget != null && latencyBudget != null) {
            throw new IllegalArgumentException("give --energy-budget or --latency-budget, not both");
        }
        CostMetric metric = latencyBudget != null ? CostMetric.LATENCY : CostMetric.ENERGY;
        String budgetText =
                latencyBudget != null ? latencyBudget : energyBudget != null ? energyBudget : "0.5";
        Budget budget = Budget.parse(budgetText);
        SearchSettings requested = requestedSettings(metric, budget);
        Path run =
                out != null
                        ? out
                        : Path.of("runs", "search-" + preset + "-" + budgetText + "-seed"
                                + runOptions.seed + contenderSuffix(requested.constraint()));
        DerivationSettings derivationSettings =
                DerivationSettings.builder()
                        .optMethod(DerivationMethod.fromJsonName(derivation))
                        .optEvolution(evolutionPopulation, evolutionGenerations)
                        .optRecalibrationImages(recalibrationImages)
                        .build();
        SearchSettings settings;
        if (resume) {
            settings = MixedPrecisionSearch.readSettings(run);
            DerivationSettings held = MixedPrecisionSearch.readDerivation(run);
            ResumeOptions.refuseContradictions(
                    spec.commandLine().getParseResult(),
                    DerivationSettingsJson.writeTo(derivationSettings, requested.toJson()),
                    DerivationSettingsJson.writeTo(held, settings.toJson()),
                    run.resolve("settings.json"));
            derivationSettings = held;
            runOptions.engine.engine =
                    ResumeOptions.engineOf(
                            spec.commandLine().getParseResult(),
                            runOptions.engine.engine,
                            MixedPrecisionSearch.readEngine(run),
                            run.resolve("settings.json"));
        } else if (supernetFrom != null) {
            settings = MixedPrecisionSearch.settingsFrom(
                    supernetFrom, requested.constraint(), requested.budget());
            ResumeOptions.refuseDifferences(spec.commandLine().getParseResult(),
                    requested.toJson(), settings.toJson(), supernetFrom.resolve("settings.json"),
                    new ResumeOptions.Why("--supernet-from derives with the source's settings"
                            + " but for the budget and the constraint", "the source",
                            "drop the option"));
            if (!spec.commandLine().getParseResult().hasMatchedOption("--engine")) {
                runOptions.engine.engine = MixedPrecisionSearch.readEngine(supernetFrom);
            }
            MixedPrecisionSearch.price(settings);
        } else {
            settings = requested;
            // fail on an impossible budget before any data is read
            MixedPrecisionSearch.price(settings);
        }
        String engine = runOptions.engine.apply(); // before any array is made
        InMemorySplits loaded =
                InMemorySplits.load(data.spec(settings.space(), 0.1, settings.seed()));
        if (loaded.info().numClasses() != settings.space().classes()) {
            throw new IllegalArgumentException(
                    "the dataset has "
                            + loaded.info().numClasses()
                            + " classes but the search space "
                            + settings.space().id()
                            + " has "
                            + settings.space().classes());
        }
        SearchResult result =
                MixedPrecisionSearch.builder()
                        .setSettings(settings)
                        .setData(loaded.train(), loaded.validation())
                        .setRunDirectory(run)
                        .optResume(resume)
                        .optProgress(!runOptions.noProgress)
                        .optDerivation(derivationSettings)
                        .optEngine(engine)
                        .optDevice(runOptions.engine.device())
                        .optSupernetFrom(
                                resume ? MixedPrecisionSearch.readSupernetFrom(run) : supernetFrom)
                        .build()
                        .run();
        printSummary(spec.commandLine().getOut(), result, settings.metric());
        return ExitCodes.OK;
    }

    /** The settings this command line asks for (a resumed run keeps its own, see --resume). */
    private SearchSettings requestedSettings(CostMetric metric, Budget budget) throws IOException {
        SearchSpace space = spaceFile != null ? SearchSpace.load(spaceFile) : SearchSpace.preset(preset);
        return SearchSettings.builder()
                .setSearchSpace(space)
                .optDataset(data.kind(space).id())
                .optMetric(metric)
                .optBudget(budget)
                .optCostModel(costModel.kind(), costModel.depthwiseMode())
                .optBitModes(costModel.bitModes())
                .optAccelerator(costModel.config())
                .optCostBatch(costBatch)
                .optEpochs(epochs, warmupEpochs)
                .optBatchSize(runOptions.batch)
                .optStepsPerEpoch(stepsPerEpoch)
                .optLambda(lambda)
                .optEstimator(GradientEstimator.valueOf(estimator.toUpperCase(Locale.ROOT)))
                .optLossEstimator(lossEstimator)
                .optArchitecturesPerStep(architecturesPerStep)
                .optSkipPrior(skipPrior)
                .optSandwich(sandwich)
                .optObjective(new ObjectiveSettings(CostPenalty.fromJsonName(penalty), thetaWarmup))
                .optSeed(runOptions.seed)
                .optDerivationCandidates(derivationCandidates)
                .optFixArchitecture(fixArchitecture)
                .optFixBits(fixBits != null ? BitWidths.check("--fix-bits", fixBits) : 0)
                .build();
    }

    /** The default run directory of a baseline, so that it does not meet the joint search's. */
    private static String contenderSuffix(SearchConstraint constraint) {
        if (constraint.isNone()) {
            return "";
        }
        return "-" + constraint.contender() + (constraint.bits() != 0 ? constraint.bits() : "");
    }

    static void printSummary(PrintWriter out, SearchResult r, CostMetric metric) {
        Architecture arch = r.architecture();
        out.println("found architecture (per searchable block):");
        for (int b = 0; b < arch.blocks().size(); b++) {
            BlockChoice c = arch.blocks().get(b);
            out.printf(Locale.ROOT, "  block%-3d %s%n", b, c.code());
        }
        boolean energy = metric == CostMetric.ENERGY;
        out.printf(
                Locale.ROOT,
                "energy %s, latency %.0f cycles; budget %s (%.3f of the 8-bit reference: %s)%n",
                Units.energy(r.energyNj()),
                r.latencyCycles(),
                energy ? Units.energy(r.budget()) : String.format(Locale.ROOT, "%.0f cycles", r.budget()),
                r.budget() / r.referenceCost(),
                energy
                        ? Units.energy(r.referenceCost())
                        : String.format(Locale.ROOT, "%.0f cycles", r.referenceCost()));
        if (r.repairs() > 0) {
            out.printf("the most likely architecture broke the budget; %d block(s) repaired%n", r.repairs());
        }
        out.println("run directory: " + r.runDirectory().toAbsolutePath());
    }
}
