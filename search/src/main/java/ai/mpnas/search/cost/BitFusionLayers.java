package ai.mpnas.search.cost;

import ai.mpnas.bitfusion.Layer;
import ai.mpnas.bitfusion.LayerType;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.LayerGeometry;
import java.util.List;

/** Converts the layer geometry of an architecture into the layers the Bit Fusion model prices. */
public final class BitFusionLayers {

    private BitFusionLayers() {}

    /**
     * Converts one layer.
     *
     * @param g the layer geometry
     * @param batch the batch size to price
     * @return the Bit Fusion layer
     */
    public static Layer of(LayerGeometry g, int batch) {
        return new Layer(
                LayerType.valueOf(g.layerType().name()),
                g.h(),
                g.w(),
                g.cin(),
                g.cout(),
                g.k(),
                g.stride(),
                g.padding(),
                g.groups(),
                batch,
                g.wbits(),
                g.abits(),
                g.im2col());
    }

    /**
     * Converts every costed layer of an architecture, in network order.
     *
     * @param architecture the architecture
     * @param batch the batch size to price
     * @return the Bit Fusion layers
     */
    public static List<Layer> of(Architecture architecture, int batch) {
        return architecture.layers().stream().map(g -> of(g, batch)).toList();
    }
}
