package ai.mpnas.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A hand-made run directory of a searched and trained run: two searchable blocks (the first
 * skipped), three derivation candidates, a 40-step history (10 of warm-up) and every file a
 * search and a training write.
 */
final class RunFixture {

    static final String ARCHITECTURE = """
            {"format":"mpnas/architecture@1","search_space":{"id":"tiny"},
             "code":"skip-e6k5w4a8","blocks":[{"skip":true},{"m":6,"k":5,"wbits":4,"abits":8}],
             "cost":{"energy_nJ":123456.0,"latency_cycles":125000,"latency_ms":0.25,
                     "energy_vs_8bit":0.4115},
             "budget":{"energy_nJ":150000.0,"given":"u4","repairs":0},
             "bitfusion":{"model":"original","depthwise":"grouped","bit_modes":"cheapest",
                          "batch":1},
             "search":{"dataset":"fashion-mnist","metric":"energy","estimator":"reinforce",
               "seed":1,"epochs":2,"constraint":{"contender":"joint"},
               "derivation":{"method":"best validation accuracy of the most likely and sampled"
                 ,"name":"sampled","chosen":1,"candidates":[
                 {"code":"e1k3w2a2-e1k3w2a2","cost":90000,"repairs":0,"log_probability":-3.5,
                  "val_acc":0.61},
                 {"code":"skip-e6k5w4a8","cost":123456,"repairs":1,"log_probability":-2.25,
                  "val_acc":0.64},
                 {"code":"skip-e3k3w8a8","cost":140000,"repairs":0,"log_probability":-4.0,
                  "val_acc":0.58}]}}}
            """;

    static final String POLICY = """
            {"format":"mpnas/policy@1","blocks":[
             {"index":0,"s":{"values":[0,1],"probabilities":[0.73,0.27]},
              "m":{"values":[1,3,6],"probabilities":[0.2,0.3,0.5]},
              "k":{"values":[3,5,7],"probabilities":[0.4,0.3,0.3]},
              "wbits":{"values":[2,4,6,8],"probabilities":[0.1,0.2,0.3,0.4]},
              "abits":{"values":[2,4,6,8],"probabilities":[0.25,0.25,0.25,0.25]}},
             {"index":1,"s":{"values":[1],"probabilities":[1.0]},
              "m":{"values":[1,3,6],"probabilities":[0.1,0.1,0.8]},
              "k":{"values":[3,5,7],"probabilities":[0.2,0.6,0.2]},
              "wbits":{"values":[2,4,6,8],"probabilities":[0.1,0.6,0.2,0.1]},
              "abits":{"values":[2,4,6,8],"probabilities":[0.1,0.1,0.1,0.7]}}]}
            """;

    static final String METRICS = """
            {"format":"mpnas/metrics@1","top1":0.8697,"energy_nJ":123456.0,
             "weight_bits_total":195024,"dataset":"fashion-mnist",
             "training":{"origin":"search","epochs":2,"batch":64,"learning_rate":0.05,"seed":1,
                         "test_images":10000}}
            """;

    static final String HISTORY_HEADER = "step,epoch,phase,learning_rate,temperature,lambda,"
            + "train_loss,train_acc,val_loss,val_acc,sampled_cost,expected_cost,budget,penalty,"
            + "baseline,reinforce_grad_norm,exact_grad_norm,reinforce_exact_cosine,most_likely,"
            + "largest_train_loss";

    /** The energies a pricer would give: block 0 skipped, so it has no found layers. */
    static final RunEnergies ENERGIES = new RunEnergies(List.of(
            new RunEnergies.LayerEnergy("stem.conv", "w8a8", 6000, 6000),
            new RunEnergies.LayerEnergy("block0.expand", "", Double.NaN, 19000),
            new RunEnergies.LayerEnergy("block0.depthwise", "", Double.NaN, 88000),
            new RunEnergies.LayerEnergy("block1.expand", "w4a8", 40000, 90000),
            new RunEnergies.LayerEnergy("block1.depthwise", "w4a8", 70000, 80000),
            new RunEnergies.LayerEnergy("head.conv", "w8a8", 7456, 7456)),
            Map.of(2, 60000.0, 4, 150000.0, 6, 270000.0, 8, 290456.0));

    private RunFixture() {}

    /**
     * Writes the whole run.
     *
     * @param run the directory
     * @throws IOException if writing fails
     */
    static void writeAll(Path run) throws IOException {
        Files.writeString(run.resolve("architecture.json"), ARCHITECTURE);
        Files.writeString(run.resolve("policy.json"), POLICY);
        Files.writeString(run.resolve("metrics.json"), METRICS);
        Files.writeString(run.resolve("settings.json"),
                "{\"format\":\"mpnas/search-settings@1\",\"epochs\":2}");
        Files.writeString(run.resolve("history.csv"), history(HISTORY_HEADER, 40));
        Files.writeString(run.resolve("train-history.csv"),
                "step,epoch,learning_rate,train_loss,train_acc\n"
                        + "937,0,0.05,0.5386,0.8029\n1874,1,0.025,0.3625,0.8670\n");
    }

    /**
     * A history with the given columns: warm-up for the first quarter (no validation, no sampled
     * cost), then search; every column the step's own simple function.
     *
     * @param header the header line
     * @param steps the number of steps
     * @return the CSV text
     */
    static String history(String header, int steps) {
        List<String> columns = List.of(header.split(","));
        StringBuilder csv = new StringBuilder(header).append('\n');
        for (int step = 1; step <= steps; step++) {
            boolean warmup = step <= steps / 4;
            StringBuilder row = new StringBuilder();
            for (String c : columns) {
                row.append(row.length() == 0 ? "" : ",").append(cell(c, step, warmup));
            }
            csv.append(row).append('\n');
        }
        return csv.toString();
    }

    private static String cell(String column, int step, boolean warmup) {
        boolean searchOnly = column.startsWith("val_") || column.equals("sampled_cost");
        if (warmup && searchOnly) {
            return "";
        }
        return switch (column) {
            case "step" -> Integer.toString(step);
            case "phase" -> warmup ? "warmup" : "search";
            case "most_likely" -> "skip-e6k5w4a8";
            case "largest_train_loss" -> "";
            case "sampled_cost" -> Double.toString(100000 + 10000 * (step % 5));
            case "expected_cost" -> Double.toString(130000 - 300 * step);
            case "budget" -> "150000";
            default -> String.format(Locale.ROOT, "%.4f", 1.0 / (1 + step % 7 + step / 10.0));
        };
    }
}
