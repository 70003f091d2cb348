package ai.mpnas.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.mpnas.plugin.nn.FixedNetwork;
import ai.mpnas.plugin.space.Normalization;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs an exported model with ONNX Runtime (Java, default optimisation level) and the network's
 * DJL inference forward on the same images, and compares logits and top-1 classes.
 */
public final class OnnxVerifier {

    /** Default tolerance of the per-image logit error (see {@link VerificationReport}). */
    public static final double DEFAULT_TOLERANCE = 1e-3;

    /** Default fraction of images whose top-1 class must agree. */
    public static final double DEFAULT_MIN_AGREEMENT = 0.999;

    /**
     * Default fraction of images whose logits must be within tolerance. Well below 1 on purpose:
     * ONNX Runtime and MXNet sum convolutions in different orders, so a pre-activation lying
     * within a few ulps of a quantizer's rounding boundary can land on the other level (at 2 bits
     * a level is 2.0), which moves that image's logits by up to ~0.1 while most images agree to
     * ~1e-6. Measured: 0.7-3% of images at bits 2..8, more on briefly trained networks. The mean
     * error must stay within the tolerance as well ({@link VerificationReport#passed()}), which
     * a wrong scale or layer anywhere in the graph breaks at once.
     */
    public static final double DEFAULT_MIN_WITHIN_TOLERANCE = 0.9;

    private final FixedNetwork network;
    private final Normalization normalization;
    private final double tolerance;
    private final double minAgreement;
    private final double minWithinTolerance;
    private final int batchSize;
    private final int threads;

    OnnxVerifier(Builder builder) {
        network = builder.network;
        normalization = builder.normalization;
        tolerance = builder.tolerance;
        minAgreement = builder.minAgreement;
        minWithinTolerance = builder.minWithinTolerance;
        batchSize = builder.batchSize;
        threads = builder.threads;
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
     * Compares the model with the network on the images.
     *
     * @param model the serialized ONNX model
     * @param images the images
     * @return the comparison
     * @throws OrtException if ONNX Runtime cannot load or run the model
     */
    public VerificationReport compare(byte[] model, VerificationImages images) throws OrtException {
        float[][] onnx = OnnxRunner.run(model, images, batchSize, threads);
        float[][] djl = djlForward(images);
        int agree = 0;
        int within = 0;
        double max = 0;
        double sum = 0;
        double diffSquares = 0;
        double refSquares = 0;
        for (int i = 0; i < images.count(); i++) {
            for (int j = 0; j < djl[i].length; j++) {
                double d = (double) onnx[i][j] - djl[i][j];
                diffSquares += d * d;
                refSquares += (double) djl[i][j] * djl[i][j];
            }
            if (argmax(onnx[i]) == argmax(djl[i])) {
                agree++;
            }
            double error = error(onnx[i], djl[i]);
            if (error <= tolerance) {
                within++;
            }
            max = Math.max(max, error);
            sum += error;
        }
        int n = images.count();
        return new VerificationReport(
                n,
                (double) agree / n,
                (double) within / n,
                max,
                sum / n,
                Math.sqrt(diffSquares / Math.max(refSquares, Double.MIN_NORMAL)),
                tolerance,
                minAgreement,
                minWithinTolerance,
                "ONNX Runtime " + OrtSessions.environment().getVersion() + ", default optimisation",
                images.source());
    }

    /**
     * Compares and fails when the model disagrees beyond tolerance.
     *
     * @param model the serialized ONNX model
     * @param images the images
     * @return the comparison, which passed
     * @throws OrtException if ONNX Runtime cannot load or run the model
     * @throws ExportVerificationException if the comparison fails
     */
    public VerificationReport verify(byte[] model, VerificationImages images) throws OrtException {
        VerificationReport report = compare(model, images);
        if (!report.passed()) {
            throw new ExportVerificationException(report);
        }
        return report;
    }

    /**
     * Runs the network's DJL inference forward (BatchNorm running statistics) on the images,
     * normalised as in training.
     *
     * @param images the images
     * @return the logits per image
     */
    public float[][] djlForward(VerificationImages images) {
        int classes = network.getArchitecture().space().classes();
        float[][] logits = new float[images.count()][];
        NDManager parent = network.getStem().getConv().getWeight().getArray().getManager();
        int size = images.imageSize();
        int c = images.channels();
        for (int start = 0; start < images.count(); start += batchSize) {
            int n = Math.min(batchSize, images.count() - start);
            try (NDManager manager = parent.newSubManager()) {
                float[] batch =
                        Arrays.copyOfRange(images.pixels(), start * size, (start + n) * size);
                NDArray x =
                        manager.create(
                                batch, new Shape(n, c, images.height(), images.width()));
                NDArray mean = manager.create(normalization.mean(), new Shape(1, c, 1, 1));
                NDArray std = manager.create(normalization.std(), new Shape(1, c, 1, 1));
                x = x.sub(mean).div(std);
                NDList out =
                        network.forward(new ParameterStore(manager, false), new NDList(x), false);
                float[] flat = out.singletonOrThrow().toFloatArray();
                for (int i = 0; i < n; i++) {
                    logits[start + i] = Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
                }
            }
        }
        return logits;
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int j = 1; j < values.length; j++) {
            if (values[j] > values[best]) {
                best = j;
            }
        }
        return best;
    }

