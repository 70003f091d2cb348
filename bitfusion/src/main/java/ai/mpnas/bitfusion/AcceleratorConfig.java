package ai.mpnas.bitfusion;

import java.util.ArrayList;
import java.util.List;

/**
 * A Bit Fusion accelerator: array geometry, precisions, buffers, DRAM interface, clock and the
 * per-access energy costs. Immutable; {@link #bitFusion45nm()} is the configuration of the paper's
 * results ({@code bf_e_conf.ini}; {@code docs/bitfusion.md}, section "Accelerator").
 *
 * @param rows N, rows of Fusion Units: the reduction (input) side of the array
 * @param cols M, columns: the output-channel side of the array
 * @param pmax the widest operand one Fusion Unit handles in one cycle, in bits
 * @param pmin the BitBrick precision (narrowest operand), in bits
 * @param actSramBytes the activation buffer (IBUF) size in bytes
 * @param wgtSramBytes the weight buffer (WBUF) size in bytes
 * @param outSramBytes the output buffer (OBUF) size in bytes
 * @param dramBitsPerCycle the DRAM interface width in bits per cycle
 * @param frequencyHz the clock, used only to turn cycles into time
 * @param techNm the technology node in nm (descriptive; the costs below are for it)
 * @param coreEnergyPerCycleNj the energy of the whole array per compute cycle, in nJ
 * @param wbufReadNjPerBit WBUF read energy per bit, in nJ
 * @param wbufWriteNjPerBit WBUF write energy per bit, in nJ
 * @param ibufReadNjPerBit IBUF read energy per bit, in nJ
 * @param ibufWriteNjPerBit IBUF write energy per bit, in nJ
 * @param obufReadNjPerBit OBUF read energy per bit, in nJ
 * @param obufWriteNjPerBit OBUF write energy per bit, in nJ
 * @param dramNjPerBit DRAM energy per bit read or written, in nJ
 */
