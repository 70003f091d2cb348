package ai.mpnas.bitfusion;

/**
 * One layer to price: its geometry and operand widths. Square only (H = W); the output size is
 * {@code O = (H + 2*padding - K) / stride + 1}. Field names in error messages are the JSON names
 * ({@code layer_type, H, W, Cin, Cout, K, stride, padding, groups, batch, wbits, abits}).
 *
 * @param type conv, dwconv or fc
 * @param h input height
 * @param w input width (must equal h)
 * @param cin input channels
 * @param cout output channels
 * @param k kernel size (square)
 * @param stride stride (both directions)
 * @param padding zero padding on each side
 * @param groups 1 for conv and fc; Cin for dwconv
 * @param batch batch size
 * @param wbits weight precision in bits
 * @param abits activation (input) precision in bits
 * @param im2col whether the layer's input is im2col-expanded in DRAM (the simulator does this only
 *     for a conv whose input is the graph input, i.e. the first layer; {@code docs/bitfusion.md},
 * section "Layers as dense calls")
 */
public record Layer(
        LayerType type,
        int h,
        int w,
        int cin,
        int cout,
        int k,
        int stride,
        int padding,
        int groups,
        int batch,
        int wbits,
        int abits,
        boolean im2col) {

    /** The widest operand a layer may declare; the cost model further limits it to pmax. */
    public static final int MAX_DECLARED_BITS = 32;

    /**
     * Validates the layer.
     *
     * @throws IllegalArgumentException naming the first bad field and what is allowed
     */
    public Layer {
        Problem problem =
                check(
                        type,
                        h,
                        w,
                        cin,
                        cout,
                        k,
                        stride,
                        padding,
                        groups,
                        batch,
                        wbits,
                        abits,
                        1,
                        MAX_DECLARED_BITS);
        if (problem != null) {
            throw new IllegalArgumentException(problem.field() + ": " + problem.message());
        }
    }

    /** A validation failure: the JSON field name and a one-line explanation with allowed values. */
    record Problem(String field, String message) {}

    /**
     * Checks layer fields; returns the first problem or null. Shared by the constructor and the
     * JSON reader so that both report the same field and allowed values.
     */
    static Problem check(
            LayerType type,
            int h,
            int w,
            int cin,
            int cout,
            int k,
            int stride,
            int padding,
            int groups,
            int batch,
            int wbits,
            int abits,
            int minBits,
            int maxBits) {
        if (type == null) {
            return new Problem("layer_type", "missing; allowed: " + LayerType.allowedNames());
        }
        String[] names = {"H", "W", "Cin", "Cout", "K", "stride", "groups", "batch"};
        int[] values = {h, w, cin, cout, k, stride, groups, batch};
        for (int i = 0; i < names.length; i++) {
            if (values[i] < 1) {
                return new Problem(
                        names[i], values[i] + " is not allowed; allowed: an integer >= 1");
            }
        }
        if (padding < 0) {
            return new Problem("padding", padding + " is not allowed; allowed: an integer >= 0");
        }
        if (wbits < minBits || wbits > maxBits) {
            return new Problem(
                    "wbits", wbits + " is outside the allowed range " + minBits + ".." + maxBits);
        }
        if (abits < minBits || abits > maxBits) {
            return new Problem(
                    "abits", abits + " is outside the allowed range " + minBits + ".." + maxBits);
        }
        if (w != h) {
            return new Problem("W", w + " differs from H " + h + "; allowed: square inputs, W = H");
        }
        if (k > h + 2L * padding) {
            return new Problem(
                    "K",
                    k
                            + " is larger than the padded input H + 2*padding = "
                            + (h + 2L * padding)
                            + "; allowed: 1.."
                            + (h + 2L * padding));
        }
        switch (type) {
            case CONV:
                if (groups != 1) {
                    return new Problem(
                            "groups",
                            groups
                                    + " is not allowed for conv; allowed: 1 (use layer_type"
                                    + " dwconv with groups = Cin for depthwise)");
                }
                break;
            case DWCONV:
                if (groups != cin) {
                    return new Problem(
                            "groups",
                            groups
                                    + " differs from Cin "
                                    + cin
                                    + "; allowed for dwconv: groups = Cin");
                }
                if (cout != cin) {
                    return new Problem(
                            "Cout",
                            cout + " differs from Cin " + cin + "; allowed for dwconv: Cout = Cin");
                }
                break;
            case FC:
                if (h != 1) {
                    return new Problem("H", h + " is not allowed for fc; allowed: 1");
                }
                if (k != 1) {
                    return new Problem("K", k + " is not allowed for fc; allowed: 1");
                }
                if (stride != 1) {
                    return new Problem("stride", stride + " is not allowed for fc; allowed: 1");
                }
                if (padding != 0) {
                    return new Problem("padding", padding + " is not allowed for fc; allowed: 0");
                }
                if (groups != 1) {
                    return new Problem("groups", groups + " is not allowed for fc; allowed: 1");
                }
                break;
            default:
                throw new AssertionError(type);
        }
        return null;
    }

    /**
     * Compares every component, as a record does.
     *
     * @param other the object to compare with
     * @return whether it is a layer with equal components
     */
    @Override
    public boolean equals(Object other) {
        // Written out, like hashCode: a record's generated methods bootstrap method handles on
        // their first call, tens of milliseconds of a fresh JVM's `mpnas cost` (a layer is the
        // key of every cost cache).
        if (this == other) {
            return true;
        }
        return other instanceof Layer l
                && type == l.type
                && h == l.h
                && w == l.w
                && cin == l.cin
                && cout == l.cout
                && k == l.k
                && stride == l.stride
                && padding == l.padding
                && groups == l.groups
                && batch == l.batch
                && wbits == l.wbits
                && abits == l.abits
                && im2col == l.im2col;
    }

    /**
     * Combines every component, consistently with {@link #equals}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        int[] ints = {h, w, cin, cout, k, stride, padding, groups, batch, wbits, abits};
        int hash = type.hashCode();
        for (int value : ints) {
            hash = 31 * hash + value;
        }
        return 31 * hash + Boolean.hashCode(im2col);
    }

    /**
     * Returns the output size O = (H + 2*padding - K) / stride + 1 (square).
     *
     * @return O
     */
    public int outputSize() {
        return (h + 2 * padding - k) / stride + 1;
    }

    /**
     * Returns the number of weights, respecting groups (biases are not counted).
     *
     * @return K*K*(Cin/groups)*Cout
     */
    public long weightCount() {
        return (long) k * k * (cin / groups) * cout;
    }

    /**
     * Returns the stored model size of this layer's weights.
     *
     * @return {@link #weightCount()} * wbits
     */
    public long modelSizeBits() {
        return weightCount() * wbits;
    }

    /**
     * Returns the real multiply-accumulates of the layer (depthwise counted once per channel).
     *
     * @return batch * O * O * K * K * (Cin/groups) * Cout
     */
    public long macs() {
        long o = outputSize();
        return batch * o * o * weightCount();
    }

    /**
     * Returns this layer with other operand widths.
     *
     * @param newWbits weight bits
     * @param newAbits activation bits
     * @return the new layer
     */
    public Layer withBits(int newWbits, int newAbits) {
        return new Layer(
                type, h, w, cin, cout, k, stride, padding, groups, batch, newWbits, newAbits,
                im2col);
    }

    /**
     * Returns this layer with another batch size.
     *
     * @param newBatch the batch size
     * @return the new layer
     */
    public Layer withBatch(int newBatch) {
        return new Layer(
                type, h, w, cin, cout, k, stride, padding, groups, newBatch, wbits, abits, im2col);
    }

    /**
     * Returns a builder. Defaults: stride 1, padding 0, batch 1, im2col false, W = H, groups 1 (Cin
     * for dwconv), Cout = Cin for dwconv.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Layer}. */
    public static final class Builder {
        private LayerType type;
        private int h;
        private Integer w;
        private int cin;
        private Integer cout;
        private int k;
        private int stride = 1;
        private int padding;
        private Integer groups;
        private int batch = 1;
        private int wbits;
        private int abits;
        private boolean im2col;

        Builder() {}

        /**
         * Sets the layer type.
         *
         * @param type the type
         * @return this builder
         */
        public Builder setType(LayerType type) {
            this.type = type;
            return this;
        }

        /**
         * Sets the (square) input size, H = W.
         *
         * @param size H and W
         * @return this builder
         */
        public Builder setInputSize(int size) {
            this.h = size;
            this.w = size;
            return this;
        }

        /**
         * Sets the channels.
         *
         * @param cin input channels
         * @param cout output channels
         * @return this builder
         */
        public Builder setChannels(int cin, int cout) {
            this.cin = cin;
            this.cout = cout;
            return this;
        }

        /**
         * Sets the channels of a depthwise layer (Cin = Cout = groups).
         *
         * @param channels C
         * @return this builder
         */
        public Builder setChannels(int channels) {
            this.cin = channels;
            this.cout = channels;
            return this;
        }

        /**
         * Sets the kernel size.
         *
         * @param k K
         * @return this builder
         */
        public Builder setKernel(int k) {
            this.k = k;
            return this;
        }

        /**
         * Sets the operand widths.
         *
         * @param wbits weight bits
         * @param abits activation bits
         * @return this builder
         */
        public Builder setBits(int wbits, int abits) {
            this.wbits = wbits;
            this.abits = abits;
            return this;
        }

        /**
         * Sets the stride (default 1).
         *
         * @param stride the stride
         * @return this builder
         */
        public Builder optStride(int stride) {
            this.stride = stride;
            return this;
        }

        /**
         * Sets the padding on each side (default 0).
         *
         * @param padding the padding
         * @return this builder
         */
        public Builder optPadding(int padding) {
            this.padding = padding;
            return this;
        }

        /**
         * Sets the groups (default 1, or Cin for dwconv).
         *
         * @param groups the groups
         * @return this builder
         */
        public Builder optGroups(int groups) {
            this.groups = groups;
            return this;
        }

        /**
         * Sets the batch size (default 1).
         *
         * @param batch the batch
         * @return this builder
         */
        public Builder optBatch(int batch) {
            this.batch = batch;
            return this;
        }

        /**
         * Sets whether the input is im2col-expanded (default false).
         *
         * @param im2col the flag
         * @return this builder
         */
        public Builder optIm2col(boolean im2col) {
            this.im2col = im2col;
            return this;
        }

        /**
         * Builds the layer.
         *
         * @return the layer
         * @throws IllegalArgumentException naming the first bad field
         */
        public Layer build() {
            int width = w == null ? h : w;
            int out = cout == null ? cin : cout;
            int g = groups != null ? groups : type == LayerType.DWCONV ? cin : 1;
            return new Layer(
                    type, h, width, cin, out, k, stride, padding, g, batch, wbits, abits, im2col);
        }
    }
}
