package ai.mpnas.bitfusion;

import java.util.ArrayList;
import java.util.List;

/** Maps a layer onto dense calls (SPEC section 3, APQ.md section 1) and prices them. */
final class LayerCostModel implements CostModel {

    private final CostModelKind kind;
    private final AcceleratorConfig config;
    private final DepthwiseMode depthwiseMode;
    private final SearchMode searchMode;
    private final DenseModel dense;

    LayerCostModel(
            CostModelKind kind,
            AcceleratorConfig config,
            DepthwiseMode depthwiseMode,
            SearchMode searchMode) {
        this.kind = kind;
        this.config = config;
        this.depthwiseMode = depthwiseMode;
        this.searchMode = searchMode;
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
    public LayerCost cost(Layer layer) {
        checkPrecision("wbits", layer.wbits());
        checkPrecision("abits", layer.abits());
        int o = layer.outputSize();
        DenseCall call;
        long repeat;
        DepthwiseMode applied = null;
        switch (layer.type()) {
            case CONV:
                call = call(layer, o, layer.cin(), layer.cout(), layer.im2col());
                repeat = 1;
                break;
            case FC:
                // SPEC 3: get_FC_cycles is get_conv_cycles(K=1, O=1, S=1, im2col=False).
                call =
                        new DenseCall(
                                1,
                                1,
                                1,
                                layer.cin(),
                                layer.cout(),
                                layer.batch(),
                                layer.abits(),
                                layer.wbits(),
                                false);
                repeat = 1;
                break;
            case DWCONV:
                applied = depthwiseMode;
                int channels = layer.cin();
                switch (depthwiseMode) {
                    case DECOMPOSED:
                        // SPEC 3 model A (C with im2col): C single-channel convs, Stats x C.
                        call = call(layer, o, 1, 1, layer.im2col());
                        repeat = channels;
                        break;
                    case DENSE:
                        // SPEC 3 model B: the dense C x C conv the simulator would cost.
                        call = call(layer, o, channels, channels, layer.im2col());
                        repeat = 1;
                        break;
                    case GROUPED:
                        // APQ.md 1: blocks of G = 8 * pf channels, each a dense G x G conv.
                        int g = 8 * config.perfFactor(layer.abits(), layer.wbits());
                        call = call(layer, o, g, g, layer.im2col());
                        repeat = Arith.ceilDiv(channels, g);
                        break;
                    default:
                        throw new AssertionError(depthwiseMode);
                }
                break;
            default:
                throw new AssertionError(layer.type());
        }
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
            TileCost total = repeat == 1 ? cost : dense.repeat(cost, repeat);
            String reason = extrapolation(layer);
            return new LayerCost(
                    total.totalCycles(),
                    total.computeCycles(),
                    total.stallCycles(),
                    total.bits(),
                    total.energy(),
                    kind,
                    applied,
                    new Mapping(call, repeat, choice.tiling(), order, cost.dataflow()),
                    !reason.isEmpty(),
                    reason);
        } catch (ArithmeticException e) {
            throw new LayerCostException(
                    "the layer is too large: a bit counter overflows 64 bits (" + call + ")",
                    -1,
                    e);
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
        // SPEC 2: pf is 0 above pmax (the simulator divides by zero); there is no multi-cycle path.
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

    /** APQ.md 1 and 3: what APQ's table does not validate. */
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
