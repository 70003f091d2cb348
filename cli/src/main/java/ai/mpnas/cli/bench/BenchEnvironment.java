package ai.mpnas.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/** The environment MXNet's speed depends on, written into every benchmark's results. */
final class BenchEnvironment {

    /** Set by {@code ./mpnas}, {@code .ci/run} and the tests (README, Performance). */
    private static final String[] VARIABLES = {"OMP_NUM_THREADS", "MXNET_USE_OPERATOR_TUNING"};

    private BenchEnvironment() {}

    /**
     * Puts each variable, lower-cased, with its value or {@code unset}.
     *
     * @param out the results
     */
    static void record(ObjectNode out) {
        for (String variable : VARIABLES) {
            String value = System.getenv(variable);
            out.put(variable.toLowerCase(Locale.ROOT), value == null ? "unset" : value);
        }
    }
}
