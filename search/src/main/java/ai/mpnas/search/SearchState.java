package ai.mpnas.search;

import ai.mpnas.plugin.supernet.SuperNet;
import ai.mpnas.search.policy.Adam;
import ai.mpnas.search.policy.ArchitecturePolicy;
import ai.mpnas.search.policy.Logits;
import ai.mpnas.search.policy.PolicyJson;
import ai.mpnas.training.CheckpointStore;
import ai.mpnas.training.MomentumSgd;
import ai.mpnas.training.WeightsCheckpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A search checkpoint's own files beside the weights: the policy ({@code policy.json}) and
 * {@code state.json} (format {@code mpnas/search-state@1}: step, the REINFORCE baselines, Adam's
 * moments). The weights and momentum are {@link WeightsCheckpoint}'s, read before the trainer
 * exists.
 */
final class SearchState {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SearchState() {}

    /**
     * Writes a complete checkpoint (weights, momentum, policy, state) and commits it.
     *
     * @param store the run's checkpoint store
     * @param step the number of finished steps
     * @param net the supernet
     * @param sgd its optimizer (momentum)
     * @param policy the policy
     * @param adam the policy's optimizer
     * @param baseline the cost baseline (NaN if none yet)
     * @param lossBaseline the loss baseline (NaN if none yet)
     * @throws IOException if writing fails
     */
    @SuppressWarnings("checkstyle:ParameterNumber")
    static void write(CheckpointStore store, long step, SuperNet net, MomentumSgd sgd,
            ArchitecturePolicy policy, Adam adam, double baseline, double lossBaseline)
            throws IOException {
        Path dir = store.begin();
        WeightsCheckpoint.write(dir, net, sgd);
        Files.writeString(dir.resolve("policy.json"), PolicyJson.write(policy));
        ObjectNode state = MAPPER.createObjectNode();
        state.put("format", "mpnas/search-state@1");
        state.put("step", step);
        state.put("baseline", baseline);
        state.put("loss_baseline", lossBaseline);
        Adam.State a = adam.getState();
        if (a != null) {
            ObjectNode adamNode = state.putObject("adam");
            adamNode.put("step", a.step());
            adamNode.set("m", MAPPER.valueToTree(a.m().toArray()));
            adamNode.set("v", MAPPER.valueToTree(a.v().toArray()));
        }
        Files.writeString(dir.resolve("state.json"), MAPPER.writeValueAsString(state));
        store.commit(dir, step);
    }

    /**
     * Restores the policy, Adam's state and the baselines of a checkpoint.
     *
     * @param dir the checkpoint directory
     * @param policy the policy to restore into
     * @param adam the optimizer to restore into
     * @return the cost and loss baselines (NaN where none was kept)
     * @throws IOException if a file cannot be read or is malformed
     */
    static double[] restore(Path dir, ArchitecturePolicy policy, Adam adam) throws IOException {
        Path policyFile = dir.resolve("policy.json");
        PolicyJson.read(Files.readString(policyFile), policyFile.toString(), policy);
        JsonNode state = MAPPER.readTree(dir.resolve("state.json").toFile());
        JsonNode a = state.get("adam");
        if (a != null) {
            adam.setState(
                    new Adam.State(
                            a.get("step").asInt(),
                            Logits.of(MAPPER.treeToValue(a.get("m"), double[][][].class)),
                            Logits.of(MAPPER.treeToValue(a.get("v"), double[][][].class))));
        }
        return new double[] {number(state.get("baseline")), number(state.get("loss_baseline"))};
    }

    private static double number(JsonNode n) {
        return n == null || n.isNull() || !n.isNumber() ? Double.NaN : n.asDouble();
    }
}
