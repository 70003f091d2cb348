package ai.mpnas.spark;

import ai.mpnas.cli.sweep.ChildJvmRunner;
import ai.mpnas.cli.sweep.PointClaim;
import ai.mpnas.cli.sweep.PointExecution;
import ai.mpnas.cli.sweep.PointJob;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * One Spark task: runs one point with the local sweep's own {@link PointExecution}, its commands
 * in child JVMs. A command that fails (its JVM killed, a native crash) fails the task; Spark's
 * retry runs the point again, which continues from its checkpoints; a retry of a finished point
 * does nothing.
 */
final class PointTask implements Function<PointJob, String> {

    private static final long serialVersionUID = 1L;

    private final ChildJvmRunner runner;
    private final PointClaim.Policy claims;

    PointTask(ChildJvmRunner runner, PointClaim.Policy claims) {
        this.runner = runner;
        this.claims = claims;
    }

    /** {@inheritDoc} */
    @Override
    public String call(PointJob job) throws Exception {
        PrintWriter log =
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        TaskContext task = TaskContext.get();
        int attempt = task != null ? task.attemptNumber() + 1 : 1;
        log.println("sweep: task " + job.point().id() + ", attempt " + attempt);
        PointExecution.Status status = new PointExecution(runner, log, claims).run(job);
        String what = status == PointExecution.Status.RAN ? ": ran" : ": finished earlier";
        return job.point().id() + what + " (attempt " + attempt + ")";
    }
}
