package ai.mpnas.bitfusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Layer's written-out equals and hashCode keep a record's meaning. */
class LayerTest {

    /**
     * Layers drawn from few values, so that many pairs are equal and many differ in one component:
     * equal exactly when the record's own text (every component) is equal, and then with equal
     * hash codes.
     */
    @Test
    void equalExactlyWhenEveryComponentIsEqualWithEqualHashCodes() {
        Random random = new Random(7);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            LayerType type = random.nextBoolean() ? LayerType.CONV : LayerType.DWCONV;
            int size = 7 + 7 * random.nextInt(2);
            int cin = 16 * (1 + random.nextInt(2));
            int k = 1 + 2 * random.nextInt(2);
            layers.add(
                    new Layer(type, size, size, cin, type == LayerType.DWCONV ? cin : 32, k,
                            1 + random.nextInt(2), k / 2, type == LayerType.DWCONV ? cin : 1,
                            1 + random.nextInt(2), 2 + 2 * random.nextInt(2),
                            2 + 2 * random.nextInt(2), random.nextInt(4) == 0));
        }
        int equalPairs = 0;
        for (Layer a : layers) {
            for (Layer b : layers) {
                boolean sameComponents = a.toString().equals(b.toString());
                assertEquals(sameComponents, a.equals(b), a + " vs " + b);
                if (sameComponents) {
                    assertEquals(a.hashCode(), b.hashCode(), a.toString());
                    equalPairs += a == b ? 0 : 1;
                }
            }
        }
        assertTrue(equalPairs >= 50, "too few equal pairs to test: " + equalPairs);
    }

    @Test
    void aLayerIsNotEqualToOtherObjects() {
        Layer layer = MobileNetV2Layers.layers(8, 8, 1).get(0);
        assertNotEquals(null, layer);
        assertNotEquals(layer.toString(), layer);
        assertEquals(layer, layer.withBits(4, 4).withBits(8, 8));
    }
}
