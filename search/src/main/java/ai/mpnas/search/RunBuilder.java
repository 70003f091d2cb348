package ai.mpnas.search;

/**
 * What the builders of long runs (a search, a training, the trainings of a run) share: whether to
 * resume from the last checkpoint and whether to show progress.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class RunBuilder<B extends RunBuilder<B>> {

    boolean resume;
    boolean progress = true;

    /** Creates a builder that starts afresh and shows progress. */
    protected RunBuilder() {}

    /**
     * Resumes from the last checkpoint, if there is one; default false.
     *
     * @param resume whether to resume
     * @return this builder
     */
    public B optResume(boolean resume) {
        this.resume = resume;
        return self();
    }

    /**
     * Shows a progress bar; default true.
     *
     * @param progress whether to show progress
     * @return this builder
     */
    public B optProgress(boolean progress) {
        this.progress = progress;
        return self();
    }

    /**
     * Returns this builder as its concrete type.
     *
     * @return this builder
     */
    protected abstract B self();
}