    static double error(float[] actual, float[] expected) {
        double scale = 1;
        double diff = 0;
        for (int j = 0; j < expected.length; j++) {
            scale = Math.max(scale, Math.abs(expected[j]));
            diff = Math.max(diff, Math.abs((double) actual[j] - expected[j]));
        }
        return diff / scale;
    }

    /** Runs a serialized model with ONNX Runtime. */
    static final class OnnxRunner {

        private OnnxRunner() {}

        static float[][] run(byte[] model, VerificationImages images, int batchSize, int threads)
                throws OrtException {
            OrtEnvironment env = OrtSessions.environment();
            float[][] logits = new float[images.count()][];
            int size = images.imageSize();
            try (OrtSession session = OrtSessions.open(model, threads)) {
                for (int start = 0; start < images.count(); start += batchSize) {
                    int n = Math.min(batchSize, images.count() - start);
                    FloatBuffer buffer =
                            FloatBuffer.wrap(images.pixels(), start * size, n * size).slice();
                    long[] shape = {n, images.channels(), images.height(), images.width()};
                    try (OnnxTensor input = OnnxTensor.createTensor(env, buffer, shape);
                            OrtSession.Result result =
                                    session.run(Map.of(OnnxExporter.INPUT_NAME, input))) {
                        float[][] out = (float[][]) result.get(0).getValue();
                        System.arraycopy(out, 0, logits, start, n);
                    }
                }
            }
            return logits;
        }
    }

    /** The builder of an {@link OnnxVerifier}. */
    public static final class Builder {

        private FixedNetwork network;
        private Normalization normalization;
        private double tolerance = DEFAULT_TOLERANCE;
        private double minAgreement = DEFAULT_MIN_AGREEMENT;
        private double minWithinTolerance = DEFAULT_MIN_WITHIN_TOLERANCE;
        private int batchSize = 100;
        private int threads;

        Builder() {}

        /**
         * Sets the network the model was exported from.
         *
         * @param network the network
         * @return this builder
         */
        public Builder setNetwork(FixedNetwork network) {
            this.network = network;
            return this;
        }

        /**
         * Sets the input normalisation the network was trained with.
         *
         * @param normalization the normalisation
         * @return this builder
         */
        public Builder setNormalization(Normalization normalization) {
            this.normalization = normalization;
            return this;
        }

        /**
         * Sets the per-image logit tolerance; default {@value #DEFAULT_TOLERANCE}.
         *
         * @param tolerance the tolerance
         * @return this builder
         */
        public Builder optTolerance(double tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        /**
         * Sets the fraction of images whose top-1 must agree; default {@value
         * #DEFAULT_MIN_AGREEMENT}.
         *
         * @param minAgreement the fraction in (0, 1]
         * @return this builder
         */
        public Builder optMinAgreement(double minAgreement) {
            this.minAgreement = minAgreement;
            return this;
        }

        /**
         * Sets the fraction of images whose logits must be within tolerance; default {@value
         * #DEFAULT_MIN_WITHIN_TOLERANCE}.
         *
         * @param minWithinTolerance the fraction in (0, 1]
         * @return this builder
         */
        public Builder optMinWithinTolerance(double minWithinTolerance) {
            this.minWithinTolerance = minWithinTolerance;
            return this;
        }

        /**
         * Sets the batch size of both forwards; default 100.
         *
         * @param batchSize the batch size
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets ONNX Runtime's intra-op threads; default 0 (its own choice).
         *
         * @param threads the threads
         * @return this builder
         */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Builds the verifier.
         *
         * @return the verifier
         * @throws IllegalArgumentException if a setting is missing or out of range
         */
        public OnnxVerifier build() {
            if (network == null || normalization == null) {
                throw new IllegalArgumentException("OnnxVerifier needs a network and a normalization");
            }
            if (!(tolerance > 0)
                    || !(minAgreement > 0 && minAgreement <= 1)
                    || !(minWithinTolerance > 0 && minWithinTolerance <= 1)
                    || batchSize < 1) {
                throw new IllegalArgumentException(
                        "OnnxVerifier: tolerance "
                                + tolerance
                                + ", minAgreement "
                                + minAgreement
                                + ", minWithinTolerance "
                                + minWithinTolerance
                                + ", batchSize "
                                + batchSize
                                + "; allowed: tolerance > 0, fractions in (0, 1], batchSize >= 1");
            }
            return new OnnxVerifier(this);
        }
    }
}
