package ai.mpnas.training;

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

    private boolean resume;
    private boolean progress = true;
    private String engine;
    private Device device;

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

    /**
     * Whether to continue from the last checkpoint.
     *
     * @return the resume option
     */
    public boolean resume() {
        return resume;
    }

    /**
     * Whether to show progress bars.
     *
     * @return the progress option
     */
    public boolean progress() {
        return progress;
    }

    /**
     * The DJL engine to train on.
     *
     * @return the engine name, or null for DJL's default
     */
    public String engine() {
        return engine;
    }

    /**
     * The device to train on.
     *
     * @return the device, or null for the engine's default
     */
    public Device device() {
        return device;
    }

    /**
     * This builder, typed as the concrete builder.
     *
     * @return this
     */
    protected abstract B self();

    /**
     * The name of the engine a run trains on.
     *
     * @param engine the chosen engine, or null for the default
     * @return the engine's name
     */
    public static String engineName(String engine) {
        return engine != null ? engine : Engine.getDefaultEngineName();
    }

    /**
     * A new model on the chosen engine and device.
     *
     * @param name the model's name
     * @param device the device, or null for the engine's default
     * @param engine the engine, or null for the default
     * @return the model
     */
    public static Model newModel(String name, Device device, String engine) {
        Engine chosen = Engine.getEngine(engineName(engine));
        return Model.newInstance(name, Objects.requireNonNullElse(device, chosen.defaultDevice()),
                chosen.getEngineName());
    }
}
