package ai.mpnas.zoo;

import java.nio.file.Path;
import java.util.Map;

/**
 * A publisher in its own JVM, for the tests that run publishes in parallel processes or kill one.
 * Arguments: zoo, model directory, artifact, comma-separated versions, force, and the step at which
 * to wait (a minute, for the parent to kill it; {@code none} for no wait). The child prints {@code
 * STEP <step> <version>} after each step.
 */
public final class PublishChild {

    static final Map<String, String> PROPS =
            TestModels.metadataProps("synthetic-halves", 0.875, 2.5e5, 0.61, 610_000);

    private PublishChild() {}

    /**
     * Runs the publishes.
     *
     * @param args zoo, model dir, artifact, versions, force, step to wait at
     * @throws Exception if a publish fails
     */
    public static void main(String[] args) throws Exception {
        Path zoo = Path.of(args[0]);
        Path modelDir = Path.of(args[1]);
        String artifact = args[2];
        boolean force = Boolean.parseBoolean(args[4]);
        String waitAt = args[5];
        System.out.println("READY");
        System.out.flush();
        for (String version : args[3].split(",")) {
            System.out.println("PUBLISHING " + version);
            System.out.flush();
            ZooPublisher.builder()
                    .setZoo(zoo)
                    .setModelDir(modelDir)
                    .setCard(TestModels.card(artifact, version, PROPS))
                    .optForce(force)
                    .optStepHook(
                            step -> {
                                System.out.println("STEP " + step + " " + version);
                                System.out.flush();
                                if (step.name().equals(waitAt)) {
                                    try {
                                        Thread.sleep(60_000);
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                }
                            })
                    .build()
                    .publish();
        }
        System.out.println("DONE");
        System.out.flush();
    }

    /** Starts a child JVM on the test class path. */
    static Process start(
            Path zoo, Path modelDir, String artifact, String versions, boolean force, String waitAt)
            throws java.io.IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        PublishChild.class.getName(),
                        zoo.toString(),
                        modelDir.toString(),
                        artifact,
                        versions,
                        Boolean.toString(force),
                        waitAt)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
