package ai.mpnas.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of one training run shared by {@code search} and {@code train}. */
final class RunOptions {

    @Mixin EngineOptions engine;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--no-progress", description = "Do not show a progress bar.")
    boolean noProgress;
}
