package ai.mpnas.search;

import ai.mpnas.plugin.space.SearchSpace;

/** The small search the search tests share. */
final class SmallSearch {

    private SmallSearch() {}

    /**
     * The settings of the search tests: the fashion-mnist space, two epochs (one of warm-up) of
     * eight steps of 32 images, a checkpoint every five steps, four derivation candidates, seed
     * 2. Tests override what they are about.
     */
    static SearchSettings.Builder settings() {
        return SearchSettings.builder()
                .setSearchSpace(SearchSpace.preset("fashion-mnist"))
                .optEpochs(2, 1)
                .optBatchSize(32)
                .optStepsPerEpoch(8)
                .optCheckpointEvery(5)
                .optDerivationCandidates(4)
                .optSeed(2);
    }
}
