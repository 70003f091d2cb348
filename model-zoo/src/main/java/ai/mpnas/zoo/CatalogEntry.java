package ai.mpnas.zoo;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One published model as {@code ./mpnas zoo list --json} shows it. Serialised with Jackson, the
 * keys are {@code artifact}, {@code version}, {@code top1}, {@code energy_nJ}, {@code latency_ms},
 * {@code path}, then the rest of the card.
 *
 * @param card the model card
 * @param path the version directory (local zoo) or URL (remote zoo)
 * @param check the version's files checked against metadata.json, or null for a remote zoo, whose
 *     files are checked when they are downloaded and loaded
 */
@JsonPropertyOrder({
    "artifact",
    "version",
    "top1",
    "energy_nJ",
    "latency_ms",
    "path",
    "checksums",
    "dataset",
    "latency_cycles",
    "bits",
    "avg_weight_bits",
    "avg_activation_bits",
    "budget",
    "energy_tier"
})
public record CatalogEntry(
        @JsonIgnore ModelCard card,
        @JsonProperty("path") String path,
        @JsonIgnore VersionCheck check) {

    /**
     * Returns whether a file of this version is missing or fails its SHA-1.
     *
     * @return true when the version was checked and a file is bad
     */
    public boolean failsChecksums() {
        return check != null && !check.intact();
    }

    /**
     * Returns the state of the version's files in a word.
     *
     * @return {@code ok}, {@code failed} (a file is missing or changed) or {@code unchecked} (a
     *     remote zoo)
     */
    @JsonProperty("checksums")
    public String checksums() {
        if (check == null) {
            return "unchecked";
        }
        return check.intact() ? "ok" : "failed";
    }

    /**
     * Returns the artifact id.
     *
     * @return the artifact id
     */
    @JsonProperty("artifact")
    public String artifact() {
        return card.artifact();
    }

    /**
     * Returns the version.
     *
     * @return the version
     */
    @JsonProperty("version")
    public String version() {
        return card.version();
    }

    /**
     * Returns the top-1 accuracy.
     *
     * @return the accuracy in [0, 1]
     */
    @JsonProperty("top1")
    public double top1() {
        return card.top1();
    }

    /**
     * Returns the energy.
     *
     * @return the energy in nJ
     */
    @JsonProperty("energy_nJ")
    public double energyNj() {
        return card.energyNj();
    }

    /**
     * Returns the latency.
     *
     * @return the latency in ms
     */
    @JsonProperty("latency_ms")
    public double latencyMs() {
        return card.latencyMs();
    }

    /**
     * Returns the dataset.
     *
     * @return the dataset
     */
    @JsonProperty("dataset")
    public String dataset() {
        return card.dataset();
    }

    /**
     * Returns the latency in cycles.
     *
     * @return the latency in cycles
     */
    @JsonProperty("latency_cycles")
    public long latencyCycles() {
        return card.latencyCycles();
    }

    /**
     * Returns the bit-width summary.
     *
     * @return e.g. {@code w2-8/a4-8}
     */
    @JsonProperty("bits")
    public String bits() {
        return card.bits();
    }

    /**
     * Returns the mean weight bit width.
     *
     * @return the mean weight bits
     */
    @JsonProperty("avg_weight_bits")
    public double avgWeightBits() {
        return card.avgWeightBits();
    }

    /**
     * Returns the mean activation bit width.
     *
     * @return the mean activation bits
     */
    @JsonProperty("avg_activation_bits")
    public double avgActivationBits() {
        return card.avgActivationBits();
    }

    /**
     * Returns the search budget.
     *
     * @return the budget as given, or empty
     */
    @JsonProperty("budget")
    public String budget() {
        return card.budget();
    }

    /**
     * Returns the energy tier.
     *
     * @return the tier label
     */
    @JsonProperty("energy_tier")
    public String energyTier() {
        return card.energyTier();
    }
}
