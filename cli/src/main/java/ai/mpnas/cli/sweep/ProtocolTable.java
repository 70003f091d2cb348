package ai.mpnas.cli.sweep;

import ai.mpnas.formats.ProtocolRow;
import ai.mpnas.formats.SweepPoint;
import ai.mpnas.report.ProtocolReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The table of a protocol sweep, collected from its finished points' {@code point.json}: {@code
 * table.json}, {@code table.md} and the plot. The local sweep and the Spark driver both write it
 * here, so a sweep's table does not depend on where its points ran.
 */
public final class ProtocolTable {

    private ProtocolTable() {}

    /**
     * Writes {@code table.json} from every finished point, in plan order; then {@code table.md}
     * and the plot.
     *
     * @param plan the plan
     * @param reference8BitNj the energy of the 8-bit reference network, in nJ
     * @param out the sweep directory
     * @return the table's rows
     * @throws IOException if a file cannot be read or written
     */
    public static List<ProtocolRow> write(ProtocolPlan plan, double reference8BitNj, Path out)
            throws IOException {
        List<ProtocolRow> rows = new ArrayList<>();
        for (ProtocolPoint point : plan.points()) {
            Path file = PointJob.directory(out, point).resolve(PointJob.POINT_FILE);
            if (!Files.exists(file)) {
                continue;
            }
            SweepPoint p = SweepPoint.read(file);
            double budget = p.budgetRelative();
            ProtocolRow row = p.infeasible()
                    ? ProtocolRow.infeasible(budget, point.budget(), point.label(), point.seed())
                    : new ProtocolRow(budget, point.budget(), point.label(), point.seed(),
                            p.architecture(), p.energyNj(), p.energyNj() / reference8BitNj,
                            p.top1(), p.onnx(), false);
            rows.add(row);
        }
        ProtocolRow.writeTable(out.resolve(ProtocolReport.TABLE), rows);
        ProtocolReport.writeTable(out);
        return rows;
    }
}
