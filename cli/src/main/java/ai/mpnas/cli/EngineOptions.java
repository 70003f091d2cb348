package ai.mpnas.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.mpnas.plugin.engine.EngineQuirks;
import picocli.CommandLine.Option;

/**
 * The DJL engine and device a command trains on ({@code --engine}, {@code --device}), shared by
 * search, train, sweep, demo and bench.
 */
final class EngineOptions {

    /** The engine when none is asked for: MXNet, which the stack pins. */
    static final String DEFAULT_ENGINE = EngineQuirks.MXNET;

    @Option(
            names = "--engine",
            defaultValue = DEFAULT_ENGINE,
            paramLabel = "ENGINE",
            description =
                    "DJL engine to train on: MXNet or PyTorch (README, Engines). Default:"
                            + " ${DEFAULT-VALUE}.")
    String engine;

    @Option(
            names = "--device",
            paramLabel = "DEVICE",
            description =
                    "cpu, gpu or gpu:N (needs the engine's CUDA natives, README, Engines)."
                            + " Default: the engine's default device.")
    String device;

    /**
     * Checks the choice and makes the engine this process's default, so that every array the
     * command creates, not only the model's, lives on it.
     *
     * @return the engine name
     * @throws IllegalArgumentException if the engine is not on the classpath
     */
    String apply() {
        if (!Engine.hasEngine(engine)) {
            throw new IllegalArgumentException(
                    "--engine " + engine + ": allowed: " + String.join(", ", Engine.getAllEngines()));
        }
        System.setProperty("ai.djl.default_engine", engine);
        return engine;
    }

    /**
     * Returns the device asked for, or null for the engine's default.
     *
     * @return the device
     * @throws IllegalArgumentException naming the allowed forms
     */
    Device device() {
        if (device == null) {
            return null;
        }
        if (!device.matches("cpu|gpu(:\\d+)?")) {
            throw new IllegalArgumentException(
                    "--device " + device + ": allowed: cpu, gpu, gpu:N");
        }
        return Device.fromName(device);
    }
}
