package ai.mpnas.search.derive;

import ai.mpnas.plugin.space.Architecture;
import java.io.IOException;

/**
 * Scores a candidate architecture for the evolutionary derivation: lower is better. The supernet
 * scorer ({@link SupernetScorer}) measures the validation loss; tests use synthetic scores, so the
 * evolution runs without an engine.
 */
@FunctionalInterface
public interface CandidateScorer {

    /**
     * Scores an architecture.
     *
     * @param architecture the candidate, within the budget and the search's constraint
     * @return its score and, where measured, its accuracy
     * @throws IOException if scoring needs a file that cannot be read
     */
    Evaluation evaluate(Architecture architecture) throws IOException;

    /**
     * A candidate's score.
     *
     * @param score what the evolution minimises (the validation loss)
     * @param accuracy the validation accuracy, or NaN where none was measured
     */
    record Evaluation(double score, double accuracy) {}
}
