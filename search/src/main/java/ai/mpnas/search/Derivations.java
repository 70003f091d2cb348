package ai.mpnas.search;

import ai.djl.training.Trainer;
import ai.mpnas.data.InMemoryImages;
import ai.mpnas.data.Permutations;
import ai.mpnas.plugin.supernet.SuperNet;
import ai.mpnas.search.derive.DerivationMethod;
import ai.mpnas.search.derive.DerivationSettings;
import ai.mpnas.search.derive.EvolutionarySearch;
import ai.mpnas.search.derive.SampledDerivation;
import ai.mpnas.search.derive.Selection;
import ai.mpnas.search.derive.SupernetScorer;
import ai.mpnas.search.policy.ArchitecturePolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Runs the derivation a search's settings ask for, once its supernet and policy are trained:
 * the evolution over the supernet, the best of sampled architectures, or the plain argmax.
 */
final class Derivations {

    /** Where the evolution keeps its state, in the run directory. */
    static final String EVOLUTION_STATE = "derivation/evolution.json";

    private Derivations() {}

    /**
     * Derives the result of a trained search.
     *
     * @param settings the search's settings
     * @param derivation how to derive
     * @param policy the trained policy
     * @param pricing the priced space
     * @param net the trained supernet
     * @param trainer its trainer
     * @param train the training split (the evolution's BatchNorm recalibration images)
     * @param validation the validation split
     * @param total the search's steps (the sampled derivation's random source follows them)
     * @param runDirectory the run directory (the evolution's checkpoint)
     * @param log where progress lines go
     * @return the candidates and the chosen one
     * @throws IOException if the evolution's checkpoint cannot be read or written
     */
    static Selection select(SearchSettings settings, DerivationSettings derivation,
            ArchitecturePolicy policy, MixedPrecisionSearch.Pricing pricing, SuperNet net,
            Trainer trainer, InMemoryImages train, InMemoryImages validation, long total,
            Path runDirectory, Consumer<String> log) throws IOException {
        return switch (derivation.method()) {
            case EVOLUTION -> EvolutionarySearch.builder()
                    .setPolicy(policy)
                    .setBudget(pricing.table(), settings.metric(), pricing.budget())
                    .setScorer(new SupernetScorer(
                            net, trainer, train, validation, derivation, settings.seed()))
                    .optSettings(derivation)
                    .optSeed(settings.seed())
                    .optCheckpoint(runDirectory.resolve(EVOLUTION_STATE))
                    .optLog(log)
                    .build()
                    .run();
            case SAMPLED, ARGMAX -> SampledDerivation.select(policy, pricing.table(),
                    settings.metric(), pricing.budget(),
                    derivation.method() == DerivationMethod.ARGMAX
                            ? 0
                            : settings.derivationCandidates(),
                    Permutations.forStep(settings.seed(), total), net, trainer, validation,
                    settings.batchSize());
        };
    }
}
