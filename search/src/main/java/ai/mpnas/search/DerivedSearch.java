package ai.mpnas.search;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.mpnas.data.InMemoryImages;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.plugin.supernet.SuperNet;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.derive.DerivationSettings;
import ai.mpnas.search.derive.Selection;
import ai.mpnas.search.policy.ArchitecturePolicy;
import ai.mpnas.search.policy.PolicyJson;
import ai.mpnas.search.policy.PolicyRestriction;
import ai.mpnas.search.policy.SearchConstraint;
import ai.mpnas.training.CheckpointStore;
import ai.mpnas.training.MomentumSgd;
import ai.mpnas.training.RunBuilder;
import ai.mpnas.training.WeightsCheckpoint;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A search that trains nothing: it derives a result within its own constraint and budget from the
 * supernet and policy another, finished search trained ({@code search --supernet-from RUN}).
 *
 * <p>Why: the protocol's bits-only and arch-only contenders then cost one derivation each instead
 * of a search each, and all contenders of a (budget, seed) are judged on the same weights, so a
 * difference between them is the space's, not the luck of separate supernet trainings. The
 * source's policy is restricted to the narrower constraint ({@link PolicyRestriction}) to seed the
 * derivation; the source's settings must equal this run's but for the budget and the constraint.
 * The run directory holds {@code settings.json} (with {@value #SUPERNET_FROM}: the source run and
 * the step of its checkpoint), the derivation's own checkpoint and {@code architecture.json}, and
 * trains, exports and resumes like any search.
 */
final class DerivedSearch {

    /** The settings field naming the source run and its checkpoint's step. */
    static final String SUPERNET_FROM = "supernet_from";

    /** Fields a derived run may set differently from its source. */
    private static final Set<String> MAY_DIFFER = Set.of(
            "budget", SearchConstraint.FIX_ARCHITECTURE, SearchConstraint.FIX_BITS);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DerivedSearch() {}

    /**
     * Returns the settings of a run derived from a source run: the source's, with another
     * budget and constraint.
     *
     * @param source the source run directory
     * @param constraint the derived result's constraint
     * @param budget the derived result's budget
     * @return the settings
     * @throws IOException if the source's settings cannot be read
     */
    static SearchSettings settingsFrom(Path source, SearchConstraint constraint, Budget budget)
            throws IOException {
        ObjectNode json = MixedPrecisionSearch.readSettings(source).toJson();
        json.remove(MAY_DIFFER);
        json.put("budget", budget.toString());
        constraint.writeTo(json);
        return SearchSettingsJson.read(json, source.resolve("settings.json").toString());
    }

    /**
     * Returns the source run a derived run's settings name, or null for a search that trained.
     *
     * @param run a run directory
     * @return the source run directory, or null
     * @throws IOException if the settings cannot be read
     */
    static Path sourceOf(Path run) throws IOException {
        var from = MAPPER.readTree(run.resolve("settings.json").toFile()).path(SUPERNET_FROM);
        return from.path("run").isTextual() ? Path.of(from.path("run").asText()) : null;
    }

    /**
     * Derives the result and writes it into the run directory.
     *
     * @param run what the run is: settings, data, directory, engine
     * @param source the source run directory
     * @param log where progress lines go
     * @return the result
     * @throws IOException if a file cannot be read or written
     * @throws IllegalArgumentException if the source has not finished, was trained on another
     *     engine, or its settings differ from the run's in more than budget and constraint
     */
    static SearchResult run(Run run, Path source, Consumer<String> log) throws IOException {
        SearchSettings sourceSettings = MixedPrecisionSearch.readSettings(source);
        checkComparable(run.settings(), sourceSettings, source);
        String sourceEngine = MixedPrecisionSearch.readEngine(source);
        if (!sourceEngine.equals(RunBuilder.engineName(run.engine()))) {
            throw new IllegalArgumentException(source + ": trained on " + sourceEngine
                    + ", which its weights load on; allowed: --engine " + sourceEngine);
        }
        SearchSchedule schedule = SearchSchedule.of(
                sourceSettings, run.train().size(), run.validation().size());
        Path checkpoint = new CheckpointStore(source.resolve("checkpoints"), 2).latest()
                .orElseThrow(() -> new IllegalArgumentException(source + ": no checkpoint"));
        long step = CheckpointStore.stepOf(checkpoint);
        if (step != schedule.total()) {
            throw new IllegalArgumentException(source + ": the search has not finished (step "
                    + step + " of " + schedule.total() + "); finish it with --resume first");
        }
        writeSettings(run, source, step);
        SearchSpace space = run.settings().space();
        ArchitecturePolicy trained = ArchitecturePolicy.uniform(space, sourceSettings.constraint());
        Path policyFile = checkpoint.resolve("policy.json");
        PolicyJson.read(Files.readString(policyFile), policyFile.toString(), trained);
        ArchitecturePolicy policy =
                PolicyRestriction.restrict(trained, run.settings().constraint());
        MixedPrecisionSearch.Pricing pricing = MixedPrecisionSearch.price(run.settings());
        SuperNet net = SuperNet.builder().setSearchSpace(space)
                .optSharing(sourceSettings.sharing()).build();
        Shape input = new Shape(run.settings().batchSize()).addAll(run.train().inputShape());
        try (Model model = RunBuilder.newModel("mpnas-supernet", run.device(), run.engine())) {
            model.setBlock(net);
            net.setArchitecture(space.reference(8));
            // the optimizer only carries the checkpoint's momentum; nothing is trained
            MomentumSgd sgd = MomentumSgd.builder().build();
            WeightsCheckpoint.readBeforeTraining(checkpoint, model, sgd, input);
            try (Trainer trainer = model.newTrainer(
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(sgd))) {
                trainer.initialize(input);
                Selection selection = Derivations.select(run.settings(), run.derivation(),
                        policy, pricing, net, trainer, run.train(), run.validation(),
                        schedule.total(),
                        run.directory(), log);
                return ResultWriter.write(
                        run.settings(), policy, pricing, selection, run.directory());
            }
        }
    }

    /** Refuses a source whose settings differ in more than what a derived run may change. */
    private static void checkComparable(SearchSettings mine, SearchSettings theirs, Path source) {
        ObjectNode a = mine.toJson();
        ObjectNode b = theirs.toJson();
        a.remove(MAY_DIFFER);
        b.remove(MAY_DIFFER);
        List<String> differing = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        a.fieldNames().forEachRemaining(names::add);
        b.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (!a.path(name).equals(b.path(name))) {
                differing.add(name);
            }
        }
        if (!differing.isEmpty()) {
            throw new IllegalArgumentException(source.resolve("settings.json") + ": "
                    + String.join(", ", differing) + " differ from this run's; a derived run"
                    + " may change only " + String.join(", ", new TreeSet<>(MAY_DIFFER)));
        }
    }

    /** settings.json: the run's settings, its derivation, engine and source. */
    private static void writeSettings(Run run, Path source, long step) throws IOException {
        ObjectNode json =
                SettingsFile.json(run.settings(), run.derivation(), run.engine());
        ObjectNode from = json.putObject(SUPERNET_FROM);
        from.put("run", source.toString());
        from.put("step", step);
        SettingsFile.write(run.directory(), json);
    }

    /**
     * What a derived run is.
     *
     * @param settings its settings (the source's but for budget and constraint)
     * @param derivation how it derives
     * @param train the training split (its input shape)
     * @param validation the validation split (the scores)
     * @param directory its run directory
     * @param engine the engine (the source's)
     * @param device the device
     */
    record Run(SearchSettings settings, DerivationSettings derivation, InMemoryImages train,
            InMemoryImages validation, Path directory, String engine, Device device) {}
}
