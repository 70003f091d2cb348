package ai.mpnas.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

class ModelCardTest {

    @ParameterizedTest
    @CsvSource({
        "0.5, <=1nJ",
        "1, <=1nJ",
        "1.01, <=10nJ",
        "999, <=1uJ",
        "1000, <=1uJ",
        "320000, <=1mJ",
        "1000000, <=1mJ",
        "2000000, <=10mJ",
        "5e9, <=10J"
    })
    void energyTierIsTheDecadeAbove(double energyNj, String tier) {
        assertEquals(tier, ModelCard.energyTier(energyNj));
    }

    @Test
    void bitsLabel() {
        assertEquals("w2-8/a4-8", ModelCard.bitsLabel(2, 8, 4, 8));
        assertEquals("w8/a8", ModelCard.bitsLabel(8, 8, 8, 8));
    }

    @Test
    void readsTheExportProvenance() {
        Map<String, String> props = new HashMap<>();
        props.put("mpnas.accuracy", "{\"top1\": 0.8731, \"dataset\": \"fashion-mnist\"}");
        props.put(
                "mpnas.cost",
                "{\"energy_nJ\": 123456.5, \"latency_cycles\": 98765, \"latency_ms\": 0.98765,"
                        + " \"depthwise\": \"grouped\", \"batch\": 1}");
        props.put(
                "mpnas.layers",
                "[{\"name\": \"a\", \"wbits\": 8, \"abits\": 8},"
                        + " {\"name\": \"b\", \"wbits\": 4, \"abits\": 6},"
                        + " {\"name\": \"c\", \"wbits\": 2, \"abits\": 4},"
                        + " {\"name\": \"d\", \"wbits\": 6, \"abits\": 8}]");
        ModelCard card =
                ModelCard.fromMetadataProps(props).setArtifact("m").setVersion("1").build();
        assertEquals("fashion-mnist", card.dataset());
        assertEquals(0.8731, card.top1());
        assertEquals(123456.5, card.energyNj());
        assertEquals(98765, card.latencyCycles());
        assertEquals(0.98765, card.latencyMs());
        assertEquals("w2-8/a4-8", card.bits());
        assertEquals(5.0, card.avgWeightBits()); // (8 + 4 + 2 + 6) / 4
        assertEquals(6.5, card.avgActivationBits()); // (8 + 6 + 4 + 8) / 4
        assertEquals("<=1mJ", card.energyTier());
        assertEquals("", card.budget());

        ModelCard back = ModelCard.fromProperties("m", "1", card.toProperties(), "metadata.json");
        assertEquals(card, back);
    }

    @Test
    void errorsNameTheKeyAndField() {
        Map<String, String> props = new HashMap<>();
        props.put("mpnas.accuracy", "{\"top1\": 0.8}");
        props.put("mpnas.cost", "{\"energy_nJ\": 1, \"latency_cycles\": 1, \"latency_ms\": 1}");
        props.put("mpnas.layers", "[{\"wbits\": 8, \"abits\": 8}]");
        IllegalArgumentException dataset =
                assertThrows(
                        IllegalArgumentException.class, () -> ModelCard.fromMetadataProps(props));
        assertEquals(
                "metadata_props mpnas.accuracy: field dataset is missing", dataset.getMessage());

        props.put("mpnas.accuracy", "{\"top1\": 0.8, \"dataset\": \"d\"}");
        props.put(
                "mpnas.layers", "[{\"wbits\": 8, \"abits\": 8}, {\"wbits\": \"x\", \"abits\": 8}]");
        IllegalArgumentException bits =
                assertThrows(
                        IllegalArgumentException.class, () -> ModelCard.fromMetadataProps(props));
        assertTrue(bits.getMessage().contains("[1].wbits"), bits.getMessage());

        props.remove("mpnas.cost");
        IllegalArgumentException cost =
                assertThrows(
                        IllegalArgumentException.class, () -> ModelCard.fromMetadataProps(props));
        assertEquals("metadata_props mpnas.cost is missing", cost.getMessage());

        props.put("mpnas.cost", "{not json");
        IllegalArgumentException json =
                assertThrows(
                        IllegalArgumentException.class, () -> ModelCard.fromMetadataProps(props));
        assertTrue(json.getMessage().startsWith("metadata_props mpnas.cost is not valid JSON"));

        IllegalArgumentException top1 =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                ModelCard.builder()
                                        .setArtifact("a")
                                        .setVersion("1")
                                        .setDataset("d")
                                        .setTop1(87.5)
                                        .setEnergyNj(1)
                                        .setLatencyMs(1)
                                        .setLatencyCycles(1)
                                        .setBits("w8/a8", 8, 8)
                                        .build());
        assertEquals("model card top1 = 87.5: must be in [0, 1]", top1.getMessage());

        Map<String, String> properties = new HashMap<>();
        properties.put("dataset", "d");
        properties.put("accuracy", "high");
        IllegalArgumentException accuracy =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ModelCard.fromProperties("a", "1", properties, "zoo/metadata.json"));
        assertEquals(
                "zoo/metadata.json artifacts[version=1].properties.accuracy = 'high' is not a"
                        + " number",
                accuracy.getMessage());
    }
}
