package ai.mpnas.search.derive;

import ai.mpnas.search.Derivation;

/**
 * A candidate of a derivation: the architecture within the budget and what the derivation
 * measured of it.
 *
 * @param result the architecture, its cost and the repairs it needed
 * @param loss its validation loss on the supernet, or NaN where it was not measured
 * @param accuracy its validation accuracy on the supernet, or NaN where it was not measured
 */
public record Candidate(Derivation.Result result, double loss, double accuracy) {}
