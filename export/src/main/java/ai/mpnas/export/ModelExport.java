package ai.mpnas.export;

import ai.mpnas.formats.AtomicFiles;
import ai.mpnas.plugin.nn.FixedNetwork;
import ai.mpnas.plugin.space.InputShape;
import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Exports a network into a DJL Serving model directory: {@value #MODEL_FILE}, {@value
 * #SERVING_FILE} ({@code engine=OnnxRuntime} and DJL's image-classification translator settings
 * for the input shape) and {@value #SYNSET_FILE}. The model is verified against the network's DJL
 * forward before anything is written; the directory appears atomically (written beside it, then
 * renamed), so a failed export writes nothing.
 */
public final class ModelExport {

    /** The ONNX model file name. */
    public static final String MODEL_FILE = "model.onnx";

    /** The DJL Serving properties file name. */
    public static final String SERVING_FILE = "serving.properties";

    /** The class names file name, one per line in output order. */
    public static final String SYNSET_FILE = "synset.txt";

    /** DJL's translator factory for image classification, named in serving.properties. */
    public static final String TRANSLATOR_FACTORY =
            "ai.djl.modality.cv.translator.ImageClassificationTranslatorFactory";

    private final FixedNetwork network;
    private final Provenance provenance;
    private final VerificationImages images;
    private final boolean quantized;
    private final boolean overwrite;
    private final OnnxVerifier verifier;

    ModelExport(Builder builder) {
        network = builder.network;
        provenance = builder.provenance;
        images = builder.images;
        quantized = builder.quantized;
        overwrite = builder.overwrite;
        verifier =
                OnnxVerifier.builder()
                        .setNetwork(network)
                        .setNormalization(provenance.normalization())
                        .optTolerance(builder.tolerance)
                        .optMinAgreement(builder.minAgreement)
                        .optMinWithinTolerance(builder.minWithinTolerance)
                        .build();
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
     * Exports, verifies and writes the directory.
     *
     * @param directory the export directory to create
     * @return what was written
     * @throws FileAlreadyExistsException if the directory exists and overwriting is off
     * @throws IOException if writing fails
     * @throws OrtException if ONNX Runtime cannot load or run the model
     * @throws ExportVerificationException if the model disagrees with the network
     */
    public ExportResult writeTo(Path directory) throws IOException, OrtException {
        Path target = directory.toAbsolutePath().normalize();
        if (Files.exists(target) && !overwrite) {
            throw new FileAlreadyExistsException(
                    target + ": export directory exists; allowed: a new directory, or overwrite");
        }
        OnnxModel model =
                OnnxExporter.builder()
                        .setNetwork(network)
                        .setProvenance(provenance)
                        .optQuantized(quantized)
                        .build()
                        .export();
        byte[] bytes = model.toByteArray();
        VerificationReport report = verifier.verify(bytes, images);
        Path parent = target.getParent();
        Files.createDirectories(parent);
        // a serving directory is read by other users: it gets the umask's mode, not a temp's 0700
        Path partial =
                AtomicFiles.createTempDirectory(parent, "." + target.getFileName() + ".partial-");
        try {
            Files.write(partial.resolve(MODEL_FILE), bytes);
            Files.writeString(
                    partial.resolve(SERVING_FILE),
                    servingProperties(network.getArchitecture().space().input()),
                    StandardCharsets.UTF_8);
            Files.writeString(
                    partial.resolve(SYNSET_FILE),
                    String.join("\n", provenance.classes()) + "\n",
                    StandardCharsets.UTF_8);
            AtomicFiles.replaceDirectory(partial, target);
        } finally {
            AtomicFiles.deleteTree(partial);
        }
        return new ExportResult(target, bytes.length, model.parameterBytes(), report);
    }

    /**
     * Returns the serving.properties text for an input shape: pictures are decoded in the
     * network's colour mode, resized to its size and scaled to [0, 1] ({@code ToTensor}); the
     * normalisation is inside the graph.
     *
     * @param input the input shape
     * @return the properties text
     */
    public static String servingProperties(InputShape input) {
        return String.join(
                "\n",
                "# DJL Serving / DJL Criteria: ONNX Runtime with DJL's image classification translator.",
                "# Pictures are decoded, resized and scaled to [0, 1]; normalisation is in the graph.",
                "engine=OnnxRuntime",
                "translatorFactory=" + TRANSLATOR_FACTORY,
                "width=" + input.width(),
                "height=" + input.height(),
                "resize=true",
                "flag=" + (input.channels() == 1 ? "GRAYSCALE" : "COLOR"),
                "applySoftmax=true",
                "synsetFileName=" + SYNSET_FILE,
                "");
    }

    /** The builder of a {@link ModelExport}. */
    public static final class Builder {

        private FixedNetwork network;
        private Provenance provenance;
        private VerificationImages images;
        private boolean quantized = true;
        private boolean overwrite;
        private double tolerance = OnnxVerifier.DEFAULT_TOLERANCE;
        private double minAgreement = OnnxVerifier.DEFAULT_MIN_AGREEMENT;
        private double minWithinTolerance = OnnxVerifier.DEFAULT_MIN_WITHIN_TOLERANCE;

        Builder() {}

        /**
         * Sets the trained network.
         *
         * @param network the network
         * @return this builder
         */
        public Builder setNetwork(FixedNetwork network) {
            this.network = network;
            return this;
        }

        /**
         * Sets the provenance.
         *
         * @param provenance the provenance
         * @return this builder
         */
        public Builder setProvenance(Provenance provenance) {
            this.provenance = provenance;
            return this;
        }

        /**
         * Sets the images the export is verified on (e.g. the test set).
         *
         * @param images the images
         * @return this builder
         */
        public Builder setImages(VerificationImages images) {
            this.images = images;
            return this;
        }

        /**
         * Sets whether to export quantized (default) or float.
         *
         * @param quantized false for the float export
         * @return this builder
         */
        public Builder optQuantized(boolean quantized) {
            this.quantized = quantized;
            return this;
        }

        /**
         * Sets whether an existing export directory is replaced; default false.
         *
         * @param overwrite true to replace
         * @return this builder
         */
        public Builder optOverwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /**
         * Sets the verification tolerance; default {@value OnnxVerifier#DEFAULT_TOLERANCE}.
         *
         * @param tolerance the per-image logit tolerance
         * @return this builder
         */
        public Builder optTolerance(double tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        /**
         * Sets the fraction of images whose logits must be within tolerance; default {@value
         * OnnxVerifier#DEFAULT_MIN_WITHIN_TOLERANCE}.
         *
         * @param minWithinTolerance the fraction
         * @return this builder
         */
        public Builder optMinWithinTolerance(double minWithinTolerance) {
            this.minWithinTolerance = minWithinTolerance;
            return this;
        }

        /**
         * Sets the fraction of images whose top-1 must agree; default {@value
         * OnnxVerifier#DEFAULT_MIN_AGREEMENT}.
         *
         * @param minAgreement the fraction
         * @return this builder
         */
        public Builder optMinAgreement(double minAgreement) {
            this.minAgreement = minAgreement;
            return this;
        }

        /**
         * Builds the export.
         *
         * @return the export
         * @throws IllegalArgumentException if the network, provenance or images are missing or do
         *     not fit each other
         */
        public ModelExport build() {
            if (network == null || provenance == null || images == null) {
                throw new IllegalArgumentException(
                        "ModelExport needs a network, a provenance and verification images");
            }
            InputShape in = network.getArchitecture().space().input();
            if (images.channels() != in.channels()
                    || images.height() != in.height()
                    || images.width() != in.width()) {
                throw new IllegalArgumentException(
                        "verification images are "
                                + images.channels()
                                + "x"
                                + images.height()
                                + "x"
                                + images.width()
                                + ", the network takes "
                                + in.channels()
                                + "x"
                                + in.height()
                                + "x"
                                + in.width());
            }
            return new ModelExport(this);
        }
    }
}
