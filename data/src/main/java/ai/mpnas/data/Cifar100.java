package ai.mpnas.data;

import ai.djl.Application.CV;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.Artifact;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset;
import ai.djl.util.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * CIFAR-100 (Krizhevsky, 2009) in its binary format, as a DJL {@link ArrayDataset} shaped like
 * DJL's {@code Cifar10}: images are (N, 32, 32, 3) HWC in [0, 255] and labels float32, so the same
 * {@code ToTensor} pipeline applies. DJL has no CIFAR-100 dataset.
 *
 * <p>It reads the repository items {@code train.bin} and {@code test.bin}; each record is a coarse
 * label byte, a fine label byte and 3072 pixel bytes (R, G, B planes). Pixels are kept as uint8 (a
 * quarter of float32's memory); {@code ToTensor} converts them.
 */
public final class Cifar100 extends ArrayDataset {

    /** Which of the two labels of a record to use. */
    public enum LabelKind {
        /** The 100 fine classes (byte 1 of a record); the default. */
        FINE,
        /** The 20 superclasses (byte 0 of a record). */
        COARSE
    }

    /** Bytes per record: coarse label, fine label, 3072 pixels. */
    static final int RECORD = 2 + CifarFile.PIXELS;

    private final NDManager manager;
    private final Dataset.Usage usage;
    private final LabelKind labelKind;
    private final MRL mrl;
    private boolean prepared;

    private Cifar100(Builder builder) {
        super(builder);
        manager = builder.manager;
        usage = builder.usage;
        labelKind = builder.labelKind;
        mrl = builder.repository.dataset(CV.ANY, "ai.mpnas", "cifar100", "1.0");
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public void prepare(Progress progress) throws IOException {
        if (prepared) {
            return;
        }
        Artifact artifact = mrl.getDefaultArtifact();
        mrl.prepare(artifact, progress);
        String name =
                switch (usage) {
                    case TRAIN -> "train.bin";
                    case TEST -> "test.bin";
                    default ->
                            throw new UnsupportedOperationException(
                                    "CIFAR-100 has no validation file: split the training set");
                };
        byte[] bytes;
        try (InputStream in = mrl.getRepository().openStream(artifact.getFiles().get(name), null)) {
            bytes = in.readAllBytes();
        }
        if (bytes.length % RECORD != 0) {
            throw new IOException(
                    name + ": size " + bytes.length + " is not a multiple of " + RECORD + " bytes");
        }
        int n = bytes.length / RECORD;
        int side = CifarFile.SIDE;
        int plane = side * side;
        int labelByte = labelKind == LabelKind.FINE ? 1 : 0;
        byte[] hwc = new byte[n * CifarFile.PIXELS];
        float[] classes = new float[n];
        for (int i = 0; i < n; i++) {
            int record = i * RECORD;
            classes[i] = Byte.toUnsignedInt(bytes[record + labelByte]);
            int pixels = record + 2;
            int out = i * CifarFile.PIXELS;
            // The file stores planes (CHW); DJL's image datasets hold HWC for ToTensor.
            for (int p = 0; p < plane; p++) {
                hwc[out + 3 * p] = bytes[pixels + p];
                hwc[out + 3 * p + 1] = bytes[pixels + plane + p];
                hwc[out + 3 * p + 2] = bytes[pixels + 2 * plane + p];
            }
        }
        data =
                new NDArray[] {
                    manager.create(
                            ByteBuffer.wrap(hwc), new Shape(n, side, side, 3), DataType.UINT8)
                };
        labels = new NDArray[] {manager.create(classes)};
        prepared = true;
    }

    /** A builder for {@link Cifar100}. */
    public static final class Builder extends BaseBuilder<Builder> {

        private NDManager manager;
        private Repository repository;
        private Dataset.Usage usage = Dataset.Usage.TRAIN;
        private LabelKind labelKind = LabelKind.FINE;

        /** Constructs a builder; use {@link Cifar100#builder()}. */
        Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the manager that holds the data (default: a new base manager of the default engine).
         *
         * @param manager the manager; the dataset uses a sub-manager of it
         * @return this builder
         */
        public Builder optManager(NDManager manager) {
            this.manager = manager.newSubManager();
            return this;
        }

        /**
         * Sets the repository that serves {@code train.bin} and {@code test.bin}.
         *
         * @param repository the repository
         * @return this builder
         */
        public Builder setRepository(Repository repository) {
            this.repository = repository;
            return this;
        }

        /**
         * Sets which file to read (default {@code TRAIN}).
         *
         * @param usage {@code TRAIN} or {@code TEST}
         * @return this builder
         */
        public Builder optUsage(Dataset.Usage usage) {
            this.usage = usage;
            return this;
        }

        /**
         * Sets which label to use (default {@link LabelKind#FINE}).
         *
         * @param labelKind fine or coarse labels
         * @return this builder
         */
        public Builder optLabelKind(LabelKind labelKind) {
            this.labelKind = labelKind;
            return this;
        }

        /**
         * Builds the dataset; it reads its file on {@link Cifar100#prepare(Progress)}.
         *
         * @return the dataset
         */
        public Cifar100 build() {
            Objects.requireNonNull(repository, "Cifar100: setRepository is required");
            if (manager == null) {
                manager = Engine.getInstance().newBaseManager();
            }
            return new Cifar100(this);
        }
    }
}
