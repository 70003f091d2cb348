package ai.mpnas.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.cost.Budget;
import ai.mpnas.search.derive.DerivationMethod;
import ai.mpnas.search.derive.DerivationSettings;
import ai.mpnas.search.policy.SearchConstraint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bits-only and arch-only results derived from a finished joint search's supernet: within their
 * constraint and budget, deterministic, training nothing and changing nothing of the source, and
 * refused when the source has not finished or its settings differ.
 */
class DerivedSearchTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DerivationSettings EVOLUTION = DerivationSettings.builder()
            .optMethod(DerivationMethod.EVOLUTION).optEvolution(6, 2).optParents(2)
            .optValidationImages(160).optTop(3).build();

    private static FixtureData data;
    private static Path source;

    @BeforeAll
    static void trainTheSource(@TempDir Path dir) throws Exception {
        data = FixtureData.load(640, 320);
        source = dir.resolve("joint");
        search(FixtureData.smallSearch().optBudget(Budget.parse("0.6")).build(), source)
                .build().run();
    }

    private static MixedPrecisionSearch.Builder search(SearchSettings settings, Path dir) {
        return MixedPrecisionSearch.builder().setSettings(settings)
                .setData(data.train, data.validation).setRunDirectory(dir).optProgress(false);
    }

    private static SearchResult derive(SearchConstraint constraint, String budget, Path dir)
            throws IOException {
        SearchSettings settings =
                MixedPrecisionSearch.settingsFrom(source, constraint, Budget.parse(budget));
        return search(settings, dir).optDerivation(EVOLUTION).optSupernetFrom(source).build()
                .run();
    }

    @Test
    void bitsOnlyAndArchOnlyStayInTheirSpaceAndBudgetAndTrainNothing(@TempDir Path dir)
            throws Exception {
        Map<String, byte[]> before = files(source);
        SearchSpace space = SearchSpace.preset("fashion-mnist");
        SearchResult bitsOnly = derive(
                SearchConstraint.fixArchitecture("reference"), "0.6", dir.resolve("bits"));
        assertTrue(bitsOnly.energyNj() <= bitsOnly.budget(), bitsOnly.toString());
        Architecture reference = space.reference(8);
        for (int b = 0; b < space.numBlocks(); b++) {
            BlockChoice got = bitsOnly.architecture().blocks().get(b);
            BlockChoice ref = reference.blocks().get(b);
            assertFalse(got.skip(), "bits-only skipped block " + b);
            assertEquals(ref.m(), got.m(), "bits-only m of block " + b);
            assertEquals(ref.k(), got.k(), "bits-only k of block " + b);
        }
        SearchResult archOnly =
                derive(SearchConstraint.fixBits(4), "0.45", dir.resolve("arch"));
        assertTrue(archOnly.energyNj() <= archOnly.budget(), archOnly.toString());
        for (BlockChoice got : archOnly.architecture().blocks()) {
            assertTrue(got.skip() || got.wbits() == 4 && got.abits() == 4,
                    archOnly.architecture().code());
        }
        // nothing trained: no checkpoint or history of its own; the source is byte for byte
        // what it was
        assertFalse(Files.exists(dir.resolve("bits/checkpoints")));
        assertFalse(Files.exists(dir.resolve("bits/history.csv")));
        Map<String, byte[]> after = files(source);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
        JsonNode settings = MAPPER.readTree(dir.resolve("bits/settings.json").toFile());
        assertEquals(source.toString(), settings.at("/supernet_from/run").asText());
        assertEquals(source, MixedPrecisionSearch.readSupernetFrom(dir.resolve("bits")));
        assertNull(MixedPrecisionSearch.readSupernetFrom(source));
        assertEquals("reference", settings.get(SearchConstraint.FIX_ARCHITECTURE).asText());
    }

    @Test
    void aDerivationIsAFunctionOfTheSourceAndItsSettings(@TempDir Path dir) throws Exception {
        SearchResult first = derive(SearchConstraint.fixBits(4), "0.5", dir.resolve("a"));
        SearchResult second = derive(SearchConstraint.fixBits(4), "0.5", dir.resolve("b"));
        assertEquals(first.architecture().code(), second.architecture().code());
        assertEquals(MAPPER.readTree(dir.resolve("a/architecture.json").toFile())
                        .at("/search/derivation/candidates"),
                MAPPER.readTree(dir.resolve("b/architecture.json").toFile())
                        .at("/search/derivation/candidates"));
    }

    @Test
    void anUnfinishedOrDifferentSourceIsRefused(@TempDir Path dir) throws Exception {
        SearchSettings other = FixtureData.smallSearch().optBudget(Budget.parse("0.6"))
                .optSeed(9).build();
        IllegalArgumentException differs = assertThrows(IllegalArgumentException.class,
                () -> search(other, dir.resolve("seed9")).optSupernetFrom(source).build().run());
        assertTrue(differs.getMessage().contains(": seed differ from this run's; a derived run"
                + " may change only budget, fix_architecture, fix_bits"), differs.getMessage());

        // a source whose last checkpoint is not its last step
        Path unfinished = dir.resolve("unfinished");
        copy(source, unfinished);
        // a source killed after an earlier checkpoint: its store names the older one
        Path checkpoints = unfinished.resolve("checkpoints");
        try (Stream<Path> list = Files.list(checkpoints)) {
            Path older = list.filter(p -> p.getFileName().toString().startsWith("step-"))
                    .min(Path::compareTo).orElseThrow();
            Files.writeString(checkpoints.resolve("latest"), older.getFileName() + "\n");
        }
        IllegalArgumentException early = assertThrows(IllegalArgumentException.class,
                () -> search(MixedPrecisionSearch.settingsFrom(unfinished,
                        SearchConstraint.fixBits(4), Budget.parse("0.5")), dir.resolve("x"))
                        .optSupernetFrom(unfinished).build().run());
        assertTrue(early.getMessage().contains("the search has not finished (step "),
                early.getMessage());
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                out.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

}
