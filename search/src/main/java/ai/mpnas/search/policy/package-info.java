/**
 * The architecture policy pi_theta: factorised categorical distributions per searchable block and
 * decision, Gumbel-softmax sampling with straight-through gates, and the score-function
 * (REINFORCE) and exact gradients of the expected cost.
 */
package ai.mpnas.search.policy;
