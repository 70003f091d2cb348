package ai.mpnas.zoo;

import ai.mpnas.formats.OnnxMetadataKeys;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a published model is: its name and version in the zoo and the numbers a deployer chooses by
 * (accuracy, Bit Fusion energy and latency, bit widths, search budget).
 *
 * <p>The card becomes the {@code properties} of the artifact in {@code metadata.json}, so every
 * field can be used with DJL's {@code Criteria.optFilter}; see {@link #toProperties()} for the
 * keys.
 *
 * @param artifact the artifact id (a plain name, see {@link ZooNames#checkName})
 * @param version the version (a plain name, e.g. {@code 0.1.0})
 * @param dataset the dataset the model was trained and measured on
 * @param top1 the measured top-1 accuracy in [0, 1]
 * @param energyNj the Bit Fusion energy of one batch, in nJ
 * @param latencyMs the Bit Fusion latency of one batch, in ms at the configured clock
 * @param latencyCycles the Bit Fusion latency of one batch, in cycles
 * @param bits the bit-width summary, e.g. {@code w2-8/a4-8} (weight and activation ranges)
 * @param avgWeightBits the mean weight bit width over the layers
 * @param avgActivationBits the mean activation bit width over the layers
 * @param budget the energy budget the search ran under, as given (empty when unknown)
 * @param energyTier the energy decade, see {@link #energyTier(double)}
 */
public record ModelCard(
        String artifact,
        String version,
        String dataset,
        double top1,
        double energyNj,
        double latencyMs,
        long latencyCycles,
        String bits,
        double avgWeightBits,
        double avgActivationBits,
        String budget,
        String energyTier) {

    /** Property key of {@link #dataset()}. */
    public static final String DATASET = "dataset";

    /** Property key of {@link #top1()}. */
    public static final String ACCURACY = "accuracy";

    /** Property key of {@link #energyNj()}. */
    public static final String ENERGY_NJ = "energyNj";

    /** Property key of {@link #latencyMs()}. */
    public static final String LATENCY_MS = "latencyMs";

    /** Property key of {@link #latencyCycles()}. */
    public static final String LATENCY_CYCLES = "latencyCycles";

    /** Property key of {@link #bits()}. */
    public static final String BITS = "bits";

    /** Property key of {@link #avgWeightBits()}. */
    public static final String AVG_WEIGHT_BITS = "avgWeightBits";

    /** Property key of {@link #avgActivationBits()}. */
    public static final String AVG_ACTIVATION_BITS = "avgActivationBits";

    /** Property key of {@link #budget()}. */
    public static final String BUDGET = "budget";

    /** Property key of {@link #energyTier()}. */
    public static final String ENERGY_TIER = "energyTier";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TIER_UNITS = {"nJ", "uJ", "mJ", "J", "kJ"};

    /**
     * Checks the card.
     *
     * @throws IllegalArgumentException naming the field when a value is missing or out of range
     */
    public ModelCard {
        ZooNames.checkName("artifact", artifact);
        ZooNames.checkName("version", version);
        requireText("dataset", dataset);
        requireText("bits", bits);
        if (!(top1 >= 0 && top1 <= 1)) {
            throw new IllegalArgumentException("model card top1 = " + top1 + ": must be in [0, 1]");
        }
        requireNonNegative("energyNj", energyNj);
        requireNonNegative("latencyMs", latencyMs);
        requireNonNegative("avgWeightBits", avgWeightBits);
        requireNonNegative("avgActivationBits", avgActivationBits);
        if (latencyCycles < 0) {
            throw new IllegalArgumentException(
                    "model card latencyCycles = " + latencyCycles + ": must be >= 0");
        }
        budget = budget == null ? "" : budget;
        energyTier = energyTier == null || energyTier.isEmpty() ? energyTier(energyNj) : energyTier;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the energy decade of a model, a filterable label: the smallest power of ten (in nJ,
     * uJ, mJ, J) that is at least the energy, e.g. 3.2e5 nJ gives {@code <=1mJ} and 0.9 uJ gives
     * {@code <=1uJ}.
     *
     * @param energyNj the energy in nJ
     * @return the tier label
     */
    public static String energyTier(double energyNj) {
        int exponent = energyNj <= 1 ? 0 : (int) Math.ceil(Math.log10(energyNj) - 1e-12);
        int unit = Math.min(exponent / 3, TIER_UNITS.length - 1);
        long mantissa = Math.round(Math.pow(10, exponent - 3 * unit));
        return "<=" + mantissa + TIER_UNITS[unit];
    }

    /**
     * Starts a card from the provenance an mpnas ONNX export keeps in its {@code metadata_props}:
     * {@code mpnas.accuracy} (top1, dataset), {@code mpnas.cost} (energy_nJ, latency_ms,
     * latency_cycles) and {@code mpnas.layers} (wbits, abits per layer). The caller adds the
     * artifact, version and budget.
     *
     * @param metadataProps the model's metadata_props
     * @return a builder with dataset, accuracy, cost and bits set
     * @throws IllegalArgumentException naming the key and field when one is missing or invalid
     */
    public static Builder fromMetadataProps(Map<String, String> metadataProps) {
        JsonNode accuracy = parseProp(metadataProps, OnnxMetadataKeys.ACCURACY);
        JsonNode cost = parseProp(metadataProps, OnnxMetadataKeys.COST);
        JsonNode layers = parseProp(metadataProps, OnnxMetadataKeys.LAYERS);
        if (!layers.isArray() || layers.isEmpty()) {
            throw new IllegalArgumentException(
                    "metadata_props "
                            + OnnxMetadataKeys.LAYERS
                            + ": must be a non-empty JSON array of layers");
        }
        int wMin = Integer.MAX_VALUE;
        int wMax = Integer.MIN_VALUE;
        int aMin = Integer.MAX_VALUE;
        int aMax = Integer.MIN_VALUE;
        double wSum = 0;
        double aSum = 0;
        for (int i = 0; i < layers.size(); i++) {
            int w = intField(layers.get(i), OnnxMetadataKeys.LAYERS, "[" + i + "].", "wbits");
            int a = intField(layers.get(i), OnnxMetadataKeys.LAYERS, "[" + i + "].", "abits");
            wMin = Math.min(wMin, w);
            wMax = Math.max(wMax, w);
            aMin = Math.min(aMin, a);
            aMax = Math.max(aMax, a);
            wSum += w;
            aSum += a;
        }
        return builder()
                .setDataset(textField(accuracy, OnnxMetadataKeys.ACCURACY, "dataset"))
                .setTop1(numberField(accuracy, OnnxMetadataKeys.ACCURACY, "top1"))
                .setEnergyNj(numberField(cost, OnnxMetadataKeys.COST, "energy_nJ"))
                .setLatencyMs(numberField(cost, OnnxMetadataKeys.COST, "latency_ms"))
                .setLatencyCycles((long) numberField(cost, OnnxMetadataKeys.COST, "latency_cycles"))
                .setBits(
                        bitsLabel(wMin, wMax, aMin, aMax),
                        wSum / layers.size(),
                        aSum / layers.size());
    }

    /**
     * Formats a bit-width range label, e.g. {@code w2-8/a4-8}, or {@code w8/a8} when the range is
     * one value.
     *
     * @param wMin the smallest weight bit width
     * @param wMax the largest weight bit width
     * @param aMin the smallest activation bit width
     * @param aMax the largest activation bit width
     * @return the label
     */
    public static String bitsLabel(int wMin, int wMax, int aMin, int aMax) {
        return "w" + range(wMin, wMax) + "/a" + range(aMin, aMax);
    }

    /**
     * Returns the card as artifact properties of {@code metadata.json}, keyed by the constants of
     * this class; numbers are written with {@link Double#toString(double)}.
     *
     * @return the properties, in a stable order
     */
    public Map<String, String> toProperties() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(DATASET, dataset);
        map.put(ACCURACY, Double.toString(top1));
        map.put(ENERGY_NJ, Double.toString(energyNj));
        map.put(ENERGY_TIER, energyTier);
        map.put(LATENCY_MS, Double.toString(latencyMs));
        map.put(LATENCY_CYCLES, Long.toString(latencyCycles));
        map.put(BITS, bits);
        map.put(AVG_WEIGHT_BITS, Double.toString(avgWeightBits));
        map.put(AVG_ACTIVATION_BITS, Double.toString(avgActivationBits));
        map.put(BUDGET, budget);
        return map;
    }

    /**
     * Reads a card back from the properties of one artifact of {@code metadata.json}.
     *
     * @param artifact the artifact id
     * @param version the version
     * @param properties the artifact properties written by {@link #toProperties()}
     * @param source the file they come from, for error messages
     * @return the card
     * @throws IllegalArgumentException naming the file and property when one is missing or not a
     *     number
     */
    public static ModelCard fromProperties(
            String artifact, String version, Map<String, String> properties, String source) {
        String where = source + " artifacts[version=" + version + "].properties.";
        return new ModelCard(
                artifact,
                version,
                property(properties, where, DATASET),
                Double.parseDouble(number(properties, where, ACCURACY)),
                Double.parseDouble(number(properties, where, ENERGY_NJ)),
                Double.parseDouble(number(properties, where, LATENCY_MS)),
                (long) Double.parseDouble(number(properties, where, LATENCY_CYCLES)),
                property(properties, where, BITS),
                Double.parseDouble(number(properties, where, AVG_WEIGHT_BITS)),
                Double.parseDouble(number(properties, where, AVG_ACTIVATION_BITS)),
                properties.getOrDefault(BUDGET, ""),
                properties.get(ENERGY_TIER));
    }

    private static String property(Map<String, String> props, String where, String key) {
        String value = props.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(where + key + " is missing");
        }
        return value;
    }

    private static String number(Map<String, String> props, String where, String key) {
        String value = property(props, where, key);
        try {
            Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    where + key + " = '" + value + "' is not a number", e);
        }
        return value;
    }

    private static String range(int min, int max) {
        return min == max ? Integer.toString(min) : min + "-" + max;
    }

    private static JsonNode parseProp(Map<String, String> props, String key) {
        String value = props.get(key);
        if (value == null) {
            throw new IllegalArgumentException("metadata_props " + key + " is missing");
        }
        try {
            return JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "metadata_props " + key + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode field(JsonNode node, String key, String prefix, String name) {
        JsonNode value = node == null ? null : node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(
                    "metadata_props " + key + ": field " + prefix + name + " is missing");
        }
        return value;
    }

    private static double numberField(JsonNode node, String key, String path) {
        JsonNode value = field(node, key, "", path);
        if (!value.isNumber()) {
            throw new IllegalArgumentException(
                    "metadata_props "
                            + key
                            + ": field "
                            + path
                            + " = "
                            + value
                            + " is not a number");
        }
        return value.asDouble();
    }

    private static int intField(JsonNode node, String key, String prefix, String name) {
        JsonNode value = field(node, key, prefix, name);
        String path = prefix + name;
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException(
                    "metadata_props "
                            + key
                            + ": field "
                            + path
                            + " = "
                            + value
                            + " is not an integer");
        }
        return value.asInt();
    }

    private static String textField(JsonNode node, String key, String path) {
        JsonNode value = field(node, key, "", path);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException(
                    "metadata_props " + key + ": field " + path + " must be a non-empty string");
        }
        return value.asText();
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("model card " + field + " is missing");
        }
    }

    private static void requireNonNegative(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    "model card " + field + " = " + value + ": must be a finite number >= 0");
        }
    }

    /** Builds a {@link ModelCard}; all {@code set} values are required. */
    public static final class Builder {

        private String artifact;
        private String version;
        private String dataset;
        private Double top1;
        private Double energyNj;
        private Double latencyMs;
        private Long latencyCycles;
        private String bits;
        private double avgWeightBits;
        private double avgActivationBits;
        private String budget = "";
        private String energyTier;

        Builder() {}

        /**
         * Sets the artifact id.
         *
         * @param artifact the artifact id
         * @return this builder
         */
        public Builder setArtifact(String artifact) {
            this.artifact = artifact;
            return this;
        }

        /**
         * Sets the version.
         *
         * @param version the version
         * @return this builder
         */
        public Builder setVersion(String version) {
            this.version = version;
            return this;
        }

        /**
         * Sets the dataset.
         *
         * @param dataset the dataset name
         * @return this builder
         */
        public Builder setDataset(String dataset) {
            this.dataset = dataset;
            return this;
        }

        /**
         * Sets the top-1 accuracy.
         *
         * @param top1 the accuracy in [0, 1]
         * @return this builder
         */
        public Builder setTop1(double top1) {
            this.top1 = top1;
            return this;
        }

        /**
         * Sets the energy.
         *
         * @param energyNj the energy in nJ
         * @return this builder
         */
        public Builder setEnergyNj(double energyNj) {
            this.energyNj = energyNj;
            return this;
        }

        /**
         * Sets the latency in ms.
         *
         * @param latencyMs the latency in ms
         * @return this builder
         */
        public Builder setLatencyMs(double latencyMs) {
            this.latencyMs = latencyMs;
            return this;
        }

        /**
         * Sets the latency in cycles.
         *
         * @param latencyCycles the latency in cycles
         * @return this builder
         */
        public Builder setLatencyCycles(long latencyCycles) {
            this.latencyCycles = latencyCycles;
            return this;
        }

        /**
         * Sets the bit-width summary.
         *
         * @param bits the label, e.g. {@code w2-8/a4-8} (see {@link #bitsLabel})
         * @param avgWeightBits the mean weight bit width
         * @param avgActivationBits the mean activation bit width
         * @return this builder
         */
        public Builder setBits(String bits, double avgWeightBits, double avgActivationBits) {
            this.bits = bits;
            this.avgWeightBits = avgWeightBits;
            this.avgActivationBits = avgActivationBits;
            return this;
        }

        /**
         * Sets the energy budget of the search, as the user gave it.
         *
         * @param budget the budget, e.g. {@code 0.5}
         * @return this builder
         */
        public Builder optBudget(String budget) {
            this.budget = budget;
            return this;
        }

        /**
         * Overrides the energy tier, which defaults to {@link ModelCard#energyTier(double)}.
         *
         * @param energyTier the tier label
         * @return this builder
         */
        public Builder optEnergyTier(String energyTier) {
            this.energyTier = energyTier;
            return this;
        }

        /**
         * Builds the card.
         *
         * @return the card
         * @throws IllegalArgumentException naming the first missing or invalid field
         */
        public ModelCard build() {
            return new ModelCard(
                    artifact,
                    version,
                    dataset,
                    required(top1, "top1"),
                    required(energyNj, "energyNj"),
                    required(latencyMs, "latencyMs"),
                    required(latencyCycles, "latencyCycles"),
                    bits,
                    avgWeightBits,
                    avgActivationBits,
                    budget,
                    energyTier);
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("model card " + field + " is missing");
        }
        return value;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%s %s: %s top1=%.4f energy=%.4g nJ latency=%.4g ms bits=%s",
                artifact,
                version,
                dataset,
                top1,
                energyNj,
                latencyMs,
                bits);
    }
}
