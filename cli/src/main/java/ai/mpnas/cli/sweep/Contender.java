package ai.mpnas.cli.sweep;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What competes at a budget: the joint search, its two constrained variants and random. */
public enum Contender {
    /** The search as it is: architecture and bits together. */
    JOINT(List.of()),
    /** Architecture fixed to the reference (no skip, largest m, smallest k), bits searched (HAQ's setting). */
    BITS_ONLY(List.of("--fix-architecture", "reference")),
    /** Every bit width fixed at 4, architecture searched. */
    ARCH_ONLY(List.of("--fix-bits", "4")),
    /** The best of random architectures near the budget, chosen on the validation split. */
    RANDOM(List.of());

    private final List<String> searchFlags;

    Contender(List<String> searchFlags) {
        this.searchFlags = searchFlags;
    }

    /**
     * Returns the name used on the command line and in the table.
     *
     * @return e.g. {@code bits-only}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Returns whether the contender runs {@code mpnas search} (then trains what it found).
     *
     * @return false for random
     */
    public boolean searches() {
        return this != RANDOM;
    }

    /**
     * Returns the {@code search} options that constrain it.
     *
     * @return the extra options, empty for the joint search
     */
    public List<String> searchFlags() {
        return searchFlags;
    }

    /**
     * Parses a contender name.
     *
     * @param text e.g. {@code arch-only}
     * @return the contender
     * @throws IllegalArgumentException naming the allowed values
     */
    public static Contender parse(String text) {
        for (Contender c : values()) {
            if (c.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("--contenders '" + text + "': allowed "
                + Arrays.stream(values()).map(Contender::label).collect(Collectors.joining(", ")));
    }
}
