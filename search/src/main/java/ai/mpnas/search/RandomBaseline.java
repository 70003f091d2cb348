package ai.mpnas.search;

import ai.mpnas.data.InMemorySplits;
import ai.mpnas.formats.AtomicFiles;
import ai.mpnas.formats.RunMetrics;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.ValidationTraining.Scored;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.cost.CostTable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The random baseline of the protocol: N distinct architectures drawn uniformly within [0.9c, c]
 * ({@link RandomArchitectures}), each trained briefly on the training part of a split carved from
 * the training set (as the search's) and scored on its validation part; the best is then trained
 * from scratch with the full recipe and evaluated once on the test set. The test set is never
 * handed to a candidate: choosing on it would make the baseline's test score optimistic.
 *
 * <p>Each candidate lives in {@code candidate-i/} with its {@link #CANDIDATE_FILE}; a resumed run
 * keeps the finished ones (after checking they are the same draw and recipe) and continues a
 * killed one from its epoch checkpoint. Run it with {@link RunTraining#trainRandom}.
 */
public final class RandomBaseline {

    /** The summary of the candidates and the winner, in the run directory. */
    public static final String CANDIDATES_FILE = "random-candidates.json";

    /** A finished candidate's scores, in its own directory. */
    public static final String CANDIDATE_FILE = ValidationTraining.FILE;

    /** The format id of {@link #CANDIDATES_FILE}. */
    public static final String FORMAT = "mpnas/random-candidates@1";

    /** The only split candidates may be chosen on. */
    public static final String SELECT_ON_VALIDATION = "validation";

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final InMemorySplits selection;
    private final int candidates;
    private final int candidateEpochs;
    private final int maxSamples;

    private RandomBaseline(Builder b) {
        selection = b.selection;
        candidates = b.candidates;
        candidateEpochs = b.candidateEpochs;
        maxSamples = b.maxSamples;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    RunMetrics run(
            RunTraining training, Path dir, SearchSpace space, Budget budget,
            RunFiles.Pricing pricing)
            throws IOException {
        RandomArchitectures sampler =
                new RandomArchitectures(
                        CostTable.build(space, pricing.calculator(), pricing.batch()));
        RandomArchitectures.Band band = sampler.band(budget, pricing.accelerator().frequencyHz());
        List<Architecture> drawn = sampler.sample(band, candidates, training.seed(), maxSamples);
        Files.createDirectories(dir);
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < drawn.size(); i++) {
            scored.add(candidate(training, dir.resolve("candidate-" + i), drawn.get(i), pricing));
        }
        Scored winner =
                scored.stream()
                        .max(Comparator.comparingDouble(Scored::top1)
                                .thenComparing(Comparator.comparingDouble(Scored::loss).reversed()))
                        .orElseThrow();
        // the choice is on disk before the test set is read for the first time
        writeSummary(dir, training.seed(), band, scored, winner);
        RunMetrics trained =
                training.trainArchitecture(
                        dir, winner.architecture(), pricing, "random-best-of-" + candidates);
        ObjectNode recipe = trained.training().deepCopy();
        ObjectNode chosen = recipe.putObject("selection");
        chosen.put("select_on", SELECT_ON_VALIDATION);
        chosen.put("candidates", candidates);
        chosen.put("candidate_epochs", candidateEpochs);
        chosen.put("winner", winner.dir().getFileName().toString());
        chosen.put("file", CANDIDATES_FILE);
        RunMetrics metrics = trained.withTraining(recipe);
        metrics.write(dir.resolve(RunMetrics.FILE));
        return metrics;
    }

    /** Trains and scores one candidate, or reads it back when resuming and it has finished. */
    private Scored candidate(
            RunTraining training, Path dir, Architecture arch, RunFiles.Pricing pricing)
            throws IOException {
        return ValidationTraining.train(training, selection, candidateEpochs, dir, arch, pricing,
                "random-" + dir.getFileName());
    }

    private void writeSummary(
            Path dir, long seed, RandomArchitectures.Band band, List<Scored> scored,
            Scored winner)
            throws IOException {
        ObjectNode s = MAPPER.createObjectNode();
        s.put("format", FORMAT);
        s.put("budget", band.budget().toString());
        s.put("budget_nJ", band.high());
        s.putArray("band_nJ").add(band.low()).add(band.high());
        s.put("reference_8bit_nJ", band.referenceNj());
        s.put("sampling", "uniform over the space's architectures, distinct, rejected outside the"
                + " band");
        s.put("seed", seed);
        s.put("select_on", SELECT_ON_VALIDATION);
        s.put("candidate_epochs", candidateEpochs);
        s.put("train_images", selection.train().size());
        s.put("validation_images", selection.validation().size());
        s.put("winner", winner.dir().getFileName().toString());
        s.put("winner_architecture", winner.architecture().code());
        ArrayNode list = s.putArray("candidates");
        for (Scored c : scored) {
            list.add(c.toJson().put("winner", c == winner));
        }
        AtomicFiles.writeString(dir.resolve(CANDIDATES_FILE), MAPPER.writeValueAsString(s));
    }

    /** The builder of a {@link RandomBaseline}. */
    public static final class Builder {

        private InMemorySplits selection;
        private int candidates = 10;
        private int candidateEpochs = 2;
        private int maxSamples = RandomArchitectures.DEFAULT_MAX_SAMPLES;

        Builder() {}

        /**
         * Sets the selection data (required): its training split trains the candidates and its
         * validation split, carved from the training set, scores them. Its test split is never
         * read.
         *
         * @param selection the data, loaded with a validation fraction (the search's 0.1)
         * @return this builder
         */
        public Builder setSelectionData(InMemorySplits selection) {
            this.selection = selection;
            return this;
        }

        /**
         * Sets how many architectures to draw and train briefly; default 10.
         *
         * @param candidates the number of candidates, at least 1
         * @return this builder
         */
        public Builder optCandidates(int candidates) {
            if (candidates < 1) {
                throw new IllegalArgumentException("--candidates " + candidates + ": allowed >= 1");
            }
            this.candidates = candidates;
            return this;
        }

        /**
         * Sets the epochs of each candidate's brief training; default 2.
         *
         * @param epochs the epochs, at least 1
         * @return this builder
         */
        public Builder optCandidateEpochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("--candidate-epochs " + epochs + ": allowed >= 1");
            }
            this.candidateEpochs = epochs;
            return this;
        }

        /**
         * Sets the split the winner is chosen on; only {@code validation} is allowed.
         *
         * @param split the split's name
         * @return this builder
         * @throws IllegalArgumentException for {@code test} (saying why) or any other name
         */
        public Builder optSelectOn(String split) {
            if ("test".equals(split)) {
                throw new IllegalArgumentException(
                        "--select-on test: refused, choosing among candidates on the test set makes"
                                + " the baseline's test score optimistic; allowed: validation");
            }
            if (!SELECT_ON_VALIDATION.equals(split)) {
                throw new IllegalArgumentException(
                        "--select-on " + split + ": allowed: validation");
            }
            return this;
        }

        /**
         * Sets how many uniform samples to draw at most before failing; default {@value
         * RandomArchitectures#DEFAULT_MAX_SAMPLES}.
         *
         * @param maxSamples the bound
         * @return this builder
         */
        public Builder optMaxSamples(int maxSamples) {
            this.maxSamples = maxSamples;
            return this;
        }

        /**
         * Builds the baseline.
         *
         * @return the baseline
         * @throws IllegalArgumentException if the selection data is missing or has no validation
         *     split
         */
        public RandomBaseline build() {
            if (selection == null
                    || selection.validation() == null
                    || selection.validation().size() == 0) {
                throw new IllegalArgumentException(
                        "random baseline: selection data with a validation split is required");
            }
            return new RandomBaseline(this);
        }
    }
}
