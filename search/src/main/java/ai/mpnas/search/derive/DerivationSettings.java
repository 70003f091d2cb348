package ai.mpnas.search.derive;

/**
 * How a search derives its result (saved in {@code settings.json} beside the
 * {@link ai.mpnas.search.SearchSettings}, by {@link DerivationSettingsJson}). The evolution's
 * numbers are read only by {@link DerivationMethod#EVOLUTION}; the sampled derivation's number of
 * candidates stays {@code derivation_candidates} of the search settings.
 *
 * @param method the derivation
 * @param population the evolution's population (the policy's argmax and samples at the start)
 * @param generations the evolution's generations after the starting population
 * @param parents the best architectures of a generation kept as the next one's parents
 * @param mutationProbability the probability with which a child's decision is drawn anew
 * @param validationImages validation images a candidate's loss is measured on (0: all of the
 *     validation split)
 * @param recalibrationImages training images whose activations recalibrate a candidate's
 *     BatchNorm statistics before its loss is measured with them (0: no recalibration, the loss
 *     is measured with the statistics of each batch of validation images)
 * @param top the best candidates recorded in {@code architecture.json}
 */
public record DerivationSettings(
        DerivationMethod method,
        int population,
        int generations,
        int parents,
        double mutationProbability,
        int validationImages,
        int recalibrationImages,
        int top) {

    /** Checks the settings. */
    public DerivationSettings {
        if (method == null) {
            throw new IllegalArgumentException("derivation settings: derivation is not set");
        }
        require(population >= 2, "evolution_population", population, ">= 2");
        require(generations >= 0, "evolution_generations", generations, ">= 0");
        require(parents >= 1 && parents < population, "evolution_parents", parents,
                "1 .. evolution_population - 1");
        require(mutationProbability > 0 && mutationProbability <= 1,
                "evolution_mutation", mutationProbability, "(0, 1]");
        require(validationImages >= 0, "evolution_validation_images", validationImages, ">= 0");
        require(recalibrationImages >= 0, "evolution_recalibration_images", recalibrationImages,
                ">= 0");
        require(top >= 1, "evolution_top", top, ">= 1");
    }

    private static void require(boolean ok, String field, Object value, String allowed) {
        if (!ok) {
            throw new IllegalArgumentException(
                    "derivation settings: " + field + " = " + value + ": allowed " + allowed);
        }
    }

    /**
     * Returns these settings with another number of recalibration images.
     *
     * @param images training images that recalibrate a candidate (0: none)
     * @return the settings
     */
    public DerivationSettings withRecalibrationImages(int images) {
        return new DerivationSettings(method, population, generations, parents,
                mutationProbability, validationImages, images, top);
    }

    /**
     * Returns the derivation of runs written before the evolution existed: the most likely and
     * sampled architectures compared by validation accuracy.
     *
     * @return the sampled derivation with the evolution's defaults beside it, but no BatchNorm
     *     recalibration (what an evolution without the field in its settings did)
     */
    public static DerivationSettings sampled() {
        return builder().optMethod(DerivationMethod.SAMPLED).optRecalibrationImages(0).build();
    }

    /**
     * Creates a builder with the defaults of {@code mpnas search}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder of {@link DerivationSettings}, with the defaults of {@code mpnas search}. */
    public static final class Builder {

        private DerivationMethod method = DerivationMethod.EVOLUTION;
        private int population = 30;
        private int generations = 10;
        private int parents = 8;
        private double mutationProbability = 0.1;
        private int validationImages = 1000;
        private int recalibrationImages = 2000;
        private int top = 10;

        Builder() {}

        /**
         * Sets the derivation; default evolution.
         *
         * @param method the method
         * @return this builder
         */
        public Builder optMethod(DerivationMethod method) {
            this.method = method;
            return this;
        }

        /**
         * Sets the evolution's population and generations.
         *
         * @param population the population
         * @param generations the generations after the starting population
         * @return this builder
         */
        public Builder optEvolution(int population, int generations) {
            this.population = population;
            this.generations = generations;
            return this;
        }

        /**
         * Sets how many of a generation's best become the next one's parents.
         *
         * @param parents the number of parents
         * @return this builder
         */
        public Builder optParents(int parents) {
            this.parents = parents;
            return this;
        }

        /**
         * Sets the per-decision mutation probability.
         *
         * @param probability the probability
         * @return this builder
         */
        public Builder optMutationProbability(double probability) {
            this.mutationProbability = probability;
            return this;
        }

        /**
         * Sets the validation images a candidate is scored on.
         *
         * @param validation validation images for the loss (0: the whole split)
         * @return this builder
         */
        public Builder optValidationImages(int validation) {
            this.validationImages = validation;
            return this;
        }

        /**
         * Sets the training images a candidate's BatchNorm statistics are recalibrated on before
         * it is scored (SPOS, OFA); default 2000.
         *
         * @param recalibration training images (0: no recalibration, batch statistics)
         * @return this builder
         */
        public Builder optRecalibrationImages(int recalibration) {
            this.recalibrationImages = recalibration;
            return this;
        }

        /**
         * Sets how many of the best candidates {@code architecture.json} records.
         *
         * @param top the number of candidates
         * @return this builder
         */
        public Builder optTop(int top) {
            this.top = top;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         */
        public DerivationSettings build() {
            return new DerivationSettings(method, population, generations, parents,
                    mutationProbability, validationImages, recalibrationImages, top);
        }
    }
}
