package ai.mpnas.search.derive;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a search derives its final architecture from the trained policy and supernet. */
public enum DerivationMethod {
    /**
     * A constrained evolutionary search over the supernet, started from the policy's argmax and
     * samples; candidates scored by validation loss on the supernet.
     */
    EVOLUTION,
    /**
     * The most likely architecture and {@code derivation_candidates} samples of the final
     * policy, compared by validation accuracy with batch statistics (the first release's).
     */
    SAMPLED,
    /** The most likely architecture, repaired to fit the budget (the paper's). */
    ARGMAX;

    /**
     * Returns the name used on the command line and in JSON.
     *
     * @return {@code evolution}, {@code sampled} or {@code argmax}
     */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a method name.
     *
     * @param name {@code evolution}, {@code sampled} or {@code argmax}
     * @return the method
     * @throws IllegalArgumentException naming the allowed values
     */
    public static DerivationMethod fromJsonName(String name) {
        for (DerivationMethod m : values()) {
            if (m.jsonName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                "derivation = " + name + ": allowed "
                        + Arrays.stream(values()).map(DerivationMethod::jsonName)
                                .collect(Collectors.joining("|")));
    }
}
