package ai.mpnas.search;

import ai.mpnas.search.derive.Candidate;
import ai.mpnas.search.derive.Selection;
import ai.mpnas.search.policy.ArchitecturePolicy;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
     * @param selection the derivation's candidates and the chosen one
     * @return the {@code search} object
     */
    static ObjectNode write(
            SearchSettings settings, ArchitecturePolicy policy, Selection selection) {
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
        derivation.put("method", selection.description());
        derivation.put("name", selection.method().jsonName());
        derivation.put("evaluations", selection.evaluations());
        derivation.put("chosen", selection.chosen());
        ArrayNode list = derivation.putArray("candidates");
        for (Candidate c : selection.candidates()) {
            Derivation.Result r = c.result();
            ObjectNode n = list.addObject();
            n.put("code", r.architecture().code());
            n.put("cost", r.cost());
            n.put("repairs", r.repairs());
            n.put("log_probability", policy.logProbability(r.architecture()));
            // what was not measured is left out (JSON has no NaN)
            if (!Double.isNaN(c.loss())) {
                n.put("val_loss", c.loss());
            }
            if (!Double.isNaN(c.accuracy())) {
                n.put("val_acc", c.accuracy());
            }
        }
        return search;
    }
}
