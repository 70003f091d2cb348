/**
 * A DJL model zoo for mpnas models, publishing into it, and DJL Serving's load path.
 *
 * <ul>
 *   <li>{@link ai.mpnas.zoo.ZooPublisher} publishes an exported model directory (model.onnx,
 *       serving.properties, synset.txt) with its {@link ai.mpnas.zoo.ModelCard} into a zoo
 *       directory in DJL's repository layout, atomically and safely under concurrency.
 *   <li>{@link ai.mpnas.zoo.MpnasModelZoo} (registered by {@link ai.mpnas.zoo.MpnasZooProvider})
 *       loads published models through DJL {@code Criteria}, from the zoo named by {@code
 *       MPNAS_ZOO_URL}, verifying every file's SHA-1; {@link ai.mpnas.zoo.ZooRepository} is the DJL
 *       repository underneath, local or remote.
 *   <li>{@link ai.mpnas.zoo.ZooCatalog} lists published models and picks the most accurate one
 *       within an energy budget.
 *   <li>{@link ai.mpnas.zoo.ServingModelLoader} turns a model directory or archive into the {@code
 *       Criteria} DJL Serving would build.
 * </ul>
 */
package ai.mpnas.zoo;
