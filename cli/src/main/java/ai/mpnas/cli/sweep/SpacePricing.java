package ai.mpnas.cli.sweep;

import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.MixedPrecisionSearch;
import ai.mpnas.search.RunFiles;
import ai.mpnas.search.SearchSettings;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.cost.CostMetric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** {@link ProtocolPricing} of a search space under the sweep's cost options. */
public final class SpacePricing implements ProtocolPricing {

    private final SearchSpace space;
    private final RunFiles.Pricing pricing;
    private final SettingsOf settings;

    /** The unconstrained search settings of a budget (reading an accelerator file may fail). */
    @FunctionalInterface
    public interface SettingsOf {
        /**
         * Returns the settings.
         *
         * @param budget the budget
         * @return the settings
         * @throws IOException if an options file cannot be read
         */
        SearchSettings of(Budget budget) throws IOException;
    }

    /**
     * Creates the pricing.
     *
     * @param space the search space
     * @param pricing the Bit Fusion pricing of the cost options
     * @param settings the unconstrained search settings of a budget, under the same cost options
     */
    public SpacePricing(SearchSpace space, RunFiles.Pricing pricing, SettingsOf settings) {
        this.space = space;
        this.pricing = pricing;
        this.settings = settings;
    }

    /** {@inheritDoc} */
    @Override
    public double uniformEnergyNj(int bits) {
        return pricing.cost(space.reference(bits)).energyTotalNj();
    }

    /** {@inheritDoc} */
    @Override
    public double relative(Budget budget) {
        return budget.resolve(CostMetric.ENERGY, this::uniformEnergyNj, pricing.accelerator().frequencyHz())
                / uniformEnergyNj(8);
    }

    /** {@inheritDoc} */
    @Override
    public Optional<String> infeasible(Contender contender, Budget budget) {
        if (contender != Contender.RANDOM) {
            return Optional.empty();
        }
        try {
            MixedPrecisionSearch.price(settings.of(budget));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
