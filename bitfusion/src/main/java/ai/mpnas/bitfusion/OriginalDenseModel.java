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
 * The original simulator's cost of one dense call under one tiling and order ({@code
 * get_stats_fast}; {@code docs/bitfusion.md}, sections "Traffic" and "Cycles") and its energy
 * ({@code Stats.get_energy}; section "Energy").
 */
final class OriginalDenseModel implements DenseModel {

    /**
     * Partial sums are always 32 bits wide, whatever the precisions (docs/bitfusion.md, "Fusion
     * factor").
     */
    static final int OPREC = 32;

    private final AcceleratorConfig config;

    OriginalDenseModel(AcceleratorConfig config) {
        this.config = config;
    }

    /** {@inheritDoc} */
    @Override
    public AcceleratorConfig config() {
        return config;
    }

    /**
     * 5.1: the footprints of one tile, which the capacity check uses as they are; weights padded
     * along the reduction to N*pf, oc not padded to M, outputs padded to M columns of 32-bit partial
     * sums.
     */
    private Footprints footprints(DenseCall call, long b, long o, long ic, long oc) {
        long m = config.cols();
        long p = (long) config.rows() * config.perfFactor(call.abits(), call.wbits());
        long k = call.k();
        long s = call.s();
        long[] v = new long[3];
        v[WGT] = mul(ceilDiv(k * k * ic, p) * p, oc, call.wbits());
        v[ACT] =
                call.im2col()
                        ? mul(mul(o, o, k * k), ic, b, call.abits())
                        : mul(mul(k + (o - 1) * s, k + (o - 1) * s), ic, b, call.abits());
        v[OUT] = mul(mul(o, o, ceilDiv(oc, m) * m), b, OPREC);
        return new Footprints(v, v);
    }

    /** {@inheritDoc} */
    @Override
    public TileCost evaluate(DenseCall call, Tiling tiling, LoopOrder order) {
        long m = config.cols();
        long p = (long) config.rows() * config.perfFactor(call.abits(), call.wbits());
        TrafficWalk walk = new TrafficWalk(config, call, this::footprints);
        if (!walk.setTile(tiling)) {
            return null;
        }
        // 5.2: the promotion walk. The simulator walks the output reads a second time, from the
        // same footprint through the same loops against the same buffer, and takes their max size
        // from the writes: reads and writes are equal, so one walk gives both.
        walk.walk(tiling, order);
        long[] v = {walk.traffic(ACT), walk.traffic(WGT), walk.traffic(OUT)};
        long rdOut = v[OUT];

        // 5.3: inner SRAM dataflow, chosen per tile.
        Inner inner = inner(call, tiling, p, m);
        long compute = computeCycles(call, tiling, p, m);
        // 5.2 quirk: partial sums are reloaded from DRAM too, even on the first pass.
        long dramRead = Math.addExact(Math.addExact(v[ACT], v[WGT]), v[OUT]);
        long dramWrite = rdOut;
        long init = walk.max(ACT) + walk.max(WGT) + walk.max(OUT);
        long fin = walk.max(OUT);
        long stall = stallCycles(compute, dramRead, dramWrite, init, fin);

        AccessBits bits =
                new AccessBits(
                        inner.actRead,
                        v[ACT],
                        inner.wgtRead,
                        v[WGT],
                        Math.addExact(rdOut, inner.out),
                        Math.addExact(v[OUT], inner.out),
                        dramRead,
                        dramWrite,
                        v[ACT],
                        v[WGT],
                        v[OUT],
                        rdOut);
        return new TileCost(
                compute + stall, compute, stall, bits, energy(config, bits, compute), inner.flow);
    }

    /** The inner-loop SRAM traffic of one tiling (order independent). */
    record Inner(Dataflow flow, long actRead, long wgtRead, long out) {}

    static Inner inner(DenseCall call, Tiling tiling, long p, long m) {
        long k = call.k();
        long a = call.abits();
        long w = call.wbits();
        long b = tiling.batchTile();
        long ow = tiling.outTile();
        long oh = tiling.outTile();
        long ic = tiling.icTile();
        long oc = tiling.ocTile();
        long isLoop = ceilDiv(oc, m) * m;
        long osLoop = call.im2col() ? ceilDiv(ic * k * k, p) * p : ceilDiv(ic, p) * p * k * k;
        long wsLoop = b * oh * ow;
        long eIs = mul(osLoop * wsLoop, a + isLoop * (w + OPREC));
        long eOs = mul(isLoop * wsLoop, OPREC + osLoop * (a + w));
        long eWs = mul(osLoop * isLoop, w + wsLoop * (a + OPREC));
        long min = Math.min(eIs, Math.min(eWs, eOs));
        long t = tiling.tiles();
        long x = k * k * ic;
        long y = oc * oh * ow * b;
        // 5.3: on equal estimates IS wins, then OS.
        if (eIs == min) {
            long base = mul(t, x, oh * ow * b);
            return new Inner(Dataflow.IS, mul(base, a), mul(base, oc, w), mul(base, oc, OPREC));
        } else if (eOs == min) {
            long base = mul(t, y, x);
            return new Inner(Dataflow.OS, mul(base, a), mul(base, w), mul(t, y, OPREC));
        } else {
            long base = mul(t, x, oc);
            long full = mul(base, b * ow * oh);
            return new Inner(Dataflow.WS, mul(full, a), mul(base, w), mul(full, OPREC));
        }
    }

