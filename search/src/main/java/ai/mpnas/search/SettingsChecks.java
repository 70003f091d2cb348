package ai.mpnas.search;

/** The range checks of {@link SearchSettings}' numeric fields, each failing in one line. */
final class SettingsChecks {

    private SettingsChecks() {}

    /** Checks the numeric fields of {@link SearchSettings}, naming the first that is wrong. */
    @SuppressWarnings("checkstyle:ParameterNumber")
    static void ranges(
            int epochs,
            int warmupEpochs,
            int batchSize,
            int stepsPerEpoch,
            int costBatch,
            double temperatureStart,
            double temperatureEnd,
            double lambda,
            double baselineDecay,
            int checkpointEvery,
            int derivationCandidates,
            int architecturesPerStep,
            double skipPrior) {
        require(epochs >= 1, "epochs", epochs, ">= 1");
        require(warmupEpochs >= 0 && warmupEpochs < epochs, "warmup_epochs", warmupEpochs, "0 .. epochs - 1");
        require(batchSize >= 1, "batch_size", batchSize, ">= 1");
        require(stepsPerEpoch >= 0, "steps_per_epoch", stepsPerEpoch, ">= 0");
        require(costBatch >= 1, "cost_batch", costBatch, ">= 1");
        require(temperatureStart > 0 && temperatureEnd > 0, "temperature", temperatureStart + ".." + temperatureEnd, "> 0");
        require(lambda >= 0, "lambda", lambda, ">= 0");
        require(baselineDecay >= 0 && baselineDecay < 1, "baseline_decay", baselineDecay, "[0, 1)");
        require(checkpointEvery >= 1, "checkpoint_every", checkpointEvery, ">= 1");
        require(derivationCandidates >= 0, "derivation_candidates", derivationCandidates, ">= 0");
        require(architecturesPerStep >= 1, "architectures_per_step", architecturesPerStep, ">= 1");
        require(skipPrior > 0 && skipPrior < 1, "skip_prior", skipPrior, "(0, 1)");
    }

    /** Fails with "search settings: field = value: allowed ..." unless {@code ok}. */
    static void require(boolean ok, String field, Object value, String allowed) {
        if (!ok) {
            throw new IllegalArgumentException(
                    "search settings: " + field + " = " + value + ": allowed " + allowed);
        }
    }
}
