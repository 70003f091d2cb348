package ai.mpnas.export;

/**
 * The Bit Fusion cost of the exported network as the search priced it, written to {@value
 * ai.mpnas.formats.OnnxMetadataKeys#COST}.
 *
 * @param energyNj the energy in nJ
 * @param latencyCycles the latency in cycles
 * @param latencyMs the latency in ms at the configured clock
 * @param depthwise the depthwise pricing mode ({@code decomposed}, {@code dense}, {@code grouped})
 * @param batch the batch size priced
 */
public record CostSummary(
        double energyNj, long latencyCycles, double latencyMs, String depthwise, int batch) {}