    /** Compute cycles of all tiles: the array acts as N*pf rows (docs/bitfusion.md, "Cycles"). */
    static long computeCycles(DenseCall call, Tiling tiling, long p, long m) {
        long k = call.k();
        long b = tiling.batchTile();
        long ow = tiling.outTile();
        long ic = tiling.icTile();
        long oc = tiling.ocTile();
        long perTile =
                call.im2col()
                        ? mul(b * ow * ow, ceilDiv(oc, m), ceilDiv(k * k * ic, p))
                        : mul(b * ceilDiv(oc, m), ow * ow * k * k, ceilDiv(ic, p));
        return mul(tiling.tiles(), perTile);
    }

    /**
     * Stall cycles: middle traffic overlapped with compute, first fill and last drain not (5.4).
     */
    long stallCycles(long compute, long dramRead, long dramWrite, long init, long fin) {
        long bw = config.dramBitsPerCycle();
        long latency = ceilDiv(init, bw) + ceilDiv(fin, bw);
        long middle = dramRead + dramWrite - init - fin;
        long mem = ceilDiv(middle, bw);
        return Math.max(0, mem - compute) + latency;
    }

    /** Energy summed term by term in the simulator's order, so that ties break identically (6). */
    static double energyTotal(
            AcceleratorConfig c,
            long compute,
            long wbufRead,
            long wbufWrite,
            long ibufRead,
            long ibufWrite,
            long obufRead,
            long obufWrite,
            long dramRead,
            long dramWrite) {
        double e = compute * c.coreEnergyPerCycleNj();
        e += wbufRead * c.wbufReadNjPerBit();
        e += wbufWrite * c.wbufWriteNjPerBit();
        e += ibufRead * c.ibufReadNjPerBit();
        e += ibufWrite * c.ibufWriteNjPerBit();
        e += obufRead * c.obufReadNjPerBit();
        e += obufWrite * c.obufWriteNjPerBit();
        e += dramRead * c.dramNjPerBit();
        e += dramWrite * c.dramNjPerBit();
        return e;
    }

    /** The nine reference components; stall cycles cost nothing (docs/bitfusion.md, "Energy"). */
    static EnergyBreakdown energy(AcceleratorConfig c, AccessBits bits, long compute) {
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("core", compute * c.coreEnergyPerCycleNj());
        parts.put("wbuf_read", bits.wbufRead() * c.wbufReadNjPerBit());
        parts.put("wbuf_write", bits.wbufWrite() * c.wbufWriteNjPerBit());
        parts.put("ibuf_read", bits.ibufRead() * c.ibufReadNjPerBit());
        parts.put("ibuf_write", bits.ibufWrite() * c.ibufWriteNjPerBit());
        parts.put("obuf_read", bits.obufRead() * c.obufReadNjPerBit());
        parts.put("obuf_write", bits.obufWrite() * c.obufWriteNjPerBit());
        parts.put("dram_read", bits.dramRead() * c.dramNjPerBit());
        parts.put("dram_write", bits.dramWrite() * c.dramNjPerBit());
        double total =
                energyTotal(
                        c,
                        compute,
                        bits.wbufRead(),
                        bits.wbufWrite(),
                        bits.ibufRead(),
                        bits.ibufWrite(),
                        bits.obufRead(),
                        bits.obufWrite(),
                        bits.dramRead(),
                        bits.dramWrite());
        return new EnergyBreakdown(parts, total);
    }

    /** {@inheritDoc} */
    @Override
    public TileCost repeat(TileCost cost, long n) {
        // The simulator multiplies the Stats (Stats.__mul__) and prices the product.
        AccessBits bits = cost.bits().times(n);
        long compute = mul(cost.computeCycles(), n);
        return new TileCost(
                mul(cost.totalCycles(), n),
                compute,
                mul(cost.stallCycles(), n),
                bits,
                energy(config, bits, compute),
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
        private final long p;
        private final long m;
        private final TrafficWalk walk;
        private final long bw = config.dramBitsPerCycle();
        private long[] counts;
        private long compute;
        private Inner inner;
        private long vAct;
        private long vWgt;
        private long vOut;

        Fast(DenseCall call) {
            this.call = call;
            this.m = config.cols();
            this.p = (long) config.rows() * config.perfFactor(call.abits(), call.wbits());
            walk = new TrafficWalk(config, call, OriginalDenseModel.this::footprints);
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
            inner = inner(call, tiling, p, m);
            compute = computeCycles(call, tiling, p, m);
            return true;
        }

        @Override
        long cyclesLowerBound() {
            // Every max size is at least the tile footprint, and stalls are at least the latency.
            long out = walk.tileTraffic(OUT);
            long fill = walk.tileTraffic(ACT) + walk.tileTraffic(WGT) + out;
            return compute + ceilDiv(fill, bw) + ceilDiv(out, bw);
        }

        @Override
        long cycles(int[] activeInnerFirst) {
            walk.walk(counts, activeInnerFirst);
            vAct = walk.traffic(ACT);
            vWgt = walk.traffic(WGT);
            vOut = walk.traffic(OUT);
            long init = walk.max(ACT) + walk.max(WGT) + walk.max(OUT);
            return compute + stallCycles(compute, vAct + vWgt + vOut, vOut, init, walk.max(OUT));
        }

        @Override
        double energy() {
            return energyTotal(
                    config,
                    compute,
                    inner.wgtRead,
                    vWgt,
                    inner.actRead,
                    vAct,
                    vOut + inner.out,
                    vOut + inner.out,
                    vAct + vWgt + vOut,
                    vOut);
        }
    }
}
