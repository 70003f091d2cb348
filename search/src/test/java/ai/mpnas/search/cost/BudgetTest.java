package ai.mpnas.search.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BudgetTest {

    @Test
    void relativeBudgetsScaleTheReference() {
        Budget b = Budget.parse("0.5");
        assertTrue(b.isRelative());
        assertEquals(600.0, b.resolve(CostMetric.ENERGY, 1200, 500_000_000L));
        assertEquals(50.0, Budget.parse("0.25").resolve(CostMetric.LATENCY, 200, 1));
    }

    @Test
    void absoluteBudgetsConvertUnits() {
        assertEquals(2.5e6, Budget.parse("2.5mJ").resolve(CostMetric.ENERGY, 1, 1));
        assertEquals(800e3, Budget.parse("800uJ").resolve(CostMetric.ENERGY, 1, 1));
        assertEquals(1200.0, Budget.parse("1200nJ").resolve(CostMetric.ENERGY, 1, 1));
        assertEquals(1.5e6, Budget.parse("3ms").resolve(CostMetric.LATENCY, 1, 500_000_000L));
        assertEquals(150000.0, Budget.parse("150000 cycles").resolve(CostMetric.LATENCY, 1, 1));
    }

    @Test
    void badBudgetsNameTheTextAndTheAllowedForms() {
        for (String bad : new String[] {"", "abc", "-1", "0", "2kW", "1e999"}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> Budget.parse(bad), bad);
            assertTrue(e.getMessage().contains("budget"), e.getMessage());
        }
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Budget.parse("2mJ").resolve(CostMetric.LATENCY, 1, 1));
        assertTrue(e.getMessage().contains("latency"), e.getMessage());
    }

    @Test
    void uniformBudgetsAreThatUniformNetworksOwnCost() {
        double[] cost = {0, 0, 100, 0, 250, 0, 420, 0, 700}; // a made-up cost per uniform bits
        for (int bits : new int[] {2, 4, 6, 8}) {
            Budget b = Budget.parse("u" + bits);
            assertTrue(b.isUniform());
            assertTrue(!b.isRelative());
            assertEquals("u" + bits, b.toString());
            assertEquals(b, Budget.parse(b.toString()), "settings.json round trip");
            assertEquals(cost[bits], b.resolve(CostMetric.ENERGY, n -> cost[n], 1));
            assertEquals(cost[bits], b.resolve(CostMetric.LATENCY, n -> cost[n], 1));
        }
        assertEquals(Budget.parse("u4"), Budget.parse(" U4 "));
        // a relative budget asks for the 8-bit network, and only for it
        assertEquals(350.0, Budget.parse("0.5").resolve(CostMetric.ENERGY, n -> cost[n], 1));
        assertEquals(700.0, Budget.parse("u8").resolve(CostMetric.ENERGY, 700, 1));
    }

    @Test
    void badUniformBudgetsNameTheAllowedBits() {
        for (String bad : new String[] {"u1", "u9", "u", "u4.5", "u16"}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> Budget.parse(bad), bad);
            assertTrue(e.getMessage().contains("u4"), e.getMessage());
        }
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Budget.parse("u4").resolve(CostMetric.ENERGY, 700, 1));
        assertTrue(e.getMessage().contains("'u4'"), e.getMessage());
    }
}
