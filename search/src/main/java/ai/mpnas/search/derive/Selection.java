package ai.mpnas.search.derive;

import java.util.List;

/**
 * What a derivation chose, as {@code architecture.json} records it ({@code search.derivation}).
 *
 * @param method the derivation
 * @param description how the candidates were compared, in words
 * @param candidates the candidates (the first is the policy's most likely architecture for the
 *     sampled derivation; the best first for the evolution)
 * @param chosen the index of the chosen candidate
 * @param evaluations how many architectures were scored (0 where none was)
 */
public record Selection(
        DerivationMethod method,
        String description,
        List<Candidate> candidates,
        int chosen,
        int evaluations) {

    /**
     * Returns the chosen candidate.
     *
     * @return the chosen candidate
     */
    public Candidate result() {
        return candidates.get(chosen);
    }
}
