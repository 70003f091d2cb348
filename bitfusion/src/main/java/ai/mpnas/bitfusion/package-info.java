/**
 * The Bit Fusion accelerator cost model: a faithful port of the original simulator
 * (hsharma35/bitfusion) and APQ's variant, both described in {@code docs/bitfusion.md}.
 *
 * <p>Entry points:
 *
 * <ul>
 *   <li>{@link ai.mpnas.bitfusion.Layer} and {@link ai.mpnas.bitfusion.AcceleratorConfig} (with
 *       {@link ai.mpnas.bitfusion.AcceleratorConfig#bitFusion45nm()}) describe what is priced;
 *   <li>{@link ai.mpnas.bitfusion.CostModel#builder()} builds a model from a {@link
 *       ai.mpnas.bitfusion.CostModelKind}, a configuration and a {@link
 *       ai.mpnas.bitfusion.DepthwiseMode}; {@link ai.mpnas.bitfusion.CostModel#cost} returns a
 *       {@link ai.mpnas.bitfusion.LayerCost};
 *   <li>{@link ai.mpnas.bitfusion.CostCalculator} memoises and parallelises over layer lists and
 *       sums networks into a {@link ai.mpnas.bitfusion.NetworkCost};
 *   <li>{@link ai.mpnas.bitfusion.LayersJson}, {@link ai.mpnas.bitfusion.AcceleratorConfigJson} and
 *       {@link ai.mpnas.bitfusion.CostJson} read and write the files.
 * </ul>
 *
 * <p>Every layer is priced as one or more dense calls ({@link ai.mpnas.bitfusion.DenseCall}); the
 * tiling search tries every candidate tile and loop order and keeps the fewest cycles, then the
 * lowest energy, then the first met in the simulator's iteration order. The fast search visits
 * each class of equivalent orders once and skips candidates by a proven cycle bound; {@link
 * ai.mpnas.bitfusion.SearchMode#EXHAUSTIVE} keeps the literal search for verification.
 */
package ai.mpnas.bitfusion;
