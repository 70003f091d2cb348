package ai.mpnas.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class ZooCatalogTest {

    @TempDir static Path tmp;
    static Path zoo;

    /** Publishes a model with the given accuracy and energy. */
    private static void publish(String artifact, String version, double top1, double energyNj)
            throws IOException {
        Map<String, String> props =
                TestModels.metadataProps("fashion-mnist", top1, energyNj, energyNj / 1e6, 1000);
        ZooPublisher.builder()
                .setZoo(zoo)
                .setModelDir(
                        TestModels.exportDir(
                                tmp.resolve(artifact + version),
                                TestModels.Split.LEFT_RIGHT,
                                props))
                .setCard(TestModels.card(artifact, version, props))
                .build()
                .publish();
    }

    @BeforeAll
    static void publishModels() throws IOException {
        zoo = tmp.resolve("zoo");
        publish("small", "1.0", 0.80, 5.0e5);
        publish("small", "1.1", 0.82, 5.0e5);
        publish("medium", "1.0", 0.88, 1.5e6);
        publish("large", "1.0", 0.91, 4.0e6);
    }

    @Test
    void listsEveryVersion() throws IOException {
        List<CatalogEntry> entries = ZooCatalog.of(zoo).list();
        assertEquals(
                List.of("large 1.0", "medium 1.0", "small 1.1", "small 1.0"),
                entries.stream().map(e -> e.artifact() + " " + e.version()).toList());
        CatalogEntry medium = entries.get(1);
        assertEquals(0.88, medium.top1());
        assertEquals(1.5e6, medium.energyNj());
        assertEquals(1.5, medium.latencyMs(), 1e-12);
        assertEquals("w2-8/a4-8", medium.bits());
        assertEquals(zoo.resolve("ai/mpnas/zoo/medium/1.0").toString(), medium.path());
    }

    @Test
    void picksTheMostAccurateModelWithinTheBudget() throws IOException {
        ZooCatalog catalog = ZooCatalog.of(zoo);
        assertEquals("large", catalog.pick(4.0e6).orElseThrow().artifact());
        assertEquals("medium", catalog.pick(3.9e6).orElseThrow().artifact());
        CatalogEntry small = catalog.pick(1.0e6).orElseThrow();
        assertEquals("small 1.1", small.artifact() + " " + small.version());
        assertEquals(Optional.empty(), catalog.pick(4.9e5));
    }

    @Test
    void jsonHasTheContractKeys() throws IOException {
        CatalogEntry entry = ZooCatalog.of(zoo).pick(2e6).orElseThrow();
        JsonNode json = new ObjectMapper().valueToTree(entry);
        List<String> keys = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(
                List.of("artifact", "version", "top1", "energy_nJ", "latency_ms", "path"),
                keys.subList(0, 6));
        assertEquals("medium", json.get("artifact").asText());
        assertEquals(1.5e6, json.get("energy_nJ").asDouble());
        assertTrue(json.get("top1").isNumber());
    }

    @Test
    void emptyZooListsNothing() throws IOException {
        Path empty = tmp.resolve("empty");
        assertEquals(List.of(), ZooCatalog.of(empty).list());
        assertEquals(Optional.empty(), ZooCatalog.of(empty).pick(1e12));
    }
}
