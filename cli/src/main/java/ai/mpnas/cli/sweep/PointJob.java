package ai.mpnas.cli.sweep;

import ai.mpnas.formats.SweepPoint;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One point of a protocol sweep with everything needed to run it anywhere: no search space or
 * pricing to rebuild, so that a Spark driver can price the points and ship them to executors.
 *
 * @param point the point
 * @param recipe the shared recipe
 * @param out the sweep directory (absolute where several machines run points: their working
 *     directories differ)
 * @param budgetRelative the point's budget relative to the 8-bit reference
 * @param infeasible why the contender cannot meet the budget at all, or null if it can run
 */
public record PointJob(ProtocolPoint point, Recipe recipe, String out, double budgetRelative,
        String infeasible) implements Serializable {

    /** The file that marks a finished point (written last, atomically). */
    public static final String POINT_FILE = SweepPoint.FILE;

    /**
     * Prices a point for running.
     *
     * @param point the point
     * @param recipe the shared recipe
     * @param pricing the pricing of the sweep's search space
     * @param out the sweep directory
     * @return the job
     */
    public static PointJob of(
            ProtocolPoint point, Recipe recipe, ProtocolPricing pricing, Path out) {
        String infeasible = point.isUniform() ? null
                : pricing.infeasible(point.contender(), point.parsedBudget()).orElse(null);
        return new PointJob(point, recipe, out.toString(),
                pricing.relative(point.parsedBudget()), infeasible);
    }

    /**
     * Returns a point's directory.
     *
     * @param out the sweep directory
     * @param point the point
     * @return {@code out/points/<id>}
     */
    public static Path directory(Path out, ProtocolPoint point) {
        return out.resolve("points").resolve(point.id());
    }

    /**
     * Returns whether a point of a sweep directory is finished.
     *
     * @param out the sweep directory
     * @param point the point
     * @return true if its {@code point.json} exists
     */
    public static boolean isFinished(Path out, ProtocolPoint point) {
        return Files.exists(directory(out, point).resolve(POINT_FILE));
    }

    /**
     * Returns the sweep directory.
     *
     * @return the directory
     */
    public Path output() {
        return Path.of(out);
    }

    /**
     * Returns this point's directory.
     *
     * @return {@code out/points/<id>}
     */
    public Path directory() {
        return directory(output(), point);
    }

    /**
     * Returns whether this point is finished.
     *
     * @return true if its {@code point.json} exists
     */
    public boolean isFinished() {
        return isFinished(output(), point);
    }
}
