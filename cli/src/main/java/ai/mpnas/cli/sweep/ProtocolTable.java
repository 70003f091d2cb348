package ai.mpnas.cli.sweep;

import ai.mpnas.report.ProtocolReport;
import ai.mpnas.report.ProtocolRow;
import ai.mpnas.training.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
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

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
        ArrayNode table = MAPPER.createArrayNode();
        for (ProtocolPoint point : plan.points()) {
            Path file = PointJob.directory(out, point).resolve(PointJob.POINT_FILE);
            if (!Files.exists(file)) {
                continue;
            }
            JsonNode p = MAPPER.readTree(file.toFile());
            double budget = p.get("budget_relative").asDouble();
            ProtocolRow row = p.path("infeasible").asBoolean()
                    ? ProtocolRow.infeasible(budget, point.budget(), point.label(), point.seed())
                    : new ProtocolRow(budget, point.budget(), point.label(), point.seed(),
                            p.get("architecture").asText(), p.get("energy_nJ").asDouble(),
                            p.get("energy_nJ").asDouble() / reference8BitNj,
                            p.get("top1").asDouble(),
                            p.get("onnx").asText(), false);
            rows.add(row);
            table.add(row.toJson());
        }
        Files.createDirectories(out);
        AtomicFiles.writeString(
                out.resolve(ProtocolReport.TABLE), MAPPER.writeValueAsString(table));
        ProtocolReport.writeTable(out);
        return rows;
    }
}
