package ai.mpnas.bitfusion;

import static ai.mpnas.bitfusion.Arith.ceilDiv;
import static ai.mpnas.bitfusion.Arith.mul;

import java.util.LinkedHashMap;
import java.util.List;
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

    private static final int ACT = 0;
    private static final int WGT = 1;
    private static final int OUT = 2;

    private final AcceleratorConfig config;

    OriginalDenseModel(AcceleratorConfig config) {
        this.config = config;
    }

    /** {@inheritDoc} */
    @Override
    public AcceleratorConfig config() {
        return config;
    }

    /** {@inheritDoc} */
    @Override
    public TileCost evaluate(DenseCall call, Tiling tiling, LoopOrder order) {
        long n = config.rows();
        long m = config.cols();
        long p = n * config.perfFactor(call.abits(), call.wbits());
        long k = call.k();
        long s = call.s();
        long a = call.abits();
        long w = call.wbits();
        long b = tiling.batchTile();
        long ow = tiling.outTile();
        long oh = tiling.outTile();
        long ic = tiling.icTile();
        long oc = tiling.ocTile();

        // 5.1: footprints; weights padded along the reduction to N*pf, oc not padded to M.
        long[] v = new long[3];
        v[WGT] = mul(ceilDiv(k * k * ic, p) * p, oc, w);
        v[ACT] =
                call.im2col()
                        ? mul(mul(ow, oh, k * k), ic, b, a)
                        : mul(mul(k + (ow - 1) * s, k + (oh - 1) * s), ic, b, a);
        // 5.1: outputs padded to M columns of 32-bit partial sums.
        v[OUT] = mul(mul(ow, oh, ceilDiv(oc, m) * m), b, OPREC);
        long[] cap = {config.actCapacityBits(), config.wgtCapacityBits(), config.outCapacityBits()};
        if (v[WGT] > cap[WGT] || v[ACT] > cap[ACT] || v[OUT] > cap[OUT]) {
            return null;
        }

        // 5.2: promotion walk from the innermost loop outwards.
        long[] max = v.clone();
        boolean[] promote = {true, true, true};
        long rdOut = v[OUT];
        long maxRdOut = v[OUT];
        boolean promoteRd = true;
        List<Loop> loops = order.outerToInner();
        for (int i = loops.size() - 1; i >= 0; i--) {
            Loop loop = loops.get(i);
            long count = tiling.count(loop);
            boolean[] dep = {loop.indexesAct(), loop.indexesWgt(), loop.indexesOut()};
            for (int x = 0; x < 3; x++) {
                if (promote[x]) {
                    if (dep[x]) {
                        v[x] = mul(v[x], count);
                        if (v[x] > cap[x]) {
                            promote[x] = false;
                        } else {
                            max[x] = v[x];
                        }
                    }
                } else {
                    v[x] = mul(v[x], count);
                }
            }
            if (promoteRd) {
                if (loop.indexesOut()) {
                    rdOut = mul(rdOut, count);
                    if (rdOut > cap[OUT]) {
                        promoteRd = false;
                    } else {
                        // 5.2 quirk: the max read size is taken from the writes (always equal).
                        maxRdOut = v[OUT];
                    }
                }
            } else {
                rdOut = mul(rdOut, count);
            }
        }

        // 5.3: inner SRAM dataflow, chosen per tile.
        Inner inner = inner(call, tiling, p, m);
        long compute = computeCycles(call, tiling, p, m);
        // 5.2 quirk: partial sums are reloaded from DRAM too, even on the first pass.
        long dramRead = Math.addExact(Math.addExact(v[ACT], v[WGT]), v[OUT]);
        long dramWrite = rdOut;
        long init = max[ACT] + max[WGT] + max[OUT];
        long fin = maxRdOut;
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
        private final long capAct = config.actCapacityBits();
        private final long capWgt = config.wgtCapacityBits();
        private final long capOut = config.outCapacityBits();
        private final long bw = config.dramBitsPerCycle();
        private long[] counts;
        private long act;
        private long wgt;
        private long out;
        private long compute;
        private Inner inner;
        private long vAct;
        private long vWgt;
        private long vOut;

        Fast(DenseCall call) {
            this.call = call;
            this.m = config.cols();
            this.p = (long) config.rows() * config.perfFactor(call.abits(), call.wbits());
        }

        @Override
        boolean setTile(int b, int o, int ic, int oc, long[] counts) {
            long k = call.k();
            long s = call.s();
            wgt = mul(ceilDiv(k * k * ic, p) * p, oc, call.wbits());
            act =
                    call.im2col()
                            ? mul(mul(o, o, k * k), ic, b, call.abits())
                            : mul(mul(k + (o - 1L) * s, k + (o - 1L) * s), ic, b, call.abits());
            out = mul(mul(o, o, ceilDiv(oc, m) * m), b, OPREC);
            if (wgt > capWgt || act > capAct || out > capOut) {
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
            return compute + ceilDiv(act + wgt + out, bw) + ceilDiv(out, bw);
        }

        @Override
        long cycles(int[] activeInnerFirst) {
            long va = act;
            long vw = wgt;
            long vo = out;
            long ma = act;
            long mw = wgt;
            long mo = out;
            boolean pa = true;
            boolean pw = true;
            boolean po = true;
            for (int l : activeInnerFirst) {
                long n = counts[l];
                // Dependences: act on all but OC, wgt on IC and OC, out on all but IC.
                if (pa) {
                    if (l != 4) {
                        va = mul(va, n);
                        if (va > capAct) {
                            pa = false;
                        } else {
                            ma = va;
                        }
                    }
                } else {
                    va = mul(va, n);
                }
                if (pw) {
                    if (l >= 3) {
                        vw = mul(vw, n);
                        if (vw > capWgt) {
                            pw = false;
                        } else {
                            mw = vw;
                        }
                    }
                } else {
                    vw = mul(vw, n);
                }
                if (po) {
                    if (l != 3) {
                        vo = mul(vo, n);
                        if (vo > capOut) {
                            po = false;
                        } else {
                            mo = vo;
                        }
                    }
                } else {
                    vo = mul(vo, n);
                }
            }
            vAct = va;
            vWgt = vw;
            vOut = vo;
            long dramRead = va + vw + vo;
            return compute + stallCycles(compute, dramRead, vo, ma + mw + mo, mo);
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
