package ai.mpnas.bitfusion;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps a layer onto dense calls and prices them, in the precision mode {@link BitModes} picks
 * ({@code docs/bitfusion.md}, sections "Layers as dense calls", "Depthwise mappings" and
 * "Precision modes").
 */
final class LayerCostModel implements CostModel {

    private final CostModelKind kind;
    private final AcceleratorConfig config;
    private final DepthwiseMode depthwiseMode;
    private final SearchMode searchMode;
    private final BitModes bitModes;
    private final DenseModel dense;
    private final ConcurrentHashMap<Layer, ModeGrid> grids = new ConcurrentHashMap<>();

    LayerCostModel(
            CostModelKind kind,
            AcceleratorConfig config,
            DepthwiseMode depthwiseMode,
            SearchMode searchMode,
            BitModes bitModes) {
        this.kind = kind;
        this.config = config;
        this.depthwiseMode = depthwiseMode;
        this.searchMode = searchMode;
        this.bitModes = bitModes;
        this.dense =
                kind == CostModelKind.ORIGINAL
                        ? new OriginalDenseModel(config)
                        : new ApqDenseModel(config);
    }

    /** {@inheritDoc} */
    @Override
    public CostModelKind kind() {
        return kind;
    }

    /** {@inheritDoc} */
    @Override
    public AcceleratorConfig config() {
        return config;
    }

    /** {@inheritDoc} */
    @Override
    public DepthwiseMode depthwiseMode() {
        return depthwiseMode;
    }

    /** {@inheritDoc} */
    @Override
    public SearchMode searchMode() {
        return searchMode;
    }

    /** {@inheritDoc} */
    @Override
    public BitModes bitModes() {
        return bitModes;
    }

    /** {@inheritDoc} */
    @Override
    public LayerCost cost(Layer layer) {
        checkPrecision("wbits", layer.wbits());
        checkPrecision("abits", layer.abits());
        if (bitModes == BitModes.EXACT) {
            return costExact(layer);
        }
        return cheapestMode(layer);
    }

    private LayerCost cheapestMode(Layer layer) {
        List<Integer> widths = config.supportedWidths();
        int i = firstAtLeast(widths, layer.wbits());
        int j = firstAtLeast(widths, layer.abits());
        Layer key = layer.withBits(config.pmax(), config.pmax());
        // computeIfAbsent only creates the empty grid (cheap, under the map's lock); the pricing
        // happens in assignment, shared by the threads that ask for this geometry
        LayerCost cost =
                grids.computeIfAbsent(key, k -> new ModeGrid(k, widths))
                        .assignment(this::costExact)[i][j];
        return cost != null ? cost : costExact(layer.withBits(widths.get(i), widths.get(j)));
    }

    private static int firstAtLeast(List<Integer> widths, int bits) {
        for (int i = 0; i < widths.size(); i++) {
            if (widths.get(i) >= bits) {
                return i;
            }
        }
        throw new AssertionError(bits + " bits above pmax passed the precision check");
    }

    /**
     * Returns the number of channels of one block of a grouped depthwise layer: 8 * pf(a, w) as
     * APQ mapped them, capped at the array's columns ({@code docs/bitfusion.md}, section
     * "Depthwise mappings").
     *
     * @param config the accelerator
     * @param abits activation bits
     * @param wbits weight bits
     * @return G
     */
    static int groupSize(AcceleratorConfig config, int abits, int wbits) {
        // APQ's table never had pf > 4 (G <= 32); wider blocks than the array's columns would
        // only waste the array on off-diagonal zeros, so 2-bit layers stop at G = M.
        return Math.min(8 * config.perfFactor(abits, wbits), config.cols());
    }

    /** Prices a layer in exactly the mode it declares. */
    private LayerCost costExact(Layer layer) {
        Split split = split(layer);
        DenseCall call = split.call();
        try {
            TilingSearch.Choice choice =
                    searchMode == SearchMode.PRUNED
                            ? TilingSearch.pruned(call, dense)
                            : TilingSearch.exhaustive(call, dense);
            if (choice == null) {
                throw new LayerCostException(noFitMessage(call));
            }
            LoopOrder order = LoopOrders.order(choice.orderIndex());
            TileCost cost = dense.evaluate(call, choice.tiling(), order);
            TileCost total = split.repeat() == 1 ? cost : dense.repeat(cost, split.repeat());
            String reason = extrapolation(layer);
            return new LayerCost(
                    total.totalCycles(),
                    total.computeCycles(),
                    total.stallCycles(),
                    total.bits(),
                    total.energy(),
                    kind,
                    layer.type() == LayerType.DWCONV ? depthwiseMode : null,
                    layer.wbits(),
                    layer.abits(),
                    new Mapping(call, split.repeat(), choice.tiling(), order, cost.dataflow()),
                    !reason.isEmpty(),
                    reason);
        } catch (ArithmeticException e) {
            throw new LayerCostException(
                    "the layer is too large: a bit counter overflows 64 bits (" + call + ")",
                    -1,
                    e);
        }
    }

