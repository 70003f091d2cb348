package ai.mpnas.search;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import java.util.Objects;

/**
 * What the search, a training and a run's trainings share as options: resume, progress, and the
 * DJL engine and device they train on.
 *
 * @param <B> the concrete builder
 */
public abstract class RunBuilder<B extends RunBuilder<B>> {

    boolean resume;
    boolean progress = true;
    String engine;
    Device device;

    protected RunBuilder() {}

    /**
     * Continues from the last checkpoint in the output directory, if there is one.
     *
     * @param resume whether to resume
     * @return this builder
     */
    public B optResume(boolean resume) {
        this.resume = resume;
        return self();
    }

    /**
     * Shows progress bars; default on.
     *
     * @param progress whether to show progress
     * @return this builder
     */
    public B optProgress(boolean progress) {
        this.progress = progress;
        return self();
    }

    /**
     * Sets the DJL engine to train on, e.g. {@code MXNet} or {@code PyTorch}; default DJL's
     * default engine ({@code ai.djl.default_engine}).
     *
     * @param engine the engine name, or null for the default
     * @return this builder
     * @throws IllegalArgumentException if no such engine is on the classpath
     */
    public B optEngine(String engine) {
        if (engine != null && !Engine.hasEngine(engine)) {
            throw new IllegalArgumentException(
                    "engine " + engine + ": allowed: " + String.join(", ", Engine.getAllEngines()));
        }
        this.engine = engine;
        return self();
    }

    /**
     * Sets the device to train on; default the engine's default device.
     *
     * @param device the device, or null for the default
     * @return this builder
     */
    public B optDevice(Device device) {
        this.device = device;
        return self();
    }

    protected abstract B self();

    /** The name of the engine a run trains on. */
    static String engineName(String engine) {
        return engine != null ? engine : Engine.getDefaultEngineName();
    }

    /** A new model on the chosen engine and device. */
    static Model newModel(String name, Device device, String engine) {
        Engine chosen = Engine.getEngine(engineName(engine));
        return Model.newInstance(name, Objects.requireNonNullElse(device, chosen.defaultDevice()),
                chosen.getEngineName());
    }
}
