package ai.mpnas.export;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.transform.Resize;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.modality.cv.translator.ImageClassificationTranslator;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.translate.Transform;
import ai.djl.translate.Translator;
import ai.mpnas.plugin.nn.FixedNetwork;
import ai.mpnas.plugin.nn.FixedNetworkBlockFactory;
import ai.mpnas.plugin.space.InputShape;
import ai.mpnas.plugin.space.Normalization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The trained DJL model of a run ({@code model/}, after {@code mpnas train}) through DJL's {@link
 * Criteria}, the way DJL loads any model: the parameters on the engine that trained them, the
 * {@link FixedNetwork} built by {@link FixedNetworkBlockFactory} from {@code
 * model/architecture.json}, and a translator that prepares pictures as training did (decoded in
 * the network's colour mode, resized, scaled to [0, 1], normalised with the run's constants).
 *
 * <pre>
 * try (ZooModel&lt;Image, Classifications&gt; model = RunModel.criteria(run).loadModel();
 *         Predictor&lt;Image, Classifications&gt; predictor = model.newPredictor()) {
 *     Classifications classes = predictor.predict(image);
 * }
 * </pre>
 *
 * <p>It computes what the run's ONNX export computes, on the training engine rather than ONNX
 * Runtime: the export is verified against this network.
 */
public final class RunModel {

    private RunModel() {}

    /**
     * Returns the criteria that load a run's trained model as an image classifier.
     *
     * @param runDir the run directory (holding {@code model/}, {@code metrics.json} and {@code
     *     architecture.json})
     * @return the criteria; {@code loadModel()} loads the parameters
     * @throws InvalidRunException naming the missing or invalid file
     * @throws IOException if a file cannot be read
     */
    public static Criteria<Image, Classifications> criteria(Path runDir) throws IOException {
        Path modelDir = runDir.resolve("model");
        if (!Files.isDirectory(modelDir)) {
            throw new InvalidRunException(
                    modelDir + ": no trained model; run 'mpnas train --run " + runDir + "' first");
        }
        RunFileSet files = RunExport.read(runDir);
        Provenance provenance = files.provenance();
        InputShape input =
                FixedNetwork.fromModelDirectory(modelDir).getArchitecture().space().input();
        return Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelPath(modelDir)
                .optModelName(FixedNetwork.MODEL_NAME)
                .optEngine(files.engine())
                .optArgument(FixedNetworkBlockFactory.ARGUMENT, new FixedNetworkBlockFactory())
                .optTranslator(
                        translator(input, provenance.normalization(), provenance.classes()))
                .build();
    }

    /**
     * Returns an image classification translator for a network trained on normalised pictures:
     * decode in the network's colour mode, resize to its input, scale to [0, 1] ({@code
     * ToTensor}), subtract the mean and divide by the standard deviation per channel; softmax
     * probabilities over the classes.
     *
     * @param input the network's input shape
     * @param normalization the training normalisation, one constant per input channel
     * @param classes the class names in output order
     * @return the translator
     * @throws IllegalArgumentException if the normalisation has another channel count
     */
    public static Translator<Image, Classifications> translator(
            InputShape input, Normalization normalization, List<String> classes) {
        if (normalization.channels() != input.channels()) {
            throw new IllegalArgumentException(
                    "normalization has "
                            + normalization.channels()
                            + " channel(s), the network takes "
                            + input.channels());
        }
        return ImageClassificationTranslator.builder()
                .optFlag(input.channels() == 1 ? Image.Flag.GRAYSCALE : Image.Flag.COLOR)
                .setImageSize(input.width(), input.height())
                .addTransform(new Resize(input.width(), input.height()))
                .addTransform(new ToTensor())
                .addTransform(perChannel(normalization))
                .optSynset(classes)
                .optApplySoftmax(true)
                .build();
    }

    /**
     * {@code (x - mean[c]) / std[c]} on a CHW image with constants shaped (C, 1, 1): DJL's own
     * {@code Normalize} builds three-channel constants on engines other than MXNet, which a
     * grayscale network cannot take.
     */
    private static Transform perChannel(Normalization normalization) {
        float[] mean = normalization.mean();
        float[] std = normalization.std();
        Shape shape = new Shape(mean.length, 1, 1);
        return array -> {
            NDManager manager = array.getManager();
            return array.sub(manager.create(mean, shape)).div(manager.create(std, shape));
        };
    }
}