    /** A layer as one dense call priced {@code repeat} times. */
    private record Split(DenseCall call, long repeat) {}

    private Split split(Layer layer) {
        int o = layer.outputSize();
        switch (layer.type()) {
            case CONV:
                return new Split(call(layer, o, layer.cin(), layer.cout(), layer.im2col()), 1);
            case FC:
                // The simulator prices an fc layer as a 1x1 conv on a 1x1 map, without im2col.
                return new Split(
                        new DenseCall(
                                1,
                                1,
                                1,
                                layer.cin(),
                                layer.cout(),
                                layer.batch(),
                                layer.abits(),
                                layer.wbits(),
                                false),
                        1);
            case DWCONV:
                int channels = layer.cin();
                switch (depthwiseMode) {
                    case DECOMPOSED:
                        // C single-channel convs (with im2col if the layer sets it), counters x C.
                        return new Split(call(layer, o, 1, 1, layer.im2col()), channels);
                    case DENSE:
                        // The dense C x C conv the simulator's front end would build.
                        return new Split(call(layer, o, channels, channels, layer.im2col()), 1);
                    case GROUPED:
                        // Blocks of G channels, each priced as a dense G x G conv.
                        int g = groupSize(config, layer.abits(), layer.wbits());
                        return new Split(
                                call(layer, o, g, g, layer.im2col()), Arith.ceilDiv(channels, g));
                    default:
                        throw new AssertionError(depthwiseMode);
                }
            default:
                throw new AssertionError(layer.type());
        }
    }

    private static DenseCall call(Layer layer, int o, int ic, int oc, boolean im2col) {
        return new DenseCall(
                layer.k(),
                o,
                layer.stride(),
                ic,
                oc,
                layer.batch(),
                layer.abits(),
                layer.wbits(),
                im2col);
    }

    private void checkPrecision(String field, int bits) {
        // pf is 0 above pmax (the simulator divides by zero): there is no multi-cycle path.
        if (bits < 1 || bits > config.pmax()) {
            throw new LayerCostException(
                    field
                            + " = "
                            + bits
                            + " cannot run on this accelerator: operands must be 1.."
                            + config.pmax()
                            + " bits (pmax); Bit Fusion has no multi-cycle path"
                            + " for wider operands");
        }
    }

    private String noFitMessage(DenseCall call) {
        return "no tiling fits the buffers for "
                + call
                + " ("
                + kind.jsonName()
                + " model): even the smallest tile exceeds half of IBUF ("
                + config.actCapacityBits()
                + " bits), WBUF ("
                + config.wgtCapacityBits()
                + " bits) or OBUF ("
                + config.outCapacityBits()
                + " bits)";
    }

    /** What APQ's table does not validate ({@code docs/bitfusion.md}, section "The apq model"). */
    private String extrapolation(Layer layer) {
        if (kind != CostModelKind.APQ) {
            return "";
        }
        List<String> reasons = new ArrayList<>();
        int pf = config.perfFactor(layer.abits(), layer.wbits());
        if (pf != 1 && pf != 2 && pf != 4) {
            reasons.add("pf = " + pf + " is outside APQ's validated {1, 2, 4}");
        }
        if (!validatedBits(layer.wbits()) || !validatedBits(layer.abits())) {
            reasons.add(
                    "bits w"
                            + layer.wbits()
                            + "a"
                            + layer.abits()
                            + " outside APQ's validated {4, 6, 8}");
        }
        if (layer.batch() > 1) {
            reasons.add("batch " + layer.batch() + " > 1 is not validated by APQ's table");
        }
        if (!config.equals(AcceleratorConfig.bitFusion45nm())) {
            reasons.add("APQ's constants were fitted on the BitFusion-45nm configuration only");
        }
        return String.join("; ", reasons);
    }

    private static boolean validatedBits(int bits) {
        return bits == 4 || bits == 6 || bits == 8;
    }
}
