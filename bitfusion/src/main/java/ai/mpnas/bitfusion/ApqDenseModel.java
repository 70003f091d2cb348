package ai.mpnas.bitfusion;

import static ai.mpnas.bitfusion.Arith.ceilDiv;
import static ai.mpnas.bitfusion.Arith.mul;
import static ai.mpnas.bitfusion.TrafficWalk.ACT;
import static ai.mpnas.bitfusion.TrafficWalk.OUT;
import static ai.mpnas.bitfusion.TrafficWalk.WGT;

import ai.mpnas.bitfusion.TrafficWalk.Footprints;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * APQ's modified dense model ({@code docs/bitfusion.md}, section "The apq model"): exact traffic
 * footprints but padded, power-of-two
 * capacity checks; cycles as the larger of compute plus fill/drain and the DRAM time; energy with
 * four fitted constants and the cheaper of output- and weight-stationary inner loops.
 *
 * <p>Energy components (nJ), which add up to the total up to rounding:
 *
 * <ul>
 *   <li>{@code core_compute} = E_C x compute cycles; {@code core_cycles} = E_T x total cycles;
 *   <li>{@code dram_read}, {@code dram_write} = DRAM bits x DRAM cost;
 *   <li>{@code ibuf_write}, {@code wbuf_write}, {@code obuf_write} = tile fills x write cost;
 *       {@code obuf_read} = drained bits x OBUF read cost;
 *   <li>{@code ibuf_read} = inputs read once per 32-column pass x IBUF read cost;
 *   <li>{@code wbuf_read} = weights streamed by the chosen inner loop x WBUF read cost;
 *   <li>{@code accumulator} = output bits accumulated in the inner loop x E_OUT;
 *   <li>{@code partial_sums} = partial sums recirculated by the weight-stationary loop x E_PS (0
 *       for output stationary).
 * </ul>
 *
 * The access counters follow the same split: obuf_read counts the drained bits, obuf_write the
 * filled bits; the accumulator and partial-sum traffic appear only in the energy.
 */
final class ApqDenseModel implements DenseModel {

    /** Fitted energy per compute cycle, nJ. */
    static final double E_C = 0.4766518;

    /** Fitted energy per total cycle, stalls included, nJ. */
    static final double E_T = 0.433014704;

    /** Fitted energy per inner output/accumulator bit, nJ. */
    static final double E_OUT = 7.87635625e-05;

    /**
     * Fitted energy per recirculated partial-sum bit in weight-stationary loops, nJ.
     */
    static final double E_PS = 9.250146875e-05;

    private static final int OPREC = 32;

    private final AcceleratorConfig config;

    ApqDenseModel(AcceleratorConfig config) {
        this.config = config;
    }

    /** {@inheritDoc} */
    @Override
    public AcceleratorConfig config() {
        return config;
    }

    /** Footprints of one tile: traffic (exact) and capacity check (padded). */
    private Footprints footprints(DenseCall call, long b, long o, long ic, long oc) {
        long m = config.cols();
        long p = (long) config.rows() * config.perfFactor(call.abits(), call.wbits());
        long k = call.k();
        long s = call.s();
        long a = call.abits();
        long w = call.wbits();
        long p2a = Arith.nextPowerOfTwo(a);
        long p2w = Arith.nextPowerOfTwo(w);
        long spatial = call.im2col() ? mul(o, o, k * k) : mul(k + (o - 1) * s, k + (o - 1) * s);
        long[] traffic = new long[3];
        long[] check = new long[3];
        traffic[ACT] = mul(spatial, ic, b, a);
        traffic[WGT] = mul(k * k * ic, oc, w);
        traffic[OUT] = mul(mul(o, o, oc), b, OPREC);
        check[ACT] = mul(spatial, ceilDiv(ic, p) * p, b, p2a);
        check[WGT] = mul(ceilDiv(k * k * ic, p) * p, ceilDiv(oc, m) * m, p2w);
        check[OUT] = mul(mul(o, o, ceilDiv(oc, m) * m), b, OPREC);
        return new Footprints(traffic, check);
    }

