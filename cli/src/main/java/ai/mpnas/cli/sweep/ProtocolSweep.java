package ai.mpnas.cli.sweep;

import ai.mpnas.formats.ProtocolRow;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a {@link ProtocolPlan} in this process, point by point, one at a time, each point a {@link
 * PointExecution} (ordinary {@code mpnas} command lines run by a {@link PointRunner}). A point is
 * finished when its {@code point.json} exists (written atomically, last); a rerun skips finished
 * points and continues an interrupted one from its files. After each point, {@code table.json},
 * {@code table.md} and the plot are rewritten from the finished points ({@link ProtocolTable}).
 */
public final class ProtocolSweep {

    private final ProtocolPlan plan;
    private final PointRunner runner;
    private final ProtocolPricing pricing;
    private final Path out;
    private final PrintWriter log;
    private final PointClaim.Policy claims;

    private ProtocolSweep(Builder b) {
        plan = b.plan;
        runner = b.runner;
        pricing = b.pricing;
        out = b.out;
        log = b.log;
        claims = b.claims;
    }

    /**
     * Returns a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs every point not yet finished, then writes the table.
     *
     * @return the table's rows
     * @throws IOException if a file cannot be read or written
     * @throws InterruptedException if interrupted while a command runs
     * @throws IllegalStateException naming the point, the command and its log if a command fails
     */
    public List<ProtocolRow> run() throws IOException, InterruptedException {
        PointExecution execution = new PointExecution(runner, log, claims);
        for (ProtocolPoint point : plan.points()) {
            if (PointJob.isFinished(out, point)) {
                log.println("sweep: " + point.id() + " finished earlier");
                continue;
            }
            execution.run(PointJob.of(point, plan.recipe(), pricing, out));
            writeTable();
        }
        return writeTable();
    }

    private List<ProtocolRow> writeTable() throws IOException {
        return ProtocolTable.write(plan, pricing.uniformEnergyNj(8), out);
    }

    /** Builds a {@link ProtocolSweep}. */
    public static final class Builder {
        private ProtocolPlan plan;
        private PointRunner runner;
        private ProtocolPricing pricing;
        private Path out;
        private PrintWriter log = new PrintWriter(System.out, true);
        private PointClaim.Policy claims = PointClaim.Policy.DEFAULT;

        private Builder() {}

        /**
         * Sets what to run.
         *
         * @param plan the plan
         * @return this builder
         */
        public Builder setPlan(ProtocolPlan plan) {
            this.plan = plan;
            return this;
        }

        /**
         * Sets how each command runs (a child JVM in production; a recorder in tests).
         *
         * @param runner the runner
         * @return this builder
         */
        public Builder setRunner(PointRunner runner) {
            this.runner = runner;
            return this;
        }

        /**
         * Sets the pricing of the search space under the sweep's cost options.
         *
         * @param pricing the pricing
         * @return this builder
         */
        public Builder setPricing(ProtocolPricing pricing) {
            this.pricing = pricing;
            return this;
        }

        /**
         * Sets the sweep directory.
         *
         * @param out the directory
         * @return this builder
         */
        public Builder setOutput(Path out) {
            this.out = out;
            return this;
        }

        /**
         * Sets where progress is printed; default standard output.
         *
         * @param log the writer
         * @return this builder
         */
        public Builder optLog(PrintWriter log) {
            this.log = log;
            return this;
        }

        /**
         * Sets when another process's claim on a point counts as stale; default {@link
         * PointClaim.Policy#DEFAULT}.
         *
         * @param claims the policy
         * @return this builder
         */
        public Builder optClaims(PointClaim.Policy claims) {
            this.claims = claims;
            return this;
        }

        /**
         * Builds the sweep.
         *
         * @return the sweep
         * @throws IllegalStateException if the plan, runner, pricing or directory is missing
         */
        public ProtocolSweep build() {
            if (plan == null || runner == null || pricing == null || out == null) {
                throw new IllegalStateException(
                        "ProtocolSweep needs a plan, a runner, a pricing and an output directory");
            }
            return new ProtocolSweep(this);
        }
    }
}
