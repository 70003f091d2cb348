package ai.mpnas.cli.sweep;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training recipe every contender shares, as the options of the ordinary commands: the same
 * search length for the three searches, the same training for every trained network.
 *
 * @param preset the search space preset
 * @param searchEpochs search epochs, warm-up included
 * @param warmupEpochs search warm-up epochs
 * @param stepsPerEpoch search steps per epoch (0: all)
 * @param trainEpochs training epochs of every point
 * @param batch the batch size of every step
 * @param randomCandidates random architectures tried by the random contender
 * @param candidateEpochs epochs each random candidate is trained before the selection
 * @param costOptions the pricing options, passed to every command that prices
 * @param dataOptions the data options, passed to every command that reads data
 * @param searchOptions options passed to every search (e.g. {@code --derivation evolution})
 * @param sharedSupernet whether bits-only and arch-only are derived from the joint point's
 *     supernet ({@code search --supernet-from}) instead of searched on their own
 */
public record Recipe(String preset, int searchEpochs, int warmupEpochs, int stepsPerEpoch,
        int trainEpochs, int batch, int randomCandidates, int candidateEpochs,
        List<String> costOptions, List<String> dataOptions, List<String> searchOptions,
        boolean sharedSupernet) implements Serializable {

    /**
     * Copies the option lists (immutable, serializable: a Spark task carries the recipe).
     */
    public Recipe {
        costOptions = List.copyOf(costOptions);
        dataOptions = List.copyOf(dataOptions);
        searchOptions = List.copyOf(searchOptions);
    }

    /**
     * Returns whether a point's search derives from its joint point's supernet, which must then
     * have finished first.
     *
     * @param point the point
     * @return true for bits-only and arch-only with a shared supernet
     */
    public boolean derivesFromJoint(ProtocolPoint point) {
        return sharedSupernet && !point.isUniform() && point.contender().searches()
                && point.contender() != Contender.JOINT;
    }

    /**
     * Returns the {@code search} command line of a searching contender.
     *
     * @param point the point
     * @param out the search directory
     * @param resume whether to continue its checkpoint
     * @return the arguments after {@code mpnas}
     */
    public List<String> search(ProtocolPoint point, String out, boolean resume) {
        List<String> budgetAndSeed =
                List.of("--energy-budget", point.budget(), "--seed", Long.toString(point.seed()));
        List<String> a = new ArrayList<>(List.of("search"));
        if (derivesFromJoint(point)) {
            // the same seed and budget's joint point: points/<joint id>/search beside this one
            ProtocolPoint joint =
                    new ProtocolPoint(Contender.JOINT, point.budget(), 0, point.seed());
            Path jointSearch =
                    Path.of(out).getParent().resolveSibling(joint.id()).resolve("search");
            a.addAll(List.of("--supernet-from", jointSearch.toString()));
            a.addAll(budgetAndSeed);
        } else {
            a.addAll(List.of("--preset", preset));
            a.addAll(budgetAndSeed);
            a.addAll(List.of("--epochs", Integer.toString(searchEpochs), "--warmup-epochs",
                    Integer.toString(warmupEpochs), "--steps-per-epoch",
                    Integer.toString(stepsPerEpoch)));
        }
        a.addAll(point.contender().searchFlags());
        a.addAll(searchOptions);
        return finish(a, true, out, resume);
    }

    /**
     * Returns the {@code train} command line of a point.
     *
     * @param point the point
     * @param run the search directory (searching contenders) or the run directory to create
     * @param resume whether to continue its checkpoints
     * @return the arguments after {@code mpnas}
     */
    public List<String> train(ProtocolPoint point, String run, boolean resume) {
        List<String> a = new ArrayList<>(List.of("train"));
        if (point.isUniform()) {
            a.addAll(List.of("--baseline", "uniform", "--bits", Integer.toString(point.uniformBits())));
        } else if (point.contender() == Contender.RANDOM) {
            a.addAll(List.of("--baseline", "random", "--candidates", Integer.toString(randomCandidates),
                    "--candidate-epochs", Integer.toString(candidateEpochs), "--select-on",
                    "validation", "--energy-budget", point.budget()));
        } else {
            a.addAll(List.of("--run", run));
        }
        boolean baseline = !a.contains("--run");
        if (baseline) {
            a.addAll(List.of("--preset", preset));
        }
        a.addAll(List.of("--seed", Long.toString(point.seed()), "--epochs", Integer.toString(trainEpochs)));
        return finish(a, baseline, baseline ? run : null, resume);
    }

    /**
     * Returns the {@code export} command line of a trained run.
     *
     * @param run the trained run
     * @param force whether to replace an interrupted export
     * @return the arguments after {@code mpnas}
     */
    public List<String> export(String run, boolean force) {
        List<String> a = new ArrayList<>(List.of("export", "--run", run));
        int dataDir = dataOptions.indexOf("--data-dir");
        if (dataDir >= 0) {
            a.addAll(dataOptions.subList(dataDir, dataDir + 2)); // verification images
        }
        if (force) {
            a.add("--force");
        }
        return a;
    }

    /** The options every training command shares. */
    private List<String> finish(List<String> a, boolean priced, String out, boolean resume) {
        a.addAll(List.of("--batch", Integer.toString(batch)));
        if (priced) {
            a.addAll(costOptions);
        }
        a.addAll(dataOptions);
        a.add("--no-progress");
        if (out != null) {
            a.addAll(List.of("--out", out));
        }
        if (resume) {
            a.add("--resume");
        }
        return a;
    }
}
