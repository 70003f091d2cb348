package ai.mpnas.search.derive;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.mpnas.data.InMemoryImages;
import ai.mpnas.plugin.supernet.SuperNet;
import ai.mpnas.search.Derivation;
import ai.mpnas.search.cost.CostMetric;
import ai.mpnas.search.cost.CostTable;
import ai.mpnas.search.policy.ArchitecturePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The derivation of the first releases: the most likely architecture (repaired to fit the budget)
 * and, unless there are none, architectures sampled from the final policy (each repaired to fit),
 * compared by their accuracy on the whole validation split with the supernet's shared weights (on
 * 6,000 images the standard error of an accuracy near 0.8 is 0.5 points, about what separates
 * candidates). BatchNorm uses batch statistics here, since the running statistics are shared by
 * every path. With no sampled candidates this is the paper's plain argmax.
 */
public final class SampledDerivation {

    private SampledDerivation() {}

    /**
     * Derives the result.
     *
     * @param policy the trained policy
     * @param table the cost table
     * @param metric the constrained metric
     * @param budget the budget
     * @param sampled how many architectures to sample (0: the most likely one only)
     * @param rng the random source of the samples
     * @param net the trained supernet
     * @param trainer its trainer
     * @param validation the validation split
     * @param batchSize the evaluation batch size
     * @return the candidates, their accuracy (where more than one) and the best
     */
    public static Selection select(ArchitecturePolicy policy, CostTable table, CostMetric metric,
            double budget, int sampled, Random rng, SuperNet net, Trainer trainer,
            InMemoryImages validation, int batchSize) {
        List<Derivation.Result> candidates = new ArrayList<>();
        candidates.add(Derivation.derive(policy, table, metric, budget));
        for (int i = 0; i < sampled; i++) {
            Derivation.Result r = Derivation.derive(policy, table, metric, budget,
                    policy.sample(rng, 1.0).architecture());
            if (candidates.stream().noneMatch(c -> c.architecture().equals(r.architecture()))) {
                candidates.add(r);
            }
        }
        List<Candidate> out = new ArrayList<>();
        int best = 0;
        for (int c = 0; c < candidates.size(); c++) {
            double accuracy = candidates.size() > 1
                    ? accuracy(candidates.get(c), net, trainer, validation, batchSize)
                    : Double.NaN;
            out.add(new Candidate(candidates.get(c), Double.NaN, accuracy));
            if (accuracy > out.get(best).accuracy()) {
                best = c;
            }
        }
        return candidates.size() > 1
                ? new Selection(DerivationMethod.SAMPLED,
                        "best validation accuracy of the most likely and sampled architectures",
                        out, best, out.size())
                : new Selection(DerivationMethod.ARGMAX, "most likely architecture", out, 0, 0);
    }

    private static double accuracy(Derivation.Result candidate, SuperNet net, Trainer trainer,
            InMemoryImages validation, int batchSize) {
        NDManager manager = trainer.getManager();
        int n = validation.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        net.setArchitecture(candidate.architecture());
        long correct = 0;
        for (int start = 0; start + batchSize <= n; start += batchSize) {
            // batch statistics need the engine in training mode; nothing is backpropagated
            try (NDManager sub = manager.newSubManager();
                    GradientCollector training = trainer.newGradientCollector()) {
                NDList data = validation.batch(sub, order, start, batchSize);
                NDList out = net.forward(new ParameterStore(sub, false),
                        new NDList(data.get(0)), true);
                correct += (long) out.singletonOrThrow().argMax(1)
                        .toType(DataType.FLOAT32, false)
                        .eq(data.get(1)).toType(DataType.FLOAT32, false)
                        .sum().getFloat();
            }
        }
        return correct / (double) (n / batchSize * batchSize);
    }
}
