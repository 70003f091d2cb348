package ai.mpnas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.search.cost.Budget;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One short search per baseline: its files record the constraint and its results keep it. */
class ConstrainedSearchTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SearchSpace SPACE = SearchSpace.preset("fashion-mnist");
    private static FixtureData data;

    @BeforeAll
    static void load() throws Exception {
        data = FixtureData.load(320, 160);
    }

    /** The settings of {@code MixedPrecisionSearchTest}'s short searches, with the sandwich on. */
    private static SearchSettings.Builder small() {
        return FixtureData.smallSearch().setSearchSpace(SPACE).optStepsPerEpoch(5)
                .optSandwich(true);
    }

    /** Runs a search and checks that every architecture it records keeps the constraint. */
    private static JsonNode search(
            SearchSettings settings, Path dir, BiPredicate<Integer, BlockChoice> keeps)
            throws Exception {
        SearchResult result =
                MixedPrecisionSearch.builder()
                        .setSettings(settings)
                        .setData(data.train, data.validation)
                        .setRunDirectory(dir)
                        .optProgress(false)
                        .build()
                        .run();
        assertTrue(result.energyNj() <= result.budget(), result.energyNj() + " > " + result.budget());
        JsonNode arch = MAPPER.readTree(dir.resolve("architecture.json").toFile());
        assertKeeps(result.architecture(), keeps);
        JsonNode candidates = arch.at("/search/derivation/candidates");
        assertTrue(candidates.size() >= 2, candidates.toString());
        for (JsonNode c : candidates) {
            assertKeeps(Architecture.fromCode(SPACE, c.get("code").asText()), keeps);
        }
        // and the most likely architecture at every step
        int column = MixedPrecisionSearch.HISTORY_COLUMNS.indexOf("most_likely");
        List<String> history = Files.readAllLines(dir.resolve("history.csv"));
        assertEquals(11, history.size());
        for (String line : history.subList(1, history.size())) {
            assertKeeps(Architecture.fromCode(SPACE, line.split(",")[column]), keeps);
        }
        return arch;
    }

    private static void assertKeeps(Architecture a, BiPredicate<Integer, BlockChoice> keeps) {
        for (int b = 0; b < a.blocks().size(); b++) {
            assertTrue(keeps.test(b, a.blocks().get(b)), "block " + b + " of " + a.code());
        }
    }

    @Test
    void bitsOnlySearchKeepsTheReferenceOperators(@TempDir Path dir) throws Exception {
        SearchSettings settings =
                small().optFixArchitecture("reference").optBudget(Budget.parse("0.8")).build();
        JsonNode arch =
                search(settings, dir, (b, c) -> {
                    BlockChoice ref = SPACE.reference(8).blocks().get(b);
                    return !c.skip() && c.m() == ref.m() && c.k() == ref.k();
                });
        assertEquals("bits-only", arch.at("/search/constraint/contender").asText());
        assertEquals("reference", arch.at("/search/constraint/fix_architecture").asText());
        JsonNode written = MAPPER.readTree(dir.resolve("settings.json").toFile());
        assertEquals("reference", written.get("fix_architecture").asText());
        assertFalse(written.has("fix_bits"));
        assertEquals(settings, MixedPrecisionSearch.readSettings(dir));
    }

    @Test
    void archOnlySearchKeepsEveryBitWidth(@TempDir Path dir) throws Exception {
        SearchSettings settings = small().optFixBits(4).optBudget(Budget.parse("0.5")).build();
        JsonNode arch =
                search(settings, dir, (b, c) -> c.skip() || c.wbits() == 4 && c.abits() == 4);
        assertEquals("arch-only", arch.at("/search/constraint/contender").asText());
        assertEquals(4, arch.at("/search/constraint/fix_bits").asInt());
        JsonNode written = MAPPER.readTree(dir.resolve("settings.json").toFile());
        assertEquals(4, written.get("fix_bits").asInt());
        assertFalse(written.has("fix_architecture"));
        assertEquals(settings, MixedPrecisionSearch.readSettings(dir));
    }
}
