package ai.mpnas.cli;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.Classifications.Classification;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.ZooModel;
import ai.mpnas.zoo.ZooIntegrityException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mpnas predict}: classify pictures with an exported or published model, loaded through DJL
 * {@code Criteria} on ONNX Runtime as DJL Serving loads it (see {@link PredictionModel}).
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = {
            "Classify images with an exported or published model: ONNX Runtime through DJL"
                    + " Criteria, the load path of DJL Serving.",
            "Pictures are prepared as the model's serving.properties says (colour mode, size,"
                    + " scaled to [0, 1]; the normalisation is inside the graph), which must"
                    + " agree with the input recorded in its model.onnx.",
            "",
            "Examples:",
            "  mpnas predict --model runs/fmnist/export/onnx shoe.png bag.png",
            "  mpnas predict --model zoo --artifact fashion-mnist-demo --top-k 3 --json *.png"
        })
final class PredictCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "ZOO_OR_DIR",
            description = {
                "An export directory (mpnas export: RUN/export/onnx), a published version"
                        + " directory or its .zip, or a zoo (mpnas publish --zoo).",
                "A published version is checked against the SHA-1 in its metadata.json first."
            })
    Path model;

    @Option(
            names = "--artifact",
            paramLabel = "NAME",
            description =
                    "The model to take from a zoo (its newest version); needed when the zoo"
                            + " holds more than one.")
    String artifact;

    @Option(
            names = "--top-k",
            paramLabel = "K",
            defaultValue = "5",
            description = "Classes to print per image, most probable first (all of them when K"
                    + " is more than the model has). Default: ${DEFAULT-VALUE}.")
    int topK;

    @Option(
            names = "--json",
            description = "Print JSON: {model, top_k, predictions: [{image, classes: [{className,"
                    + " probability}]}]}.")
    boolean json;

    @Parameters(
            arity = "1..*",
            paramLabel = "IMAGE",
            description = "The pictures to classify (any format Java reads: PNG, JPEG, BMP, GIF).")
    List<Path> images;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        if (topK < 1) {
            throw new IllegalArgumentException(
                    "--top-k " + topK + ": allowed 1 or more (more than the model's classes"
                            + " prints them all)");
        }
        List<Image> pictures = new ArrayList<>();
        for (Path image : images) {
            pictures.add(readImage(image));
        }
        PredictionModel source = PredictionModel.resolve(model, artifact);
        if (source.isEmptyZoo()) {
            spec.commandLine().getErr().println(
                    "mpnas predict: " + model + ": the zoo holds no model (mpnas publish first)");
            return ExitCodes.NOT_FOUND;
        }
        List<List<Classification>> results = new ArrayList<>();
        Path modelDir;
        try (ZooModel<Image, Classifications> loaded = source.criteria().loadModel();
                Predictor<Image, Classifications> predictor = loaded.newPredictor()) {
            modelDir = loaded.getModelPath();
            PredictionModel.checkPreprocessing(modelDir);
            for (Image picture : pictures) {
                results.add(predictor.predict(picture).topK(topK));
            }
        } catch (ZooIntegrityException e) {
            // a published file changed behind the zoo's back: bad input, as for zoo verify
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        print(spec.commandLine().getOut(), source.describe(modelDir), results);
        return ExitCodes.OK;
    }

    /** Decodes one picture, naming the file and what is allowed when it cannot. */
    static Image readImage(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    file + ": no such image file; allowed: " + readableFormats());
        }
        try {
            return ImageFactory.getInstance().fromFile(file);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    file + ": not a readable image; allowed: " + readableFormats(), e);
        }
    }

    /** The picture formats this JVM decodes (Java's image readers, which DJL uses). */
    private static String readableFormats() {
        TreeSet<String> formats = new TreeSet<>();
        for (String suffix : ImageIO.getReaderFileSuffixes()) {
            if (!suffix.isEmpty()) {
                formats.add(suffix.toLowerCase(Locale.ROOT));
            }
        }
        return "an image file (" + String.join(", ", formats) + ")";
    }

    private void print(PrintWriter out, String modelName, List<List<Classification>> results)
            throws IOException {
        if (json) {
            ObjectNode root = MAPPER.createObjectNode();
            root.put("model", modelName);
            root.put("top_k", topK);
            ArrayNode predictions = root.putArray("predictions");
            for (int i = 0; i < images.size(); i++) {
                ObjectNode prediction = predictions.addObject();
                prediction.put("image", images.get(i).toString());
                ArrayNode classes = prediction.putArray("classes");
                for (Classification c : results.get(i)) {
                    classes.addObject()
                            .put("className", c.getClassName())
                            .put("probability", c.getProbability());
                }
            }
            out.println(MAPPER.writeValueAsString(root));
            return;
        }
        out.println("model: " + modelName);
        for (int i = 0; i < images.size(); i++) {
            out.println(images.get(i));
            List<Classification> top = results.get(i);
            for (int rank = 0; rank < top.size(); rank++) {
                out.printf(Locale.ROOT, "  %d  %.4f  %s%n",
                        rank + 1, top.get(rank).getProbability(), top.get(rank).getClassName());
            }
        }
    }
}
