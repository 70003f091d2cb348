package ai.mpnas.search.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import ai.mpnas.plugin.space.BlockChoice;
import ai.mpnas.plugin.space.SearchSpace;
import ai.mpnas.plugin.supernet.BlockSample;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ThetaArraysTest {

    @Test
    void gatesAreOneWithTheGradientOfTheRelaxedSample() {
        SearchSpace space = SearchSpace.preset("fashion-mnist");
        ArchitecturePolicy policy = ArchitecturePolicy.uniform(space);
        Random rng = new Random(11);
        for (int b = 0; b < policy.numBlocks(); b++) {
            for (Decision d : Decision.values()) {
                double[] logits = policy.logits(b, d);
                for (int j = 0; j < logits.length; j++) {
                    logits[j] = rng.nextGaussian();
                }
                policy.setLogits(b, d, logits);
            }
        }
        double tau = 0.7;
        PolicySample sample = policy.sample(new Random(12), tau);
        try (NDManager manager = NDManager.newBaseManager();
                ThetaArrays theta = ThetaArrays.of(policy, manager)) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                List<BlockSample> gates = theta.gates(sample);
                NDArray loss = null;
                for (int b = 0; b < gates.size(); b++) {
                    NDArray gate = gates.get(b).gate();
                    assertNotNull(gate);
                    assertEquals(1f, gate.getFloat(), 0f);
                    NDArray term = gate.mul(b + 1f);
                    loss = loss == null ? term : loss.add(term);
                }
                collector.backward(loss);
            }
            Logits grad = theta.gradients();
            for (int b = 0; b < policy.numBlocks(); b++) {
                BlockChoice choice = sample.architecture().blocks().get(b);
                List<Decision> active = ArchitecturePolicy.activeDecisions(choice);
                for (Decision d : Decision.values()) {
                    double[] t = policy.logits(b, d);
                    double[] g = sample.gumbelNoise().get(b, d);
                    double[] perturbed = new double[t.length];
                    for (int j = 0; j < t.length; j++) {
                        perturbed[j] = t[j] + g[j];
                    }
                    double[] s = ArchitecturePolicy.softmax(perturbed, tau);
                    int i = sample.indices()[b][d.ordinal()];
                    for (int j = 0; j < t.length; j++) {
                        double expected =
                                active.contains(d)
                                        ? (b + 1) * s[i] * ((i == j ? 1 : 0) - s[j]) / tau
                                        : 0;
                        assertEquals(expected, grad.get(b, d)[j], 1e-5);
                    }
                }
            }
        }
    }
}
