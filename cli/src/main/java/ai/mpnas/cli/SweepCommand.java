package ai.mpnas.cli;

import ai.mpnas.bitfusion.Units;
import ai.mpnas.cli.sweep.ProtocolPlan;
import ai.mpnas.data.InMemorySplits;
import ai.mpnas.formats.AtomicFiles;
import ai.mpnas.formats.RunMetrics;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.MixedPrecisionSearch;
import ai.mpnas.search.RandomBaseline;
import ai.mpnas.search.RunFiles;
import ai.mpnas.search.RunTraining;
import ai.mpnas.search.SearchSettings;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.training.CheckpointStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mpnas sweep}: searches and trainings over several budgets, with the baselines. */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = {
            "With --protocol: every contender (joint search, bits-only, arch-only, random) at each"
                    + " budget and seed, and the uniform networks, each point run as ordinary mpnas"
                    + " command lines (search, train, export) in a child JVM, one at a time; results"
                    + " in DIR/table.json, DIR/table.md and DIR/report/top1-vs-energy.png. Each point"
                    + " is DIR/points/<budget>-<contender>-s<seed>/ with point.json (written when it"
                    + " is finished), commands.txt (every command line run) and log.txt.",
            "Without --protocol (the older sweep): one search and training per budget and seed,"
                    + " plus the uniform-precision and random baselines, in this JVM; results in"
                    + " DIR/sweep.json and DIR/sweep.md.",
            "With --protocol --spark MASTER: the same points as tasks on Apache Spark, each a"
                    + " child JVM, the same table.",
            "Every point is resumable: rerun the same command and finished points are kept,"
                    + " interrupted ones continue."
        })
