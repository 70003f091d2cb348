package ai.mpnas.bitfusion;

/**
 * The five tiled loops of the Bit Fusion tiling search (K is never tiled), named as in the
 * simulator.
 */
public enum Loop {
    /** Batch. */
    B("B/b", true, false, true),
    /** Output width. */
    OW("OW/ow", true, false, true),
    /** Output height. */
    OH("OH/oh", true, false, true),
    /** Input channels. */
    IC("IC/ic", true, true, false),
    /** Output channels. */
    OC("OC/oc", false, true, true);

    private final String simName;
    private final boolean indexesAct;
    private final boolean indexesWgt;
    private final boolean indexesOut;

    Loop(String simName, boolean indexesAct, boolean indexesWgt, boolean indexesOut) {
        this.simName = simName;
        this.indexesAct = indexesAct;
        this.indexesWgt = indexesWgt;
        this.indexesOut = indexesOut;
    }

    /**
     * Returns the simulator's name of the loop, e.g. {@code OC/oc}.
     *
     * @return the name
     */
    public String simName() {
        return simName;
    }

    /**
     * Returns whether this loop indexes the activation buffer's data ({@code docs/bitfusion.md},
     * section "Traffic").
     *
     * @return true if the loop changes which activations a tile needs
     */
    public boolean indexesAct() {
        return indexesAct;
    }

    /**
     * Returns whether this loop indexes the weight buffer's data ({@code docs/bitfusion.md},
     * section "Traffic").
     *
     * @return true if the loop changes which weights a tile needs
     */
    public boolean indexesWgt() {
        return indexesWgt;
    }

    /**
     * Returns whether this loop indexes the output buffer's data ({@code docs/bitfusion.md},
     * section "Traffic").
     *
     * @return true if the loop changes which outputs a tile produces
     */
    public boolean indexesOut() {
        return indexesOut;
    }
}
