package ai.mpnas.bitfusion;

import ai.mpnas.formats.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;

/**
 * JSON views of cost results. A layer's object has the reference's result fields ({@code
 * total_cycles, compute_cycles, mem_stall_cycles, bits, energy_nJ_components, energy_total_nJ})
 * plus informative extras ({@code layer_index, model, depthwise, run_wbits, run_abits, dense_call,
 * tiling, loop_order, dataflow, extrapolated, extrapolation_reason}); {@code run_wbits} and {@code
 * run_abits} are the precision mode the layer ran in ({@code docs/bitfusion.md}, section
 * "Precision modes").
 */
public final class CostJson {

    /** The format tag of a network cost document. */
    public static final String FORMAT = "mpnas/bitfusion-cost@1";

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CostJson() {}

    /**
     * Returns a layer cost as JSON.
     *
     * @param cost the cost
     * @return the object
     */
    public static ObjectNode toJson(LayerCost cost) {
        return toJson(cost, -1);
    }

    /**
     * Returns a layer cost as JSON, with its index in a list.
     *
     * @param cost the cost
     * @param layerIndex the index, or -1 to leave it out
     * @return the object
     */
    public static ObjectNode toJson(LayerCost cost, int layerIndex) {
        ObjectNode node = MAPPER.createObjectNode();
        if (layerIndex >= 0) {
            node.put("layer_index", layerIndex);
        }
        putResult(
                node,
                cost.totalCycles(),
                cost.computeCycles(),
                cost.memStallCycles(),
                cost.bits(),
                cost.energy());
        node.put("model", cost.model().jsonName());
        if (cost.depthwise() == null) {
            node.putNull("depthwise");
        } else {
            node.put("depthwise", cost.depthwise().jsonName());
        }
        node.put("run_wbits", cost.runWbits());
        node.put("run_abits", cost.runAbits());
        Mapping m = cost.mapping();
        ObjectNode call = node.putObject("dense_call");
        call.put("K", m.call().k());
        call.put("O", m.call().o());
        call.put("S", m.call().s());
        call.put("IC", m.call().ic());
        call.put("OC", m.call().oc());
        call.put("batch_size", m.call().batch());
        call.put("iprec", m.call().abits());
        call.put("wprec", m.call().wbits());
        call.put("im2col", m.call().im2col());
        call.put("multiplier", m.repeat());
        ObjectNode tiling = node.putObject("tiling");
        for (Loop loop : Loop.values()) {
            ObjectNode t = tiling.putObject(loop.simName());
            t.put("num_tiles", m.tiling().count(loop));
            t.put("tile_size", m.tiling().size(loop));
        }
        ArrayNode order = node.putArray("loop_order");
        m.order().outerToInner().forEach(l -> order.add(l.simName()));
        node.put("dataflow", m.dataflow().name());
        node.put("extrapolated", cost.extrapolated());
        if (cost.extrapolated()) {
            node.put("extrapolation_reason", cost.extrapolationReason());
        }
        return node;
    }

    private static void putResult(
            ObjectNode node,
            long total,
            long compute,
            long stall,
            AccessBits bits,
            EnergyBreakdown energy) {
        node.put("total_cycles", total);
        node.put("compute_cycles", compute);
        node.put("mem_stall_cycles", stall);
        ObjectNode b = node.putObject("bits");
        bits.toMap().forEach(b::put);
        ObjectNode e = node.putObject("energy_nJ_components");
        energy.componentsNj().forEach(e::put);
        node.put("energy_total_nJ", energy.totalNj());
    }

    /**
     * Returns a network cost as JSON: format, model, depthwise mode, bit modes, accelerator,
     * per-layer results (each with its layer) and totals.
     *
     * @param net the network cost
     * @return the document
     */
    public static ObjectNode toJson(NetworkCost net) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("format", FORMAT);
        node.put("model", net.model().jsonName());
        node.put("depthwise", net.depthwiseMode().jsonName());
        node.put("bit_modes", net.bitModes().jsonName());
        node.set("accelerator", AcceleratorConfigJson.toJson(net.config()));
        ArrayNode layers = node.putArray("layers");
        for (int i = 0; i < net.costs().size(); i++) {
            ObjectNode entry = toJson(net.costs().get(i), i);
            entry.set("layer", LayersJson.toJson(net.layers().get(i)));
            layers.add(entry);
        }
        ObjectNode totals = node.putObject("totals");
        putResult(
                totals,
                net.totalCycles(),
                net.computeCycles(),
                net.memStallCycles(),
                net.bits(),
                net.energy());
        totals.put("latency_ms", net.latencyMs());
        totals.put("model_size_bits", net.modelSizeBits());
        totals.put("extrapolated", net.extrapolated());
        return node;
    }

    /**
     * Writes a JSON document atomically.
     *
     * @param file the file
     * @param document the document
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, JsonNode document) throws IOException {
        AtomicFiles.write(file, MAPPER.writeValueAsBytes(document));
    }
}
