package ai.mpnas.search;

import ai.mpnas.bitfusion.Units;
import ai.mpnas.formats.AtomicFiles;
import ai.mpnas.search.derive.KendallTau;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link RankCheck} found: per architecture its energy, its supernet scores (validation
 * loss and accuracy per recalibration setting) and, once trained, its validation loss and top-1;
 * and Kendall's tau-b between the supernet's loss and the trained loss, and between the
 * supernet's loss and the trained top-1 with its sign turned (so that both are 1 when the
 * supernet orders the architectures exactly as training does). Written as {@link #FILE} and
 * {@link #TABLE_FILE} after every step, each atomically.
 */
public final class RankCheckReport {

    /** The report, in the output directory. */
    public static final String FILE = "rank-check.json";

    /** The report as a table, in the output directory. */
    public static final String TABLE_FILE = "rank-check.txt";

    /** The format id of {@link #FILE}. */
    public static final String FORMAT = "mpnas/rank-check@1";

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path out;
    private final JsonNode plan;
    private final int validationImages;
    private final List<String> codes = new ArrayList<>();
    private final double[] energy;
    private final double[] trainedLoss;
    private final double[] trainedTop1;
    private final Map<Integer, Scores> scores = new LinkedHashMap<>();

    private RankCheckReport(Path out, JsonNode plan, int validationImages, double[] energy) {
        this.out = out;
        this.plan = plan;
        this.validationImages = validationImages;
        plan.path("architectures").forEach(a -> codes.add(a.asText()));
        this.energy = energy.clone();
        trainedLoss = new double[codes.size()];
        trainedTop1 = new double[codes.size()];
        Arrays.fill(trainedLoss, Double.NaN);
        Arrays.fill(trainedTop1, Double.NaN);
    }

    /**
     * Starts the report of a plan in an output directory, refusing one that holds another plan.
     *
     * @param out the output directory (created if missing)
     * @param plan the run, checkpoint, seed, recipe and architecture codes
     * @param energyNj each architecture's energy
     * @param validationImages the validation images a supernet score is measured on
     * @return the empty report
     * @throws IOException if the directory cannot be made or the kept report read
     * @throws IllegalArgumentException if the directory's report is of another plan
     */
    static RankCheckReport open(Path out, ObjectNode plan, double[] energyNj, int validationImages)
            throws IOException {
        Files.createDirectories(out);
        // through text, so a float written and a double read back compare equal
        JsonNode planned = MAPPER.readTree(MAPPER.writeValueAsString(plan));
        Path file = out.resolve(FILE);
        if (Files.isRegularFile(file)) {
            JsonNode kept = MAPPER.readTree(file.toFile()).path("plan");
            if (!planned.equals(kept)) {
                throw new IllegalArgumentException(file + ": holds the check of another plan (run,"
                        + " checkpoint, seed, recipe or architectures); rerun with the same"
                        + " options, or use another --out");
            }
        }
        return new RankCheckReport(out, planned, validationImages, energyNj);
    }

    /**
     * Returns the directory an architecture trains in, inside the output directory.
     *
     * @param index the architecture's index, cheapest slice first
     * @return its directory name
     */
    static String architectureDirectory(int index) {
        return "arch-" + index;
    }

    /** Records every architecture's supernet score with one recalibration setting. */
    void scored(int recalibrationImages, double[][] lossAndAccuracy, double secondsPerCandidate) {
        scores.put(recalibrationImages, new Scores(lossAndAccuracy, secondsPerCandidate));
    }

    /** Records an architecture's training. */
    void trained(int index, double loss, double top1) {
        trainedLoss[index] = loss;
        trainedTop1[index] = top1;
    }

    /**
     * One recalibration setting's rank correlations over the trained architectures.
     *
     * @param recalibrationImages the training images that recalibrated each candidate (0: none)
     * @param architectures the trained architectures compared
     * @param vsTrainedLoss tau-b of the supernet loss and the trained validation loss
     * @param vsTrainedTop1 tau-b of the supernet loss and the trained validation top-1 with its
     *     sign turned
     * @param secondsPerCandidate the supernet's scoring time per architecture
     */
    public record Tau(int recalibrationImages, int architectures, double vsTrainedLoss,
            double vsTrainedTop1, double secondsPerCandidate) {}

    /**
     * Returns tau-b per recalibration setting over the architectures trained so far (NaN while
     * fewer than two are).
     *
     * @return one entry per setting, in the order scored
     */
    public List<Tau> taus() {
        List<Integer> done = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            if (!Double.isNaN(trainedLoss[i])) {
                done.add(i);
            }
        }
        List<Tau> out = new ArrayList<>();
        for (Map.Entry<Integer, Scores> e : scores.entrySet()) {
            double[] supernet = done.stream().mapToDouble(i -> e.getValue().loss(i)).toArray();
            double[] loss = done.stream().mapToDouble(i -> trainedLoss[i]).toArray();
            double[] error = done.stream().mapToDouble(i -> -trainedTop1[i]).toArray();
            boolean enough = done.size() >= 2;
            out.add(new Tau(e.getKey(), done.size(),
                    enough ? KendallTau.tauB(supernet, loss) : Double.NaN,
                    enough ? KendallTau.tauB(supernet, error) : Double.NaN,
                    e.getValue().seconds()));
        }
        return out;
    }

    /**
     * Returns whether every architecture has been trained.
     *
     * @return true when the check is complete
     */
    public boolean complete() {
        return Arrays.stream(trainedLoss).noneMatch(Double::isNaN);
    }

    /** Writes {@link #FILE} and {@link #TABLE_FILE}, each atomically. */
    void write() throws IOException {
        AtomicFiles.writeString(out.resolve(FILE), MAPPER.writeValueAsString(toJson()));
        AtomicFiles.writeString(out.resolve(TABLE_FILE), table());
    }

    private ObjectNode toJson() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", FORMAT);
        n.set("plan", plan);
        n.put("supernet_validation_images", validationImages);
        n.put("complete", complete());
        ArrayNode list = n.putArray("architectures");
        for (int i = 0; i < codes.size(); i++) {
            ObjectNode a = list.addObject();
            a.put("dir", architectureDirectory(i));
            a.put("architecture", codes.get(i));
            a.put("energy_nJ", energy[i]);
            ArrayNode supernet = a.putArray("supernet");
            for (Map.Entry<Integer, Scores> e : scores.entrySet()) {
                supernet.addObject()
                        .put("recalibration_images", e.getKey())
                        .put("val_loss", e.getValue().loss(i))
                        .put("val_acc", e.getValue().accuracy(i));
            }
            if (!Double.isNaN(trainedLoss[i])) {
                a.putObject("trained")
                        .put("validation_loss", trainedLoss[i])
                        .put("validation_top1", trainedTop1[i]);
            }
        }
        ArrayNode taus = n.putArray("kendall_tau_b");
        for (Tau t : taus()) {
            ObjectNode o = taus.addObject();
            o.put("recalibration_images", t.recalibrationImages());
            o.put("architectures", t.architectures());
            o.put("vs_trained_loss", t.vsTrainedLoss());
            o.put("vs_trained_top1", t.vsTrainedTop1());
            o.put("supernet_seconds_per_candidate", t.secondsPerCandidate());
        }
        return n;
    }

    /**
     * Returns the report as a table: one row per architecture, then tau-b per setting.
     *
     * @return the table, lines ending in newlines
     */
    public String table() {
        StringBuilder s = new StringBuilder();
        JsonNode recipe = plan.path("training");
        s.append(String.format(Locale.ROOT,
                "rank check of %s: %d architectures from %s (the cheapest the search could reach)"
                        + " to %s (its budget); each trained %d epochs on %d images and evaluated"
                        + " on %d validation images%n",
                plan.path("run").asText(), codes.size(), Units.energy(plan.path("cheapest_nJ")
                        .asDouble()), Units.energy(plan.path("budget_nJ").asDouble()),
                recipe.path("epochs").asInt(), recipe.path("train_images").asInt(),
                recipe.path("validation_images").asInt()));
        s.append(String.format(Locale.ROOT, "%-8s %-12s", "", "energy"));
        scores.keySet().forEach(r -> s.append(String.format(Locale.ROOT, " %-13s",
                "supernet r" + r)));
        s.append(String.format(Locale.ROOT, " %-8s %-8s %s%n", "loss", "top-1", "architecture"));
        for (int i = 0; i < codes.size(); i++) {
            s.append(String.format(Locale.ROOT, "%-8s %-12s", architectureDirectory(i),
                    Units.energy(energy[i])));
            for (Scores score : scores.values()) {
                s.append(String.format(Locale.ROOT, " %-13.4f", score.loss(i)));
            }
            s.append(String.format(Locale.ROOT, " %-8.4f %-8.4f %s%n", trainedLoss[i],
                    trainedTop1[i], codes.get(i)));
        }
        s.append(String.format(Locale.ROOT, "supernet rN: validation loss on the supernet (%d"
                + " images) after BatchNorm recalibration on N training images (r0: batch"
                + " statistics); loss, top-1: after training, on the validation split%n",
                validationImages));
        for (Tau t : taus()) {
            s.append(String.format(Locale.ROOT,
                    "Kendall tau-b, r%d, %d architectures: %.3f vs trained loss, %.3f vs trained"
                            + " top-1 (%.2f s per supernet score)%n",
                    t.recalibrationImages(), t.architectures(), t.vsTrainedLoss(),
                    t.vsTrainedTop1(), t.secondsPerCandidate()));
        }
        return s.toString();
    }

    /** One recalibration setting's supernet scores, per architecture (loss, accuracy). */
    private record Scores(double[][] lossAndAccuracy, double seconds) {

        double loss(int i) {
            return lossAndAccuracy[i][0];
        }

        double accuracy(int i) {
            return lossAndAccuracy[i][1];
        }
    }
}
