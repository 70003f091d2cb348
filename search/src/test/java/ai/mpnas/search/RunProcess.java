package ai.mpnas.search;

import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.training.CheckpointStore;
import ai.mpnas.training.ScratchTraining;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A search or a training in a child JVM, for the resume tests: {@code RunProcess search|train
 * DIR [--resume] [--halt-at STEP]}. With {@code --halt-at} a watcher thread halts the JVM (no
 * shutdown hooks, no finally blocks: what {@code kill -9} does) as soon as a checkpoint of at
 * least that step is complete, while the run goes on writing history rows past it.
 */
public final class RunProcess {

    /** The exit status of a halted run. */
    static final int HALTED = 137;

    private RunProcess() {}

    /** A search short enough for a test: 1 warm-up epoch and 2 search epochs of 10 steps. */
    static SearchSettings searchSettings() {
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
     * Runs the search or the training.
     *
     * @param args {@code search|train}, the run directory, then {@code --resume} and {@code
     *     --halt-at STEP} in any order
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        boolean resume = false;
        for (int i = 2; i < args.length; i++) {
            if ("--resume".equals(args[i])) {
                resume = true;
            } else if ("--halt-at".equals(args[i])) {
                String checkpoints = "search".equals(args[0]) ? "checkpoints" : "train-checkpoints";
                haltAt(dir.resolve(checkpoints), Long.parseLong(args[++i]));
            }
        }
        if ("search".equals(args[0])) {
            FixtureData data = FixtureData.load(640, 320);
            MixedPrecisionSearch.builder()
                    .setSettings(searchSettings())
                    .setData(data.train, data.validation)
                    .setRunDirectory(dir)
                    .optResume(resume)
                    .optProgress(false)
                    .build()
                    .run();
        } else {
            FixtureData data = FixtureData.load(320, 160);
            ScratchTraining.builder()
                    .setArchitecture(SearchSpace.preset("fashion-mnist").reference(4))
                    .setData(data.train, data.validation)
                    .setOutputDirectory(dir)
                    .optEpochs(3)
                    .optBatchSize(32)
                    .optSeed(7)
                    .optResume(resume)
                    .optProgress(false)
                    .build()
                    .run();
        }
    }

    private static void haltAt(Path checkpoints, long step) {
        Thread watcher =
                new Thread(
                        () -> {
                            while (true) {
                                if (latestStep(checkpoints) >= step) {
                                    Runtime.getRuntime().halt(HALTED);
                                }
                                try {
                                    Thread.sleep(1);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "halt-at-" + step);
        watcher.setDaemon(true);
        watcher.start();
    }

    private static long latestStep(Path checkpoints) {
        try {
            return new CheckpointStore(checkpoints, 1)
                    .latest()
                    .map(CheckpointStore::stepOf)
                    .orElse(-1L);
        } catch (IOException e) {
            return -1; // the pointer is being replaced; look again
        }
    }
}
