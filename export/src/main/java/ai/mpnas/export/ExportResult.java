package ai.mpnas.export;

import java.nio.file.Path;

/**
 * What an export wrote.
 *
 * @param directory the export directory ({@code model.onnx}, {@code serving.properties}, {@code
 *     synset.txt})
 * @param modelBytes the size of {@code model.onnx}
 * @param parameterBytes the bytes of the model's initializers (weights, scales, biases)
 * @param verification the comparison with the DJL forward that the export passed
 */
public record ExportResult(
        Path directory, long modelBytes, long parameterBytes, VerificationReport verification) {

    /**
     * Returns the path of {@code model.onnx}.
     *
     * @return the model file
     */
    public Path modelFile() {
        return directory.resolve(ModelExport.MODEL_FILE);
    }
}
