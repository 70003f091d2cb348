/**
 * Datasets for the search and for training from scratch: Fashion-MNIST, CIFAR-10, CIFAR-100 and
 * image-folder trees, read from local files only, with a deterministic train/validation split
 * carved from the training set.
 *
 * <p>Entry point: {@link ai.mpnas.search.data.Datasets#load(DatasetSpec, ai.djl.ndarray.NDManager)}
 * with a {@link ai.mpnas.search.data.DatasetSpec}. Missing or corrupt files fail at load time with
 * an {@link ai.mpnas.search.data.InvalidDatasetException} that names the file and what was
 * expected.
 */
package ai.mpnas.search.data;
