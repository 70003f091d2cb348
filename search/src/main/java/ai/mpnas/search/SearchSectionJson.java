package ai.mpnas.search;

import ai.mpnas.search.policy.ArchitecturePolicy;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * The {@code search} section of a search's {@code architecture.json}: how the architecture was
 * found (dataset, metric, estimator, seed, epochs, the constraint that makes the search a
 * baseline, if any) and the derivation's candidates.
 */
final class SearchSectionJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SearchSectionJson() {}

    /**
     * Writes the section.
     *
     * @param settings the settings of the search
     * @param policy the final policy
     * @param candidates the derivation's candidates
     * @param accuracy their validation accuracy (read only with more than one candidate)
     * @param chosen the index of the chosen candidate
     * @return the {@code search} object
     */
    static ObjectNode write(
            SearchSettings settings,
            ArchitecturePolicy policy,
            List<Derivation.Result> candidates,
            double[] accuracy,
            int chosen) {
        ObjectNode search = MAPPER.createObjectNode();
        search.put("dataset", settings.dataset());
        search.put("metric", settings.metric().jsonName());
        search.put("estimator", settings.estimator().name().toLowerCase(Locale.ROOT));
        search.put("seed", settings.seed());
        search.put("epochs", settings.epochs());
        ObjectNode constraint = search.putObject("constraint");
        constraint.put("contender", settings.constraint().contender());
        settings.constraint().writeTo(constraint);
        ObjectNode derivation = search.putObject("derivation");
        derivation.put(
                "method",
                candidates.size() > 1
                        ? "best validation accuracy of the most likely and sampled architectures"
                        : "most likely architecture");
        derivation.put("chosen", chosen);
        ArrayNode list = derivation.putArray("candidates");
        for (int c = 0; c < candidates.size(); c++) {
            Derivation.Result r = candidates.get(c);
            ObjectNode n = list.addObject();
            n.put("code", r.architecture().code());
            n.put("cost", r.cost());
            n.put("repairs", r.repairs());
            n.put("log_probability", policy.logProbability(r.architecture()));
            if (candidates.size() > 1) {
                n.put("val_acc", accuracy[c]);
            }
        }
        return search;
    }
}