    /** Order-independent terms of one tile. */
    private record TileTerms(
            long compute,
            long ibufReadBits,
            long osWgtRead,
            long osAcc,
            long wsWgtRead,
            long wsAcc,
            long wsPartial) {}

    private TileTerms terms(DenseCall call, Tiling t, long wgtTraffic) {
        long m = config.cols();
        long p = (long) config.rows() * config.perfFactor(call.abits(), call.wbits());
        long k = call.k();
        long b = t.batchTile();
        long o = t.outTile();
        long ic = t.icTile();
        long oc = t.ocTile();
        long tiles = t.tiles();
        long perTile =
                call.im2col()
                        ? mul(b * o * o, ceilDiv(oc, m), ceilDiv(k * k * ic, p))
                        : mul(b * ceilDiv(oc, m), o * o * k * k, ceilDiv(ic, p));
        long compute = mul(tiles, perTile);
        long y = mul(oc * o, o * b);
        long ibuf = mul(mul(tiles, k * k * ic, o * o * b), ceilDiv(oc, m), call.abits());
        long mac = mul(mul(tiles, y), k * k * ic);
        long tn = tiles / t.icCount();
        long kt = ceilDiv(ic, p) * k * k;
        long wsAcc = mul(tn, y, OPREC);
        return new TileTerms(
                compute,
                ibuf,
                mul(mac, call.wbits()),
                mul(tiles, y, OPREC),
                mul(tiles, wgtTraffic),
                wsAcc,
                mul(kt * t.icCount() - 1, wsAcc));
    }

    /** The larger of compute plus first fill and last drain, and the DRAM time. */
    private long cycles(long compute, long reads, long writes, long init, long fin) {
        long bw = config.dramBitsPerCycle();
        return Math.max(
                compute + ceilDiv(init, bw) + ceilDiv(fin, bw),
                ceilDiv(reads, bw) + ceilDiv(writes, bw));
    }

    /** The base energy term, summed in the order the fit was made in. */
    private double base(TileTerms terms, long va, long vw, long vo, long cycles) {
        AcceleratorConfig c = config;
        long reads = va + vw + vo;
        double e = c.dramNjPerBit() * (reads + vo);
        e += va * c.ibufWriteNjPerBit();
        e += vw * c.wbufWriteNjPerBit();
        e += vo * c.obufWriteNjPerBit();
        e += vo * c.obufReadNjPerBit();
        e += terms.ibufReadBits() * c.ibufReadNjPerBit();
        e += E_C * terms.compute();
        e += E_T * cycles;
        return e;
    }

    private double outputStationary(TileTerms terms, double base) {
        return base + terms.osWgtRead() * config.wbufReadNjPerBit() + terms.osAcc() * E_OUT;
    }

    private double weightStationary(TileTerms terms, double base) {
        return base
                + terms.wsWgtRead() * config.wbufReadNjPerBit()
                + terms.wsAcc() * E_OUT
                + terms.wsPartial() * E_PS;
    }

