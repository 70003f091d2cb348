package ai.mpnas.search;

import ai.mpnas.plugin.space.SearchSpace;
import java.nio.file.Path;

/** A search in a child JVM, for the kill -9 test: {@code SearchProcess RUN_DIR [--resume]}. */
public final class SearchProcess {

    private SearchProcess() {}

    static SearchSettings settings() {
        return SearchSettings.builder()
                .setSearchSpace(SearchSpace.preset("fashion-mnist"))
                .optEpochs(3, 1)
                .optBatchSize(32)
                .optStepsPerEpoch(10)
                .optCheckpointEvery(4)
                .optDerivationCandidates(2)
                .optSeed(5)
                .build();
    }

    /**
     * Runs the search.
     *
     * @param args the run directory, and optionally --resume
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        FixtureData data = FixtureData.load(640, 320);
        MixedPrecisionSearch.builder()
                .setSettings(settings())
                .setData(data.train, data.validation)
                .setRunDirectory(Path.of(args[0]))
                .optResume(args.length > 1 && "--resume".equals(args[1]))
                .optProgress(false)
                .build()
                .run();
    }
}
