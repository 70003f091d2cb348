package ai.mpnas.search;

/**
 * The step counts of a search, from its settings and the sizes of its splits, and the
 * temperature of the Gumbel-softmax at each step.
 *
 * @param stepsPerEpoch steps per epoch
 * @param total all steps
 * @param warmup the steps of the weight warm-up (uniformly sampled paths, no theta)
 * @param firstTheta the first step that updates theta (after the theta warm-up)
 */
record SearchSchedule(int stepsPerEpoch, long total, long warmup, long firstTheta) {

    /**
     * The schedule of a search.
     *
     * @param settings the search settings
     * @param trainSize images in the training split
     * @param validationSize images in the validation split
     * @return the schedule
     * @throws IllegalArgumentException if a split holds less than one batch
     */
    static SearchSchedule of(SearchSettings settings, int trainSize, int validationSize) {
        int batch = settings.batchSize();
        int trainBatches = trainSize / batch;
        int valBatches = validationSize / batch;
        if (trainBatches == 0 || valBatches == 0) {
            throw new IllegalArgumentException(
                    "the training ("
                            + trainSize
                            + ") and validation ("
                            + validationSize
                            + ") splits must each hold at least one batch of "
                            + batch);
        }
        int stepsPerEpoch =
                settings.stepsPerEpoch() > 0
                        ? Math.min(settings.stepsPerEpoch(), trainBatches)
                        : trainBatches;
        long total = (long) settings.epochs() * stepsPerEpoch;
        long warmup = (long) settings.warmupEpochs() * stepsPerEpoch;
        return new SearchSchedule(
                stepsPerEpoch, total, warmup, settings.objective().firstThetaStep(warmup, total));
    }

    /**
     * The Gumbel-softmax temperature at a step: the start value through the warm-up, then an
     * exponential decay to the end value at the last step.
     *
     * @param settings the search settings (start and end temperatures)
     * @param step the step
     * @return the temperature
     */
    double temperature(SearchSettings settings, long step) {
        if (step < warmup || total - warmup <= 1) {
            return settings.temperatureStart();
        }
        double progress = (double) (step - warmup) / (total - warmup - 1);
        return settings.temperatureStart()
                * Math.pow(settings.temperatureEnd() / settings.temperatureStart(), progress);
    }
}