    /** {@inheritDoc} */
    @Override
    public TileCost evaluate(DenseCall call, Tiling tiling, LoopOrder order) {
        TrafficWalk walk = new TrafficWalk(config, call, this::footprints);
        if (!walk.setTile(tiling)) {
            return null;
        }
        walk.walk(tiling, order);
        long[] v = {walk.traffic(ACT), walk.traffic(WGT), walk.traffic(OUT)};
        TileTerms terms = terms(call, tiling, walk.tileTraffic(WGT));
        long reads = Math.addExact(Math.addExact(v[ACT], v[WGT]), v[OUT]);
        long writes = v[OUT];
        long cycles =
                cycles(
                        terms.compute(),
                        reads,
                        writes,
                        walk.max(ACT) + walk.max(WGT) + walk.max(OUT),
                        walk.max(OUT));
        double base = base(terms, v[ACT], v[WGT], v[OUT], cycles);
        double os = outputStationary(terms, base);
        double ws = weightStationary(terms, base);
        boolean isOs = os <= ws;

        AcceleratorConfig c = config;
        long wgtRead = isOs ? terms.osWgtRead() : terms.wsWgtRead();
        long acc = isOs ? terms.osAcc() : terms.wsAcc();
        long partial = isOs ? 0 : terms.wsPartial();
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("core_compute", E_C * terms.compute());
        parts.put("core_cycles", E_T * cycles);
        parts.put("wbuf_read", wgtRead * c.wbufReadNjPerBit());
        parts.put("wbuf_write", v[WGT] * c.wbufWriteNjPerBit());
        parts.put("ibuf_read", terms.ibufReadBits() * c.ibufReadNjPerBit());
        parts.put("ibuf_write", v[ACT] * c.ibufWriteNjPerBit());
        parts.put("obuf_read", writes * c.obufReadNjPerBit());
        parts.put("obuf_write", v[OUT] * c.obufWriteNjPerBit());
        parts.put("dram_read", reads * c.dramNjPerBit());
        parts.put("dram_write", writes * c.dramNjPerBit());
        parts.put("accumulator", acc * E_OUT);
        parts.put("partial_sums", partial * E_PS);
        AccessBits bits =
                new AccessBits(
                        terms.ibufReadBits(),
                        v[ACT],
                        wgtRead,
                        v[WGT],
                        writes,
                        v[OUT],
                        reads,
                        writes,
                        v[ACT],
                        v[WGT],
                        v[OUT],
                        writes);
        return new TileCost(
                cycles,
                terms.compute(),
                cycles - terms.compute(),
                bits,
                new EnergyBreakdown(parts, Math.min(os, ws)),
                isOs ? Dataflow.OS : Dataflow.WS);
    }

    /** {@inheritDoc} */
    @Override
    public TileCost repeat(TileCost cost, long n) {
        // A layer of n blocks costs exactly n times the block, cycles and energy.
        return new TileCost(
                mul(cost.totalCycles(), n),
                mul(cost.computeCycles(), n),
                mul(cost.stallCycles(), n),
                cost.bits().times(n),
                cost.energy().times(n),
                cost.dataflow());
    }

    /** {@inheritDoc} */
    @Override
    public FastEvaluator fastEvaluator(DenseCall call) {
        return new Fast(call);
    }

    /** The same function as {@link #evaluate}, split into per-tile and per-order parts. */
    private final class Fast extends FastEvaluator {
        private final DenseCall call;
        private final TrafficWalk walk;
        private final long bw = config.dramBitsPerCycle();
        private long[] counts;
        private TileTerms terms;
        private long vAct;
        private long vWgt;
        private long vOut;
        private long lastCycles;

        Fast(DenseCall call) {
            this.call = call;
            walk = new TrafficWalk(config, call, ApqDenseModel.this::footprints);
        }

        @Override
        boolean setTile(int b, int o, int ic, int oc, long[] counts) {
            if (!walk.setTile(b, o, ic, oc)) {
                return false;
            }
            this.counts = counts;
            Tiling tiling =
                    new Tiling(
                            b,
                            (int) counts[0],
                            o,
                            (int) counts[1],
                            ic,
                            (int) counts[3],
                            oc,
                            (int) counts[4]);
            terms = terms(call, tiling, walk.tileTraffic(WGT));
            return true;
        }

        @Override
        long cyclesLowerBound() {
            // Every max size is at least the tile's traffic footprint.
            long out = walk.tileTraffic(OUT);
            return terms.compute()
                    + ceilDiv(walk.tileTraffic(ACT) + walk.tileTraffic(WGT) + out, bw)
                    + ceilDiv(out, bw);
        }

        @Override
        long cycles(int[] activeInnerFirst) {
            walk.walk(counts, activeInnerFirst);
            vAct = walk.traffic(ACT);
            vWgt = walk.traffic(WGT);
            vOut = walk.traffic(OUT);
            long init = walk.max(ACT) + walk.max(WGT) + walk.max(OUT);
            lastCycles =
                    ApqDenseModel.this.cycles(
                            terms.compute(), vAct + vWgt + vOut, vOut, init, walk.max(OUT));
            return lastCycles;
        }

        @Override
        double energy() {
            double base = base(terms, vAct, vWgt, vOut, lastCycles);
            return Math.min(outputStationary(terms, base), weightStationary(terms, base));
        }
    }
}
