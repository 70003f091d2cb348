package ai.mpnas.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CostUnitTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void energyIsShownInMicrojoules() throws Exception {
        CostUnit unit = CostUnit.of(MAPPER.readTree("{\"search\":{\"metric\":\"energy\"}}"));
        assertSame(CostUnit.ENERGY, unit);
        assertEquals(148.444656, unit.human(148444.656), 1e-9);
        assertEquals("148.4", unit.format(148444.656));
        assertEquals("energy per image (uJ)", unit.title());
    }

    @Test
    void filesWithoutAMetricAreOnEnergy() throws Exception {
        assertSame(CostUnit.ENERGY, CostUnit.of(MAPPER.readTree("{}")));
    }

    @Test
    void latencyIsShownInMillisecondsAtTheRunsClock() throws Exception {
        CostUnit unit = CostUnit.of(MAPPER.readTree("{\"search\":{\"metric\":\"latency\"},"
                + "\"bitfusion\":{\"accelerator\":{\"frequency_hz\":250000000}}}"));
        // 250 MHz: 125,000 cycles take 0.5 ms
        assertEquals(0.5, unit.human(125000), 1e-12);
        assertEquals("0.5000", unit.format(125000));
        assertEquals("latency per image (ms)", unit.title());
        assertEquals("latency_cycles", unit.budgetField());
    }
}
