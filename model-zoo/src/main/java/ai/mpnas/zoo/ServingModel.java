package ai.mpnas.zoo;

import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.repository.zoo.Criteria;

import java.nio.file.Path;
import java.util.Map;

/**
 * A model URL resolved the way DJL Serving resolves it, ready to become {@link Criteria}.
 *
 * @param modelUrl the URL DJL Serving was given (directory or archive)
 * @param modelDir the local directory holding the model files (the archive extracted)
 * @param modelName the model name DJL Serving infers from the URL
 * @param engine the engine from serving.properties
 * @param arguments the other serving.properties entries, passed as translator arguments
 * @param options the {@code option.*} entries without the prefix, passed to {@code Model.load}
 */
public record ServingModel(
        String modelUrl,
        Path modelDir,
        String modelName,
        String engine,
        Map<String, Object> arguments,
        Map<String, String> options) {

    /**
     * Returns DJL Serving's criteria: {@code Input} to {@code Output}.
     *
     * @return the criteria
     */
    public Criteria<Input, Output> criteria() {
        return criteria(Input.class, Output.class);
    }

    /**
     * Returns the same criteria for other input and output types (e.g. {@code Image} to {@code
     * Classifications}), which the translator factory named in serving.properties must support.
     *
     * @param input the input class
     * @param output the output class
     * @param <I> the input type
     * @param <O> the output type
     * @return the criteria
     */
    public <I, O> Criteria<I, O> criteria(Class<I> input, Class<O> output) {
        return Criteria.builder()
                .setTypes(input, output)
                .optModelUrls(modelUrl)
                .optModelName(modelName)
                .optEngine(engine)
                .optArguments(arguments)
                .optOptions(options)
                .build();
    }
}
