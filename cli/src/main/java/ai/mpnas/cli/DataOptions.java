package ai.mpnas.cli;

import ai.mpnas.data.DatasetKind;
import ai.mpnas.data.DatasetSpec;
import ai.mpnas.plugin.space.SearchSpace;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The dataset options shared by {@code search} and {@code train}. */
final class DataOptions {

    @Option(
            names = "--dataset",
            paramLabel = "NAME",
            description =
                    "fashion-mnist, cifar10, cifar100 or image-folder. Default: the preset's own"
                            + " (fashion-mnist, cifar10, image-folder for imagenet).")
    String dataset;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Where the dataset files are. Default for Fashion-MNIST: Debian's"
                            + " /usr/share/datasets/fashion-mnist (package dataset-fashion-mnist).")
    Path dataDir;

    @Option(
            names = "--train-limit",
            defaultValue = "0",
            paramLabel = "N",
            description = "Use only the first N training images (0: all), for quick runs.")
    long trainLimit;

    @Option(
            names = "--test-limit",
            defaultValue = "0",
            paramLabel = "N",
            description = "Evaluate on only the first N test images (0: all).")
    long testLimit;

    DatasetKind kind(SearchSpace space) {
        if (dataset != null) {
            return DatasetKind.fromId(dataset);
        }
        return switch (space.id()) {
            case "cifar" -> DatasetKind.CIFAR10;
            case "imagenet" -> DatasetKind.IMAGE_FOLDER;
            default -> DatasetKind.FASHION_MNIST;
        };
    }

    DatasetSpec spec(SearchSpace space, double validationFraction, long seed) {
        DatasetKind kind = kind(space);
        Path dir = dataDir != null ? dataDir : kind.defaultDataDir().orElse(null);
        if (dir == null) {
            throw new IllegalArgumentException(
                    "--data-dir is required for dataset " + kind.id());
        }
        DatasetSpec.Builder b =
                DatasetSpec.builder()
                        .setKind(kind)
                        .optDataDir(dir)
                        .optValidationFraction(validationFraction)
                        .optSeed(seed);
        if (trainLimit > 0) {
            b.optTrainLimit(trainLimit);
        }
        if (testLimit > 0) {
            b.optTestLimit(testLimit);
        }
        if (kind == DatasetKind.IMAGE_FOLDER) {
            b.optImageSize(space.input().height());
        }
        return b.build();
    }

    /** Adapts a preset's class count to the dataset (CIFAR-100 on the cifar preset). */
    static SearchSpace forDataset(SearchSpace space, int classes) {
        return space.classes() == classes ? space : space.withClasses(classes);
    }
}
