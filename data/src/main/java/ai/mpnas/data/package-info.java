/**
 * Datasets for the search and for training from scratch: Fashion-MNIST, CIFAR-10, CIFAR-100 and
 * image-folder trees, read from local files only, with a deterministic train/validation split
 * carved from the training set, seeded samplers and permutations, and the splits held in memory as
 * model inputs ({@link ai.mpnas.data.InMemoryImages}, {@link ai.mpnas.data.InMemorySplits}).
 *
 * <p>Entry point: {@link ai.mpnas.data.Datasets#load(DatasetSpec, ai.djl.ndarray.NDManager)}
 * with a {@link ai.mpnas.data.DatasetSpec}. Missing or corrupt files fail at load time with
 * an {@link ai.mpnas.data.InvalidDatasetException} that names the file and what was
 * expected.
 */
package ai.mpnas.data;
