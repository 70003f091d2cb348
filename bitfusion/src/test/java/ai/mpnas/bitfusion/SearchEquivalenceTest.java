package ai.mpnas.bitfusion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.Random;

/** The pruned search chooses exactly what the exhaustive reference search chooses. */
class SearchEquivalenceTest {

    private static final int LAYERS_PER_MODEL = 400;

    @Test
    void prunedEqualsExhaustiveOnRandomLayers() {
        for (CostModelKind kind : CostModelKind.values()) {
            Random random = new Random(20_260_127L + kind.ordinal());
            CostModel pruned = model(kind, SearchMode.PRUNED);
            CostModel exhaustive = model(kind, SearchMode.EXHAUSTIVE);
            for (int i = 0; i < LAYERS_PER_MODEL; i++) {
                Layer layer = randomLayer(random);
                String what = kind + " #" + i + " " + layer;
                String a;
                String b;
                try {
                    a = pruned.cost(layer).toString();
                } catch (LayerCostException e) {
                    a = e.getMessage();
                }
                try {
                    b = exhaustive.cost(layer).toString();
                } catch (LayerCostException e) {
                    b = e.getMessage();
                }
                // Records print every counter, every energy double (exact digits) and the mapping.
                assertEquals(b, a, what);
            }
        }
    }

    private static CostModel model(CostModelKind kind, SearchMode mode) {
        return CostModel.builder()
                .setKind(kind)
                .optBitModes(BitModes.EXACT)
                .optDepthwiseMode(DepthwiseMode.DENSE)
                .optSearchMode(mode)
                .build();
    }

    static Layer randomLayer(Random r) {
        int pick = r.nextInt(10);
        LayerType type = pick < 6 ? LayerType.CONV : pick < 9 ? LayerType.DWCONV : LayerType.FC;
        int[] kernels = {1, 3, 5, 7};
        int size = type == LayerType.FC ? 1 : 1 + r.nextInt(r.nextBoolean() ? 16 : 60);
        int k = type == LayerType.FC ? 1 : kernels[r.nextInt(kernels.length)];
        int padding = type == LayerType.FC ? 0 : r.nextInt(k / 2 + 2);
        while (k > size + 2 * padding) {
            padding++;
        }
        int stride = type == LayerType.FC ? 1 : 1 + r.nextInt(3);
        int cin = 1 + r.nextInt(r.nextBoolean() ? 40 : 400);
        int cout = type == LayerType.DWCONV ? cin : 1 + r.nextInt(r.nextBoolean() ? 40 : 400);
        int batch = r.nextInt(5) == 0 ? 1 + r.nextInt(12) : 1;
        boolean im2col = type == LayerType.CONV && r.nextInt(5) == 0;
        return new Layer(
                type,
                size,
                size,
                cin,
                cout,
                k,
                stride,
                padding,
                type == LayerType.DWCONV ? cin : 1,
                batch,
                1 + r.nextInt(8),
                1 + r.nextInt(8),
                im2col);
    }
}
