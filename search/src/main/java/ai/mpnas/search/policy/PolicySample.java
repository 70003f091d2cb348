package ai.mpnas.search.policy;

import ai.mpnas.plugin.space.Architecture;

/**
 * One architecture drawn from the policy with the Gumbel-max trick, with what is needed to build
 * its straight-through Gumbel-softmax gates.
 *
 * @param architecture the sampled architecture
 * @param indices the sampled value index, indexed [block][decision] (set for inactive decisions
 *     too)
 * @param gumbelNoise the Gumbel noise added to the logits, shaped like the logits
 * @param temperature the Gumbel-softmax temperature
 */
public record PolicySample(
        Architecture architecture, int[][] indices, Logits gumbelNoise, double temperature) {}