final class SweepCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec CommandSpec spec;

    @Option(names = "--protocol", description = "Run the comparison protocol (see above).")
    boolean protocol;

    @Option(names = "--budgets", paramLabel = "B", split = ",", description = "Energy budgets: relative to the 8-bit reference (0.5) or a uniform network's own energy (u2, u4, u6, u8). Default: u2,u4,u6 with --protocol, else 0.3,0.5,0.7.")
    List<String> budgets;

    @Option(names = "--seeds", paramLabel = "SEEDS", defaultValue = "1", description = "A count N (seeds 1..N) or a list (1,2,3; one seed S: 'S,'). Default: ${DEFAULT-VALUE}.")
    String seeds;

    @Option(names = "--contenders", paramLabel = "NAME", split = ",", defaultValue = "joint,bits-only,arch-only,random", description = "With --protocol: the contenders at each budget. Default: ${DEFAULT-VALUE}.")
    List<String> contenders;

    @Option(names = "--uniform-bits", paramLabel = "B", split = ",", arity = "0..1", description = "Uniform-precision networks (budget-free); given without a value, none. Default: 2,4,6,8 with --protocol, else 2,4,8.")
    List<Integer> uniformBits;

    @Option(names = "--random-candidates", paramLabel = "N", description = "Random architectures tried per budget (0: no random baseline). Default: 10 with --protocol, else 2.")
    Integer randomCandidates;

    @Option(names = "--candidate-epochs", paramLabel = "N", defaultValue = "2", description = "With --protocol: epochs each random candidate trains before the best on the validation split is chosen. Default: ${DEFAULT-VALUE}.")
    int candidateEpochs;

    @Option(names = "--shared-supernet", description = "With --protocol: derive bits-only and arch-only from the joint point's trained supernet at the same budget and seed (search --supernet-from) instead of a search each: three contenders for the price of one search, judged on the same weights. Not with --spark (a derived point needs its joint point first).")
    boolean sharedSupernet;

    @Option(names = "--derivation", paramLabel = "evolution|sampled|argmax", description = "With --protocol: passed to every search (see search --help). Default: the search's own.")
    String derivation;

    @Option(names = "--preset", paramLabel = "PRESET", defaultValue = "fashion-mnist", description = "Search space preset. Default: ${DEFAULT-VALUE}.")
    String preset;

    @Option(names = "--search-epochs", paramLabel = "N", defaultValue = "8", description = "Search epochs. Default: ${DEFAULT-VALUE}.")
    int searchEpochs;

    @Option(names = "--warmup-epochs", paramLabel = "N", defaultValue = "2", description = "Search warm-up epochs. Default: ${DEFAULT-VALUE}.")
    int warmupEpochs;

    @Option(names = "--steps-per-epoch", paramLabel = "N", defaultValue = "0", description = "Search steps per epoch (0: all).")
    int stepsPerEpoch;

    @Option(names = "--train-epochs", paramLabel = "N", defaultValue = "10", description = "Training epochs of every point. Default: ${DEFAULT-VALUE}.")
    int trainEpochs;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--out", defaultValue = "runs/sweep", paramLabel = "DIR", description = "Sweep directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--no-progress", description = "Do not show progress bars.")
    boolean noProgress;

    @Option(names = "--threads", paramLabel = "N", description = "With --protocol: the cores of each point's child JVM (MXNet's OpenMP threads and the JVM's processor count); with --spark also spark.task.cpus, so that an executor runs as many points at once as it has cores / N. Default: the environment's (./mpnas: every core); with --spark, spark.task.cpus if set, else 1.")
    Integer threads;

    @Option(names = "--spark", paramLabel = "MASTER", description = "With --protocol: run each point as a task on Apache Spark (local[N], spark://HOST:7077, yarn, ...), from a driver in a JVM of its own (./mpnas builds the spark module on first use); --out must then be a directory every worker shares. local[N] retries a failed task as a cluster does. See the README, Sweeps on Apache Spark.")
    String spark;

    @Mixin CostModelOptions costModel;

    @Mixin DataOptions data;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        if (protocol) {
            return new ProtocolSetup(this).run();
        }
        if (spark != null || threads != null) {
            throw new IllegalArgumentException((spark != null ? "--spark" : "--threads")
                    + ": runs the protocol's points in child JVMs only; add --protocol");
        }
        budgets = budgets != null ? budgets : List.of("0.3", "0.5", "0.7");
        uniformBits = uniformBits != null ? uniformBits : List.of(2, 4, 8);
        uniformBits.forEach(b -> BitWidths.check("--uniform-bits", b));
        randomCandidates = randomCandidates != null ? randomCandidates : 2;
        SearchSpace space = SearchSpace.preset(preset);
        List<Budget> parsed = new ArrayList<>();
        for (String b : budgets) {
            parsed.add(Budget.parse(b));
        }
        RunFiles.Pricing pricing = costModel.pricing();
        Files.createDirectories(out);
        InMemorySplits searchData = null;
        ArrayNode points = MAPPER.createArrayNode();
        PrintWriter log = spec.commandLine().getOut();
        for (long seed : ProtocolPlan.parseSeeds(seeds)) {
            RunTraining trainer = trainer(space, seed);
            for (Budget budget : parsed) {
                Path dir = out.resolve("search-b" + budget + "-s" + seed);
                if (!Files.exists(dir.resolve("architecture.json"))) {
                    if (searchData == null) {
                        searchData = InMemorySplits.load(data.spec(space, 0.1, 1));
                    }
                    SearchSettings settings = settings(space, budget, seed);
                    boolean resume = new CheckpointStore(dir.resolve("checkpoints"), 2).latest().isPresent();
                    log.println("sweep: searching " + dir);
                    MixedPrecisionSearch.builder()
                            .setSettings(resume ? MixedPrecisionSearch.readSettings(dir) : settings)
                            .setData(searchData.train(), searchData.validation())
                            .setRunDirectory(dir)
                            .optResume(resume)
                            .optProgress(!noProgress)
                            .build()
                            .run();
                }
                points.add(point("search", budget.toString(), seed, dir, trainOnce(trainer, dir, "search")));
                if (randomCandidates > 0) {
                    Path rnd = out.resolve("random-b" + budget + "-s" + seed);
                    RunMetrics m = existing(rnd);
                    if (m == null) {
                        log.println("sweep: random baseline " + rnd);
                        m = trainer.trainRandom(rnd, space, budget, pricing,
                                RandomBaseline.builder()
                                        .setSelectionData(InMemorySplits.load(data.spec(space, 0.1, seed)))
                                        .optCandidates(randomCandidates)
                                        .build());
                    }
                    points.add(point("random", budget.toString(), seed, rnd, m));
                }
            }
            for (int bits : uniformBits) {
                Path dir = out.resolve("uniform-" + bits + "bit-s" + seed);
                RunMetrics m = existing(dir);
                if (m == null) {
                    log.println("sweep: uniform baseline " + dir);
                    m = trainer.trainUniform(dir, space, bits, pricing);
                }
                points.add(point("uniform-" + bits + "bit", "", seed, dir, m));
            }
        }
        double reference = pricing.cost(space.reference(8)).energyTotalNj();
        for (JsonNode p : points) {
            ((ObjectNode) p).put("energy_vs_8bit", p.get("energy_nJ").asDouble() / reference);
        }
        ObjectNode result = MAPPER.createObjectNode();
        result.put("format", "mpnas/sweep@1");
        result.put("preset", preset);
        result.put("reference_8bit_energy_nJ", reference);
        result.set("points", points);
        AtomicFiles.writeString(out.resolve("sweep.json"), MAPPER.writeValueAsString(result));
        String table = markdown(points);
        AtomicFiles.writeString(out.resolve("sweep.md"), table);
        log.print(table);
        return ExitCodes.OK;
    }

    private RunMetrics trainOnce(RunTraining trainer, Path dir, String origin) throws Exception {
        RunMetrics m = existing(dir);
        return m != null ? m : trainer.trainRun(dir, origin);
    }

    private static RunMetrics existing(Path dir) throws Exception {
        Path f = dir.resolve(RunMetrics.FILE);
        return Files.exists(f) ? RunMetrics.read(f) : null;
    }

    private RunTraining trainer(SearchSpace space, long seed) throws Exception {
        return RunTraining.builder()
                .setData(InMemorySplits.load(data.spec(space, 0, seed)))
                .optRecipe(trainEpochs, batch, 0.05f)
                .optSeed(seed)
                .optResume(true)
                .optProgress(!noProgress)
                .build();
    }

    SearchSettings settings(SearchSpace space, Budget budget, long seed) throws IOException {
        return SearchSettings.builder()
                .setSearchSpace(space)
                .optDataset(data.kind(space).id())
                .optBudget(budget)
                .optCostModel(costModel.kind(), costModel.depthwiseMode())
                .optBitModes(costModel.bitModes())
                .optAccelerator(costModel.config())
                .optEpochs(searchEpochs, warmupEpochs)
                .optBatchSize(batch)
                .optStepsPerEpoch(stepsPerEpoch)
                .optSeed(seed)
                .build();
    }

    private static ObjectNode point(String kind, String budget, long seed, Path dir, RunMetrics m) {
        ObjectNode p = MAPPER.createObjectNode();
        p.put("kind", kind);
        p.put("budget", budget);
        p.put("seed", seed);
        p.put("top1", m.top1());
        p.put("energy_nJ", m.energyNj());
        p.put("latency_ms", m.latencyMs());
        p.put("weight_bits_total", m.weightBitsTotal());
        p.put("architecture", m.architecture() == null ? "" : m.architecture());
        p.put("dir", dir.toString());
        return p;
    }

    static String markdown(JsonNode points) {
        StringBuilder sb = new StringBuilder();
        sb.append("| run | budget | seed | top-1 | energy (uJ) | vs 8-bit | latency (ms) | weights (KiB) |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (JsonNode p : points) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.4f | %s | %.3f | %s | %.1f |%n",
                    p.get("kind").asText(), p.get("budget").asText(), p.get("seed").asLong(),
                    p.get("top1").asDouble(), Units.microjoules(p.get("energy_nJ").asDouble()),
                    p.get("energy_vs_8bit").asDouble(),
                    Units.milliseconds(p.get("latency_ms").asDouble()),
                    p.get("weight_bits_total").asDouble() / 8 / 1024));
        }
        return sb.toString();
    }
}
