package ai.mpnas.search.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * Reads and writes {@code policy.json} ({@value #FORMAT}): per block and decision, the values,
 * the logits theta and, for people, the probabilities. Reading checks the values against the
 * search space and names the block and decision that do not fit.
 */
public final class PolicyJson {

    /** The format id of policy files. */
    public static final String FORMAT = "mpnas/policy@1";

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PolicyJson() {}

    /**
     * Writes a policy as JSON.
     *
     * @param policy the policy
     * @return the JSON text
     */
    public static String write(ArchitecturePolicy policy) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("search_space", policy.getSearchSpace().id());
        ArrayNode blocks = root.putArray("blocks");
        for (int b = 0; b < policy.numBlocks(); b++) {
            ObjectNode block = blocks.addObject();
            block.put("index", b);
            for (Decision d : Decision.values()) {
                ObjectNode node = block.putObject(d.key());
                policy.values(b, d).forEach(node.putArray("values")::add);
                ArrayNode logits = node.putArray("logits");
                for (double v : policy.logits(b, d)) {
                    logits.add(v);
                }
                ArrayNode probs = node.putArray("probabilities");
                for (double v : policy.probabilities(b, d)) {
                    probs.add(v);
                }
            }
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads logits from JSON into a policy over the same search space.
     *
     * @param json the JSON text
     * @param source the file name, for messages
     * @param policy the policy to fill
     * @throws IllegalArgumentException naming the file, block and decision that do not fit
     */
    public static void read(String json, String source, ArchitecturePolicy policy) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException(source + ": format: expected " + FORMAT);
        }
        JsonNode blocks = root.path("blocks");
        if (blocks.size() != policy.numBlocks()) {
            throw new IllegalArgumentException(
                    source
                            + ": blocks: "
                            + blocks.size()
                            + " blocks, the search space has "
                            + policy.numBlocks());
        }
        for (int b = 0; b < policy.numBlocks(); b++) {
            for (Decision d : Decision.values()) {
                String path = "blocks[" + b + "]." + d.key();
                JsonNode node = blocks.get(b).path(d.key());
                List<Integer> expected = policy.values(b, d);
                JsonNode values = node.path("values");
                JsonNode logits = node.path("logits");
                boolean same = values.size() == expected.size() && logits.size() == expected.size();
                for (int j = 0; same && j < expected.size(); j++) {
                    same = values.get(j).asInt(Integer.MIN_VALUE) == expected.get(j)
                            && logits.get(j).isNumber();
                }
                if (!same) {
                    throw new IllegalArgumentException(
                            source
                                    + ": "
                                    + path
                                    + ": expected values "
                                    + expected
                                    + " each with a numeric logit");
                }
                double[] theta = new double[expected.size()];
                for (int j = 0; j < theta.length; j++) {
                    theta[j] = logits.get(j).asDouble();
                }
                try {
                    policy.setLogits(b, d, theta);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ": " + path + ": " + e.getMessage());
                }
            }
        }
    }
}
