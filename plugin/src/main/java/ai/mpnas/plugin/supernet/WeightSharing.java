package ai.mpnas.plugin.supernet;

/**
 * How the candidate ops of a searchable block hold their weights. Bit widths never get their own.
 */
public enum WeightSharing {
    /**
     * One set of weights per block at the largest m and k: a choice uses the first {@code m * Cin}
     * hidden channels (channel prefixes) and the centre {@code k x k} crop of the depthwise kernel;
     * BatchNorm is separate per (m, k), since statistics differ per path.
     */
    SHARED,
    /** Separate weights (and BatchNorm) for every (m, k) pair. */
    SEPARATE
}
