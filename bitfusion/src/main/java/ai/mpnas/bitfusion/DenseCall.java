package ai.mpnas.bitfusion;

/**
 * One call of the dense cost routine, the simulator's {@code get_conv_cycles(K, O, S, IC, OC,
 * iprec, wprec, B, im2col)} ({@code docs/bitfusion.md}, section "Layers as dense calls"). Every
 * layer is priced as one or more such calls.
 *
 * @param k kernel size
 * @param o output size (square)
 * @param s stride
 * @param ic input channels
 * @param oc output channels
 * @param batch batch size
 * @param abits activation precision (iprec)
 * @param wbits weight precision (wprec)
 * @param im2col whether the input is im2col-expanded
 */
public record DenseCall(
        int k, int o, int s, int ic, int oc, int batch, int abits, int wbits, boolean im2col) {}
