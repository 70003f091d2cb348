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
}
