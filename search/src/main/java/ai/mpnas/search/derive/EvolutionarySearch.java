package ai.mpnas.search.derive;

import ai.mpnas.data.Permutations;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.search.Derivation;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.cost.CostTable;
import ai.mpnas.search.policy.ArchitecturePolicy;
import ai.mpnas.search.policy.Decision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The constrained evolutionary derivation over a trained supernet (SPOS, OFA, APQ): a population
 * started from the policy's most likely architecture and samples (each with dominated bits dropped
 * and repaired into the budget by {@link Derivation}), then generations of the best
 * {@code parents} and children bred from them, half by per-decision mutation, half by per-block
 * crossover. A child takes only values its block allows under the search's constraint
 * ({@link ArchitecturePolicy#candidates}), is priced exactly from the cost table and kept only
 * within the budget and if no architecture like it was seen before; otherwise it is drawn again.
 *
 * <p>Scores are cached by architecture code, so an architecture is scored once. Every random
 * choice is a function of (seed, generation), and the state is written after every generation
 * ({@link EvolutionCheckpoint}), so a killed derivation resumes to the result of an uninterrupted
 * one.
 */
public final class EvolutionarySearch {

    /** Separates the evolution's random streams from the search steps' (same seed). */
    private static final long STREAM = 0x65766F6C7574696FL;

    /** How often a child is drawn again before the generation makes do with fewer. */
    private static final int TRIES_PER_CHILD = 100;

    private final ArchitecturePolicy policy;
    private final CostTable table;
    private final CostMetric metric;
    private final double budget;
    private final DerivationSettings settings;
    private final long seed;
    private final CandidateScorer scorer;
    private final Path checkpoint;
    private final Consumer<String> log;
    private final Map<String, EvolutionCheckpoint.Scored> scored = new LinkedHashMap<>();
    private final Map<String, BlockChoice> dominance = new HashMap<>();

    private EvolutionarySearch(Builder b) {
        policy = b.policy;
        table = b.table;
        metric = b.metric;
        budget = b.budget;
        settings = b.settings;
        seed = b.seed;
        scorer = b.scorer;
        checkpoint = b.checkpoint;
        log = b.log;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs (or resumes from its checkpoint) the evolution.
     *
     * @return the best {@code top} candidates of every architecture scored, best first; the
     *     chosen one is the first
     * @throws IOException if scoring or the checkpoint fails
     */
    public Selection run() throws IOException {
        scored.clear();
        EvolutionCheckpoint state = EvolutionCheckpoint.read(checkpoint, key()).orElse(null);
        Map<String, Integer> population;
        int generation;
        if (state == null) {
            population = start();
            generation = 0;
        } else {
            scored.putAll(state.scored());
            population = new LinkedHashMap<>(state.population());
            generation = state.generation();
        }
        while (true) {
            for (Map.Entry<String, Integer> member : population.entrySet()) {
                score(member.getKey(), member.getValue());
            }
            log.accept(String.format(Locale.ROOT, "evolution: generation %d of %d, best %.4f"
                    + " (%d scored)", generation, settings.generations(),
                    best(population.keySet(), 1).get(0).loss(), scored.size()));
            if (generation >= settings.generations()) {
                break;
            }
            generation++;
            population = breed(best(population.keySet(), settings.parents()), generation);
            if (checkpoint != null) {
                new EvolutionCheckpoint(key(), generation, population, scored).write(checkpoint);
            }
        }
        List<Candidate> top = best(scored.keySet(), settings.top());
        return new Selection(DerivationMethod.EVOLUTION,
                "lowest validation loss (batch statistics), evolutionary search"
                        + " started from the most likely and sampled architectures",
                top, 0, scored.size());
    }

    /** What a checkpoint must match: a changed setting would make it another evolution. */
    private String key() {
        return String.format(Locale.ROOT, "seed %d budget %.17g population %d parents %d"
                        + " mutation %.17g",
                seed, budget, settings.population(), settings.parents(),
                settings.mutationProbability());
    }

    /** The most likely architecture and samples of the policy, each derived into the budget. */
    private Map<String, Integer> start() {
        Map<String, Integer> population = new LinkedHashMap<>();
        Derivation.Result argmax = Derivation.derive(policy, table, metric, budget);
        population.put(argmax.architecture().code(), argmax.repairs());
        Random rng = Permutations.forStep(seed ^ STREAM, 0);
        // a peaked policy repeats itself: derive each distinct sample once, and stop trying
        Set<String> sampled = new HashSet<>();
        for (int i = 0; i < settings.population() * 4
                && population.size() < settings.population(); i++) {
            Architecture sample = policy.sample(rng, 1.0).architecture();
            if (sampled.add(sample.code())) {
                Derivation.Result r = Derivation.derive(policy, table, metric, budget, sample);
                population.putIfAbsent(r.architecture().code(), r.repairs());
            }
        }
        return population;
    }

    private void score(String code, int repairs) throws IOException {
        if (scored.containsKey(code)) {
            return;
        }
        CandidateScorer.Evaluation e = scorer.evaluate(architecture(code));
        // a diverged candidate ranks last (and JSON has no NaN)
        double score = Double.isFinite(e.score()) ? e.score() : Double.MAX_VALUE;
        scored.put(code, new EvolutionCheckpoint.Scored(repairs,
                new CandidateScorer.Evaluation(score, e.accuracy())));
    }

    /** The best scored of some codes, by score and then by code (so ties break the same way). */
    private List<Candidate> best(Iterable<String> codes, int count) {
        List<String> list = new ArrayList<>();
        codes.forEach(c -> {
            if (scored.containsKey(c)) {
                list.add(c);
            }
        });
        list.sort(Comparator.<String>comparingDouble(c -> scored.get(c).evaluation().score())
                .thenComparing(Comparator.naturalOrder()));
        List<Candidate> out = new ArrayList<>();
        for (String code : list.subList(0, Math.min(count, list.size()))) {
            EvolutionCheckpoint.Scored s = scored.get(code);
            Architecture a = architecture(code);
            out.add(new Candidate(new Derivation.Result(a, s.repairs(), table.total(a, metric)),
                    s.evaluation().score(), s.evaluation().accuracy()));
        }
        return out;
    }

    /**
     * The next population: the parents, then children (half mutated, half crossed over), each
     * within the constraint and the budget and never seen before.
     */
    private Map<String, Integer> breed(List<Candidate> parents, int generation) {
        Random rng = Permutations.forStep(seed ^ STREAM, generation);
        Map<String, Integer> next = new LinkedHashMap<>();
        for (Candidate p : parents) {
            next.put(p.result().architecture().code(), p.result().repairs());
        }
        Set<String> seen = new HashSet<>(scored.keySet());
        seen.addAll(next.keySet());
        int children = settings.population() - parents.size();
        int mutations = children / 2;
        for (int i = 0; i < children; i++) {
            for (int attempt = 0; attempt < TRIES_PER_CHILD; attempt++) {
                Architecture a = parents.get(rng.nextInt(parents.size())).result().architecture();
                Architecture child = i < mutations
                        ? mutate(a, rng)
                        : crossover(a,
                                parents.get(rng.nextInt(parents.size())).result().architecture(),
                                rng);
                // more bits at no more cost never hurt a quantization-aware network
                child = dropDominatedBits(child);
                String code = child.code();
                if (table.total(child, metric) <= budget && seen.add(code)) {
                    next.put(code, 0);
                    break;
                }
            }
        }
        return next;
    }

    /**
     * {@link Derivation#dropDominatedBits}, remembered per block and choice (a block's result
     * depends on its own choice only, and pricing the alternatives is most of a child's cost).
     */
    private Architecture dropDominatedBits(Architecture a) {
        List<BlockChoice> blocks = new ArrayList<>();
        for (int b = 0; b < a.blocks().size(); b++) {
            BlockChoice known = dominance.get(b + ":" + a.blocks().get(b).code());
            if (known == null) {
                Architecture d = Derivation.dropDominatedBits(
                        table, metric, a, policy.getConstraint());
                for (int i = 0; i < a.blocks().size(); i++) {
                    dominance.put(i + ":" + a.blocks().get(i).code(), d.blocks().get(i));
                }
                return d;
            }
            blocks.add(known);
        }
        return new Architecture(a.space(), blocks);
    }

    /** Each decision of each block drawn anew, with the set probability, from its allowed values. */
    Architecture mutate(Architecture parent, Random rng) {
        List<BlockChoice> blocks = new ArrayList<>(parent.blocks());
        for (int b = 0; b < blocks.size(); b++) {
            BlockChoice c = blocks.get(b);
            int[] v = new int[Decision.values().length];
            for (Decision d : Decision.values()) {
                List<Integer> allowed = policy.values(b, d);
                int current = d.valueOf(c);
                boolean draw = rng.nextDouble() < settings.mutationProbability();
                // a skipped block has no m, k or bits: a block that starts running draws them
                v[d.ordinal()] = draw || !allowed.contains(current)
                        ? allowed.get(rng.nextInt(allowed.size()))
                        : current;
            }
            BlockChoice mutated = v[Decision.SKIP.ordinal()] == 0
                    ? BlockChoice.skipBlock()
                    : BlockChoice.of(v[Decision.EXPAND.ordinal()], v[Decision.KERNEL.ordinal()],
                            v[Decision.WBITS.ordinal()], v[Decision.ABITS.ordinal()]);
            if (policy.candidates(b).contains(mutated)) {
                blocks.set(b, mutated);
            }
        }
        return new Architecture(parent.space(), blocks);
    }

    /** Each block from one parent or the other. */
    static Architecture crossover(Architecture a, Architecture b, Random rng) {
        List<BlockChoice> blocks = new ArrayList<>();
        for (int i = 0; i < a.blocks().size(); i++) {
            blocks.add(rng.nextBoolean() ? a.blocks().get(i) : b.blocks().get(i));
        }
        return new Architecture(a.space(), blocks);
    }

    private Architecture architecture(String code) {
        return Architecture.fromCode(policy.getSearchSpace(), code);
    }

    /** The builder of an {@link EvolutionarySearch}. */
    public static final class Builder {

        private ArchitecturePolicy policy;
        private CostTable table;
        private CostMetric metric;
        private double budget;
        private DerivationSettings settings = DerivationSettings.builder().build();
        private long seed = 1;
        private CandidateScorer scorer;
        private Path checkpoint;
        private Consumer<String> log = s -> {};

        Builder() {}

        /**
         * Sets the trained policy: the start of the population, and the values each block allows
         * (required).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder setPolicy(ArchitecturePolicy policy) {
            this.policy = policy;
            return this;
        }

        /**
         * Sets the cost table, the constrained metric and the budget (required).
         *
         * @param table the cost table
         * @param metric the metric
         * @param budget the budget in the metric's unit
         * @return this builder
         */
        public Builder setBudget(CostTable table, CostMetric metric, double budget) {
            this.table = table;
            this.metric = metric;
            this.budget = budget;
            return this;
        }

        /**
         * Sets the scorer (required).
         *
         * @param scorer the scorer, lower is better
         * @return this builder
         */
        public Builder setScorer(CandidateScorer scorer) {
            this.scorer = scorer;
            return this;
        }

        /**
         * Sets population, generations, parents and mutation; default those of
         * {@code mpnas search}.
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder optSettings(DerivationSettings settings) {
            this.settings = settings;
            return this;
        }

        /**
         * Sets the seed; default 1.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the file the state is written to after every generation and resumed from; default
         * none (no checkpoints).
         *
         * @param file the file
         * @return this builder
         */
        public Builder optCheckpoint(Path file) {
            this.checkpoint = file;
            return this;
        }

        /**
         * Sets where a line per generation goes; default nowhere.
         *
         * @param log the log
         * @return this builder
         */
        public Builder optLog(Consumer<String> log) {
            this.log = log;
            return this;
        }

        /**
         * Builds the evolution.
         *
         * @return the evolution
         */
        public EvolutionarySearch build() {
            if (policy == null || table == null || metric == null || scorer == null) {
                throw new IllegalArgumentException(
                        "evolution: the policy, the cost table and budget, and the scorer are"
                                + " required");
            }
            return new EvolutionarySearch(this);
        }
    }
}
