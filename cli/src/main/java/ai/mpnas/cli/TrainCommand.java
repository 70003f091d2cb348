package ai.mpnas.cli;

import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.RunFiles;
import ai.mpnas.search.ScratchTraining;
import ai.mpnas.search.SearchData;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.policy.ArchitecturePolicy;
import ai.mpnas.search.train.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mpnas train}: train a found architecture, or a baseline, from scratch. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train an architecture from scratch, quantization-aware at its bit widths, on the full"
                    + " training set; evaluate on the test set. Writes DIR/model/ and DIR/metrics.json.",
            "",
            "  mpnas train --run runs/fmnist                       the architecture a search found",
            "  mpnas train --baseline uniform --bits 4 --out runs/u4  the preset's reference at 4 bits",
            "  mpnas train --baseline random --energy-budget 0.5 --out runs/rnd"
                    + "   best of N random architectures within the budget"
        })
final class TrainCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec CommandSpec spec;

    @Option(names = "--run", paramLabel = "DIR", description = "A search run directory.")
    Path run;

    @Option(
            names = "--baseline",
            paramLabel = "KIND",
            description = "Train a baseline instead: uniform or random.")
    String baseline;

    @Option(names = "--bits", defaultValue = "8", description = "With --baseline uniform: the bits. Default: ${DEFAULT-VALUE}.")
    int bits;

    @Option(
            names = "--energy-budget",
            defaultValue = "0.5",
            description = "With --baseline random: the budget. Default: ${DEFAULT-VALUE}.")
    String energyBudget;

    @Option(
            names = "--candidates",
            defaultValue = "3",
            description = "With --baseline random: how many random architectures to train. Default: ${DEFAULT-VALUE}.")
    int candidates;

    @Option(names = "--preset", defaultValue = "fashion-mnist", description = "With --baseline: the search space preset. Default: ${DEFAULT-VALUE}.")
    String preset;

    @Option(names = "--out", paramLabel = "DIR", description = "With --baseline: the run directory to create.")
    Path out;

    @Option(names = "--epochs", defaultValue = "10", description = "Epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch", defaultValue = "64", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--lr", defaultValue = "0.05", description = "Initial SGD learning rate (cosine). Default: ${DEFAULT-VALUE}.")
    float learningRate;

    @Option(names = "--seed", defaultValue = "1", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--resume", description = "Continue from the last epoch checkpoint.")
    boolean resume;

    @Option(names = "--no-progress", description = "Do not show a progress bar.")
    boolean noProgress;

    @Mixin CostModelOptions costModel;

    @Mixin DataOptions data;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        if ((run == null) == (baseline == null)) {
            throw new IllegalArgumentException("give either --run DIR or --baseline uniform|random");
        }
        if (run != null) {
            return trainRun(run, "search");
        }
        if (out == null) {
            throw new IllegalArgumentException("--baseline needs --out DIR");
        }
        SearchSpace space = SearchSpace.preset(preset);
        RunFiles.Pricing pricing = pricing();
        switch (baseline) {
            case "uniform" -> {
                Files.createDirectories(out);
                RunFiles.writeArchitecture(out, space.reference(bits), pricing, "uniform-" + bits + "bit");
                return trainRun(out, "uniform-" + bits + "bit");
            }
            case "random" -> {
                return trainRandom(space, pricing);
            }
            default ->
                    throw new IllegalArgumentException(
                            "--baseline " + baseline + ": allowed uniform, random");
        }
    }

    private RunFiles.Pricing pricing() throws Exception {
        ObjectNode bf = MAPPER.createObjectNode();
        ObjectNode section = bf.putObject("bitfusion");
        section.put("model", costModel.kind().jsonName());
        section.put("depthwise", costModel.depthwiseMode().jsonName());
        section.put("batch", 1);
        section.set("accelerator", ai.mpnas.bitfusion.AcceleratorConfigJson.toJson(costModel.config()));
        return RunFiles.pricing(bf, "options");
    }

    private int trainRun(Path dir, String origin) throws Exception {
        Path file = RunFiles.architectureFile(dir);
        JsonNode json = MAPPER.readTree(file.toFile());
        Architecture arch = Architecture.load(file);
        ObjectNode metrics = train(dir, arch, RunFiles.pricing(json, file.toString()), origin);
        print(metrics);
        return ExitCodes.OK;
    }

    private ObjectNode train(Path dir, Architecture arch, RunFiles.Pricing pricing, String origin)
            throws Exception {
        SearchData loaded = SearchData.load(data.spec(arch.space(), 0, seed));
        ScratchTraining.Report report =
                ScratchTraining.builder()
                        .setArchitecture(arch)
                        .setData(loaded.train(), loaded.test())
                        .setOutputDirectory(dir)
                        .optEpochs(epochs)
                        .optBatchSize(batch)
                        .optOptimizer(learningRate, 0.9f, 4e-5f)
                        .optSeed(seed)
                        .optResume(resume)
                        .optProgress(!noProgress)
                        .build()
                        .run();
        ObjectNode recipe = MAPPER.createObjectNode();
        recipe.put("origin", origin);
        recipe.put("epochs", epochs);
        recipe.put("batch", batch);
        recipe.put("learning_rate", learningRate);
        recipe.put("seed", seed);
        recipe.put("train_images", loaded.train().size());
        recipe.put("test_images", loaded.test().size());
        return RunFiles.writeMetrics(dir, arch, pricing, report.top1(), loaded.info(), recipe);
    }

    private int trainRandom(SearchSpace space, RunFiles.Pricing pricing) throws Exception {
        double reference = pricing.cost(space.reference(8)).energyTotalNj();
        Budget budget = Budget.parse(energyBudget);
        double limit =
                budget.resolve(CostMetric.ENERGY, reference, pricing.accelerator().frequencyHz());
        ArchitecturePolicy uniform = ArchitecturePolicy.uniform(space);
        Random rng = new Random(seed);
        Files.createDirectories(out);
        ArrayNode tried = MAPPER.createArrayNode();
        Path best = null;
        double bestTop1 = -1;
        for (int i = 0; i < candidates; i++) {
            Architecture arch = null;
            for (int attempt = 0; attempt < 100_000 && arch == null; attempt++) {
                Architecture a = uniform.sample(rng, 1).architecture();
                if (pricing.cost(a).energyTotalNj() <= limit) {
                    arch = a;
                }
            }
            if (arch == null) {
                throw new IllegalArgumentException(
                        "no random architecture within " + limit + " nJ in 100000 samples");
            }
            Path dir = out.resolve("candidate-" + i);
            Files.createDirectories(dir);
            RunFiles.writeArchitecture(dir, arch, pricing, "random-" + i);
            ObjectNode m = train(dir, arch, pricing, "random-" + i);
            tried.add(m);
            if (m.get("top1").asDouble() > bestTop1) {
                bestTop1 = m.get("top1").asDouble();
                best = dir;
            }
        }
        // The best candidate by TEST accuracy: an optimistic (upper-bound) random baseline.
        for (String f : new String[] {"architecture.json", "metrics.json"}) {
            Files.copy(best.resolve(f), out.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        copyTree(best.resolve("model"), out.resolve("model"));
        ObjectNode summary = MAPPER.createObjectNode();
        summary.put("budget_nJ", limit);
        summary.put("best", best.getFileName().toString());
        summary.set("candidates", tried);
        AtomicFiles.writeString(out.resolve("random-candidates.json"), MAPPER.writeValueAsString(summary));
        print((ObjectNode) MAPPER.readTree(out.resolve("metrics.json").toFile()));
        return ExitCodes.OK;
    }

    private static void copyTree(Path from, Path to) throws Exception {
        AtomicFiles.deleteTree(to);
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    private void print(ObjectNode m) {
        PrintWriter w = spec.commandLine().getOut();
        w.printf(
                Locale.ROOT,
                "top-1 %.4f on %s, energy %.4f mJ, latency %.4f ms, weights %.1f KiB%n",
                m.get("top1").asDouble(),
                m.get("dataset").asText(),
                m.get("energy_nJ").asDouble() / 1e6,
                m.get("latency_ms").asDouble(),
                m.get("weight_bits_total").asDouble() / 8 / 1024);
    }
}
