package ai.mpnas.search;

/**
 * The cost term of the search objective and when theta starts to learn ({@code --penalty},
 * {@code --theta-warmup}); part of {@link SearchSettings}. The defaults are the method's (hinge,
 * no theta warm-up) until the protocol has compared them; settings files written before these
 * options read as the defaults.
 *
 * @param penalty the penalty of the cost against the budget
 * @param thetaWarmup the fraction of the search steps after the weight warm-up during which
 *     theta is not updated (TuNAS uses 0.25), in [0, 1)
 */
public record ObjectiveSettings(CostPenalty penalty, double thetaWarmup) {

    /** The method's objective: the hinge on E[J], theta learning from the first search step. */
    public static final ObjectiveSettings DEFAULT = new ObjectiveSettings(CostPenalty.HINGE, 0);

    /** Checks the settings. */
    public ObjectiveSettings {
        SettingsChecks.require(penalty != null, "penalty", penalty, "hinge|absolute");
        SettingsChecks.require(thetaWarmup >= 0 && thetaWarmup < 1, "theta_warmup", thetaWarmup,
                "[0, 1)");
    }

    /**
     * Returns the first step at which theta is updated.
     *
     * @param warmup the steps of the weight warm-up
     * @param total all steps of the search
     * @return {@code warmup} plus the theta warm-up's share of the remaining steps
     */
    public long firstThetaStep(long warmup, long total) {
        return warmup + (long) Math.ceil(thetaWarmup * (total - warmup));
    }
}
