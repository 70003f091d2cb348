package ai.mpnas.export;

import ai.mpnas.plugin.space.Normalization;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * How an exported network was made, written into the model's {@code metadata_props}: dataset,
 * measured accuracy, class names, input normalisation, Bit Fusion configuration and cost, and the
 * mpnas version. The architecture and search space come from the network itself.
 *
 * @param dataset the dataset name, e.g. {@code fashion-mnist}
 * @param top1 the measured top-1 accuracy in [0, 1], NaN when unknown
 * @param classes the class names in output order
 * @param normalization the input normalisation the network was trained with
 * @param cost the Bit Fusion cost, or null when unknown
 * @param bitFusion the Bit Fusion configuration (model, depthwise, batch, accelerator), or null
 * @param version the mpnas version
 */
public record Provenance(
        String dataset,
        double top1,
        List<String> classes,
        Normalization normalization,
        CostSummary cost,
        JsonNode bitFusion,
        String version) {

    /** Copies the class list. */
    public Provenance {
        classes = List.copyOf(classes);
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
     * Returns the version of this mpnas build.
     *
     * @return the version, e.g. {@code 0.1.0-SNAPSHOT}
     */
    public static String mpnasVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("version.properties")) {
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The builder of a {@link Provenance}. */
    public static final class Builder {

        private String dataset;
        private double top1 = Double.NaN;
        private List<String> classes;
        private Normalization normalization;
        private CostSummary cost;
        private JsonNode bitFusion;
        private String version;

        Builder() {}

        /**
         * Sets the dataset name.
         *
         * @param dataset the dataset
         * @return this builder
         */
        public Builder setDataset(String dataset) {
            this.dataset = dataset;
            return this;
        }

        /**
         * Sets the class names in output order.
         *
         * @param classes the class names
         * @return this builder
         */
        public Builder setClasses(List<String> classes) {
            this.classes = classes;
            return this;
        }

        /**
         * Sets the input normalisation.
         *
         * @param normalization the normalisation
         * @return this builder
         */
        public Builder setNormalization(Normalization normalization) {
            this.normalization = normalization;
            return this;
        }

        /**
         * Sets the measured top-1 accuracy; default unknown.
         *
         * @param top1 the accuracy in [0, 1]
         * @return this builder
         */
        public Builder optTop1(double top1) {
            this.top1 = top1;
            return this;
        }

        /**
         * Sets the Bit Fusion cost; default unknown.
         *
         * @param cost the cost
         * @return this builder
         */
        public Builder optCost(CostSummary cost) {
            this.cost = cost;
            return this;
        }

        /**
         * Sets the Bit Fusion configuration; default unknown.
         *
         * @param bitFusion the configuration JSON
         * @return this builder
         */
        public Builder optBitFusion(JsonNode bitFusion) {
            this.bitFusion = bitFusion;
            return this;
        }

        /**
         * Sets the mpnas version; default {@link #mpnasVersion()}.
         *
         * @param version the version
         * @return this builder
         */
        public Builder optVersion(String version) {
            this.version = version;
            return this;
        }

        /**
         * Builds the provenance.
         *
         * @return the provenance
         * @throws IllegalArgumentException if the dataset, classes or normalisation is missing
         */
        public Provenance build() {
            if (dataset == null || classes == null || normalization == null) {
                throw new IllegalArgumentException(
                        "provenance needs the dataset, the class names and the normalization");
            }
            if (!Double.isNaN(top1) && (top1 < 0 || top1 > 1)) {
                throw new IllegalArgumentException("top1 " + top1 + ": allowed [0, 1] or unknown");
            }
            return new Provenance(
                    dataset,
                    top1,
                    classes,
                    normalization,
                    cost,
                    bitFusion,
                    version != null ? version : mpnasVersion());
        }
    }
}
