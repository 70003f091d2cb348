package ai.mpnas.data;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;

import java.io.IOException;
import java.util.Arrays;

/**
 * A split of a source dataset: the samples at a list of source indices, with its own pipeline and
 * sampler.
 *
 * <p>DJL's {@code subDataset} views share the source's sampler and pipeline, so the training part
 * could not shuffle while the validation part stays in order. The source is read raw (its own
 * pipeline is not applied); the view applies {@code ToTensor} and {@code Normalize}. Over an {@link
 * ArrayDataset} the view is one too, so DJL fetches a whole batch with one gather ({@code
 * BulkDataIterable}) instead of sample by sample.
 */
interface SplitView {

    /**
     * Returns the source indices of this split, index i being sample i of the split.
     *
     * @return a copy of the indices
     */
    long[] sourceIndices();

    /**
     * Creates a view.
     *
     * @param source the prepared source dataset
     * @param indices the source indices, in split order
     * @param builder the sampling and pipelines of the view
     * @return the view, an {@link ArrayDataset} if the source is one
     */
    static RandomAccessDataset of(RandomAccessDataset source, long[] indices, ViewBuilder builder) {
        if (source instanceof ArrayDataset array) {
            return new OfArrays(array, indices, builder);
        }
        return new OfRecords(source, indices, builder);
    }

    /** Sampling and pipelines of a view. */
    final class ViewBuilder extends RandomAccessDataset.BaseBuilder<ViewBuilder> {

        /** {@inheritDoc} */
        @Override
        protected ViewBuilder self() {
            return this;
        }
    }

    /** A view over an {@link ArrayDataset}, fetching batches in bulk. */
    final class OfArrays extends ArrayDataset implements SplitView {

        private final ArrayDataset source;
        private final long[] indices;

        /**
         * Constructs a view.
         *
         * @param source the prepared source
         * @param indices the source indices, in split order
         * @param builder the sampling and pipelines
         */
        OfArrays(ArrayDataset source, long[] indices, ViewBuilder builder) {
            super(builder);
            this.source = source;
            this.indices = indices.clone();
        }

        /** {@inheritDoc} */
        @Override
        public long[] sourceIndices() {
            return indices.clone();
        }

        /** {@inheritDoc} */
        @Override
        public Record get(NDManager manager, long index) {
            return source.get(manager, indices[Math.toIntExact(index)]);
        }

        /** {@inheritDoc} */
        @Override
        public Batch getByIndices(NDManager manager, long... batch) {
            long[] resolved = new long[batch.length];
            for (int i = 0; i < batch.length; i++) {
                resolved[i] = indices[Math.toIntExact(batch[i])];
            }
            return source.getByIndices(manager, resolved);
        }

        /** {@inheritDoc} */
        @Override
        public Batch getByRange(NDManager manager, long fromIndex, long toIndex) {
            long[] resolved =
                    Arrays.copyOfRange(
                            indices, Math.toIntExact(fromIndex), Math.toIntExact(toIndex));
            return source.getByIndices(manager, resolved);
        }

        /** {@inheritDoc} */
        @Override
        protected long availableSize() {
            return indices.length;
        }

        /** {@inheritDoc} */
        @Override
        public void prepare(Progress progress) throws IOException {
            source.prepare(progress);
        }
    }

    /** A view over any {@link RandomAccessDataset}, fetching sample by sample. */
    final class OfRecords extends RandomAccessDataset implements SplitView {

        private final RandomAccessDataset source;
        private final long[] indices;

        /**
         * Constructs a view.
         *
         * @param source the prepared source
         * @param indices the source indices, in split order
         * @param builder the sampling and pipelines
         */
        OfRecords(RandomAccessDataset source, long[] indices, ViewBuilder builder) {
            super(builder);
            this.source = source;
            this.indices = indices.clone();
        }

        /** {@inheritDoc} */
        @Override
        public long[] sourceIndices() {
            return indices.clone();
        }

        /** {@inheritDoc} */
        @Override
        public Record get(NDManager manager, long index) throws IOException {
            return source.get(manager, indices[Math.toIntExact(index)]);
        }

        /** {@inheritDoc} */
        @Override
        protected long availableSize() {
            return indices.length;
        }

        /** {@inheritDoc} */
        @Override
        public void prepare(Progress progress) throws IOException, TranslateException {
            source.prepare(progress);
        }
    }
}
