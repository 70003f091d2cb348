package ai.mpnas.bitfusion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** One unit per quantity, 4 significant digits, no exponents. */
class UnitsTest {

    @Test
    void energyIsInMicrojoulesToFourSignificantDigits() {
        assertEquals("88.98 uJ", Units.energy(88_984.3));
        assertEquals("110.2 uJ", Units.energy(1.102e5));
        assertEquals("0.1235 uJ", Units.energy(123.45));
        assertEquals("12350 uJ", Units.energy(12_345_678));
        assertEquals("0 uJ", Units.energy(0));
        assertEquals("38.58", Units.microjoules(38_582.45));
    }

    @Test
    void latencyIsInMillisecondsToFourSignificantDigits() {
        assertEquals("0.03526 ms", Units.latency(0.035256));
        assertEquals("3.000 ms", Units.latency(3));
        assertEquals("1235", Units.milliseconds(1234.6));
    }
}