public record AcceleratorConfig(
        int rows,
        int cols,
        int pmax,
        int pmin,
        long actSramBytes,
        long wgtSramBytes,
        long outSramBytes,
        int dramBitsPerCycle,
        long frequencyHz,
        int techNm,
        double coreEnergyPerCycleNj,
        double wbufReadNjPerBit,
        double wbufWriteNjPerBit,
        double ibufReadNjPerBit,
        double ibufWriteNjPerBit,
        double obufReadNjPerBit,
        double obufWriteNjPerBit,
        double dramNjPerBit) {

    private static final AcceleratorConfig BIT_FUSION_45NM =
            builder()
                    .setRows(16)
                    .setCols(32)
                    .setPmax(8)
                    .setPmin(2)
                    .setSramBytes(32768, 65536, 16384)
                    .setDramBitsPerCycle(192)
                    .setFrequencyHz(500_000_000L)
                    .setTechNm(45)
                    // 4x4 synthesis row scaled by N*M/16 at its own 500 MHz (docs/bitfusion.md,
                    // "Accelerator").
                    .setCoreEnergyPerCycleNj(0.235104)
                    // CACTI 45 nm per-access energies divided by the 32-bit word
                    // (docs/bitfusion.md, "Accelerator").
                    .setWbufNjPerBit(2.136565625e-05, 2.891615625e-05)
                    .setIbufNjPerBit(5.9474375e-05, 1.137040625e-04)
                    .setObufNjPerBit(3.31553125e-05, 7.30840625e-05)
                    .setDramNjPerBit(0.015)
                    .build();

    /**
     * Validates the configuration.
     *
     * @throws IllegalArgumentException naming the first bad field
     */
    public AcceleratorConfig {
        positive("rows", rows);
        positive("cols", cols);
        positive("pmin", pmin);
        positive("pmax", pmax);
        if (pmin > pmax) {
            throw new IllegalArgumentException(
                    "pmin: " + pmin + " exceeds pmax " + pmax + "; allowed: 1..pmax");
        }
        positive("act_sram_bytes", actSramBytes);
        positive("wgt_sram_bytes", wgtSramBytes);
        positive("out_sram_bytes", outSramBytes);
        positive("dram_bits_per_cycle", dramBitsPerCycle);
        positive("frequency_hz", frequencyHz);
        positive("tech_nm", techNm);
        energy("core_energy_per_cycle_nj", coreEnergyPerCycleNj);
        energy("wbuf_read_nj_per_bit", wbufReadNjPerBit);
        energy("wbuf_write_nj_per_bit", wbufWriteNjPerBit);
        energy("ibuf_read_nj_per_bit", ibufReadNjPerBit);
        energy("ibuf_write_nj_per_bit", ibufWriteNjPerBit);
        energy("obuf_read_nj_per_bit", obufReadNjPerBit);
        energy("obuf_write_nj_per_bit", obufWriteNjPerBit);
        energy("dram_nj_per_bit", dramNjPerBit);
    }

    private static void positive(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(
                    field + ": " + value + " is not allowed; allowed: a positive integer");
        }
    }

    private static void energy(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    field + ": " + value + " is not allowed; allowed: a finite number >= 0");
        }
    }

    /**
     * Returns the paper's configuration, {@code bf_e_conf.ini} at 45 nm: 16x32 array, pmax 8, pmin
     * 2, IBUF 32 KiB, WBUF 64 KiB, OBUF 16 KiB, 192 bits/cycle, 500 MHz.
     *
     * @return the BitFusion-45nm configuration
     */
    public static AcceleratorConfig bitFusion45nm() {
        return BIT_FUSION_45NM;
    }

    /**
     * Returns an empty builder: every value must be set. To derive a variant of an existing
     * configuration, use {@link #toBuilder()}, e.g. {@code bitFusion45nm().toBuilder()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this configuration's values, for deriving a variant.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return builder()
                .setRows(rows)
                .setCols(cols)
                .setPmax(pmax)
                .setPmin(pmin)
                .setSramBytes(actSramBytes, wgtSramBytes, outSramBytes)
                .setDramBitsPerCycle(dramBitsPerCycle)
                .setFrequencyHz(frequencyHz)
                .setTechNm(techNm)
                .setCoreEnergyPerCycleNj(coreEnergyPerCycleNj)
                .setWbufNjPerBit(wbufReadNjPerBit, wbufWriteNjPerBit)
                .setIbufNjPerBit(ibufReadNjPerBit, ibufWriteNjPerBit)
                .setObufNjPerBit(obufReadNjPerBit, obufWriteNjPerBit)
                .setDramNjPerBit(dramNjPerBit);
    }

    /**
     * Returns the fusion ("performance") factor for the operand widths: how many more reduction
     * rows the array acts as having, {@code floor(pmax/max(a,pmin)) * floor(pmax/max(w,pmin))}
     * ({@code docs/bitfusion.md}, section "Fusion factor"). It is 0 for an operand wider than pmax.
     *
     * @param abits activation bits
     * @param wbits weight bits
     * @return the factor
     */
    public int perfFactor(int abits, int wbits) {
        // Quirks kept: floor division makes 3 bits run like 4 and 5-7 bits like 8.
        return (pmax / Math.max(abits, pmin)) * (pmax / Math.max(wbits, pmin));
    }

    /**
     * Returns the operand widths the array offers as precision modes: the multiples of the
     * BitBrick width pmin up to pmax ({2, 4, 6, 8} on the paper's accelerator), narrowest first.
     * See {@code docs/bitfusion.md}, section "Precision modes".
     *
     * @return the widths in bits
     */
    public List<Integer> supportedWidths() {
        List<Integer> widths = new ArrayList<>();
        for (int bits = pmin; bits <= pmax; bits += pmin) {
            widths.add(bits);
        }
        return List.copyOf(widths);
    }

    /**
     * Returns the activation capacity used by every fit check: half the buffer (double buffering),
     * in bits ({@code docs/bitfusion.md}, section "Accelerator").
     *
     * @return {@code act_sram_bytes * 8 / 2}
     */
    public long actCapacityBits() {
        return actSramBytes * 4;
    }

    /**
     * Returns the weight capacity used by every fit check: half the buffer, in bits.
     *
     * @return {@code wgt_sram_bytes * 8 / 2}
     */
    public long wgtCapacityBits() {
        return wgtSramBytes * 4;
    }

    /**
     * Returns the output capacity used by every fit check: half the buffer, in bits.
     *
     * @return {@code out_sram_bytes * 8 / 2}
     */
    public long outCapacityBits() {
        return outSramBytes * 4;
    }

    /** Builds an {@link AcceleratorConfig}; every value must be set. */
    public static final class Builder {
        private int rows;
        private int cols;
        private int pmax;
        private int pmin;
        private long actSramBytes;
        private long wgtSramBytes;
        private long outSramBytes;
        private int dramBitsPerCycle;
        private long frequencyHz;
        private int techNm;
        private double coreEnergyPerCycleNj = Double.NaN;
        private double wbufReadNjPerBit = Double.NaN;
        private double wbufWriteNjPerBit = Double.NaN;
        private double ibufReadNjPerBit = Double.NaN;
        private double ibufWriteNjPerBit = Double.NaN;
        private double obufReadNjPerBit = Double.NaN;
        private double obufWriteNjPerBit = Double.NaN;
        private double dramNjPerBit = Double.NaN;

        Builder() {}

        /**
         * Sets N, the rows (reduction side).
         *
         * @param rows the rows
         * @return this builder
         */
        public Builder setRows(int rows) {
            this.rows = rows;
            return this;
        }

        /**
         * Sets M, the columns (output side).
         *
         * @param cols the columns
         * @return this builder
         */
        public Builder setCols(int cols) {
            this.cols = cols;
            return this;
        }

        /**
         * Sets pmax, the widest operand a Fusion Unit handles per cycle.
         *
         * @param pmax bits
         * @return this builder
         */
        public Builder setPmax(int pmax) {
            this.pmax = pmax;
            return this;
        }

        /**
         * Sets pmin, the BitBrick precision.
         *
         * @param pmin bits
         * @return this builder
         */
        public Builder setPmin(int pmin) {
            this.pmin = pmin;
            return this;
        }

        /**
         * Sets the three buffer sizes.
         *
         * @param act IBUF bytes
         * @param wgt WBUF bytes
         * @param out OBUF bytes
         * @return this builder
         */
        public Builder setSramBytes(long act, long wgt, long out) {
            this.actSramBytes = act;
            this.wgtSramBytes = wgt;
            this.outSramBytes = out;
            return this;
        }

        /**
         * Sets the DRAM interface width.
         *
         * @param bits bits per cycle
         * @return this builder
         */
        public Builder setDramBitsPerCycle(int bits) {
            this.dramBitsPerCycle = bits;
            return this;
        }

        /**
         * Sets the clock frequency.
         *
         * @param hz the frequency in Hz
         * @return this builder
         */
        public Builder setFrequencyHz(long hz) {
            this.frequencyHz = hz;
            return this;
        }

        /**
         * Sets the technology node.
         *
         * @param nm the node in nm
         * @return this builder
         */
        public Builder setTechNm(int nm) {
            this.techNm = nm;
            return this;
        }

        /**
         * Sets the array energy per compute cycle.
         *
         * @param nj nJ per cycle
         * @return this builder
         */
        public Builder setCoreEnergyPerCycleNj(double nj) {
            this.coreEnergyPerCycleNj = nj;
            return this;
        }

        /**
         * Sets the WBUF per-bit energies.
         *
         * @param read nJ per bit read
         * @param write nJ per bit written
         * @return this builder
         */
        public Builder setWbufNjPerBit(double read, double write) {
            this.wbufReadNjPerBit = read;
            this.wbufWriteNjPerBit = write;
            return this;
        }

        /**
         * Sets the IBUF per-bit energies.
         *
         * @param read nJ per bit read
         * @param write nJ per bit written
         * @return this builder
         */
        public Builder setIbufNjPerBit(double read, double write) {
            this.ibufReadNjPerBit = read;
            this.ibufWriteNjPerBit = write;
            return this;
        }

        /**
         * Sets the OBUF per-bit energies.
         *
         * @param read nJ per bit read
         * @param write nJ per bit written
         * @return this builder
         */
        public Builder setObufNjPerBit(double read, double write) {
            this.obufReadNjPerBit = read;
            this.obufWriteNjPerBit = write;
            return this;
        }

        /**
         * Sets the DRAM energy per bit.
         *
         * @param nj nJ per bit
         * @return this builder
         */
        public Builder setDramNjPerBit(double nj) {
            this.dramNjPerBit = nj;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the first missing or bad field
         */
        public AcceleratorConfig build() {
            return new AcceleratorConfig(
                    rows,
                    cols,
                    pmax,
                    pmin,
                    actSramBytes,
                    wgtSramBytes,
                    outSramBytes,
                    dramBitsPerCycle,
                    frequencyHz,
                    techNm,
                    coreEnergyPerCycleNj,
                    wbufReadNjPerBit,
                    wbufWriteNjPerBit,
                    ibufReadNjPerBit,
                    ibufWriteNjPerBit,
                    obufReadNjPerBit,
                    obufWriteNjPerBit,
                    dramNjPerBit);
        }
    }
}
