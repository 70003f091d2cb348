/**
 * Joins the plugin's architectures to the Bit Fusion cost model: layer geometry to Bit Fusion
 * layers, the block x choice cost table of a search space, and energy or latency budgets.
 */
package ai.mpnas.search.cost;
