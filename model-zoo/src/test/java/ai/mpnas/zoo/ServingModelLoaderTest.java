package ai.mpnas.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.repository.zoo.ZooModel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Replays DJL Serving's load path on a published directory and on its archive. */
class ServingModelLoaderTest {

    @TempDir static Path tmp;
    static PublishedModel published;

    @BeforeAll
    static void publish() throws Exception {
        Map<String, String> props =
                TestModels.metadataProps("synthetic-halves", 0.9, 2.0e5, 0.5, 500_000);
        published =
                ZooPublisher.builder()
                        .setZoo(tmp.resolve("zoo"))
                        .setModelDir(
                                TestModels.exportDir(
                                        tmp.resolve("export"), TestModels.Split.LEFT_RIGHT, props))
                        .setCard(TestModels.card("halves", "1.0.0", props))
                        .build()
                        .publish();
    }

    @Test
    void servesTheVersionDirectory() throws Exception {
        ServingModel serving =
                ServingModelLoader.resolve(published.versionDir().toUri().toString());
        assertEquals(published.versionDir(), serving.modelDir());
        assertEquals("OnnxRuntime", serving.engine());
        // DJL Serving names a directory model after the directory, non-word characters as '_'
        assertEquals("1_0_0", serving.modelName());
        assertEquals(
                "ai.djl.modality.cv.translator.ImageClassificationTranslatorFactory",
                serving.arguments().get("translatorFactory"));
        assertServes(serving);
    }

    @Test
    void servesTheArchive() throws Exception {
        assertEquals(ZooFiles.sha1(published.archive()), published.archiveSha1());
        try (InputStream is = Files.newInputStream(published.archive());
                ZipInputStream zip = new ZipInputStream(is)) {
            int entries = 0;
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                assertTrue(
                        ZooPublisher.REQUIRED_FILES.contains(e.getName()), "entry " + e.getName());
                byte[] inArchive = zip.readAllBytes();
                byte[] inDir = Files.readAllBytes(published.versionDir().resolve(e.getName()));
                assertArrayEquals(inDir, inArchive, e.getName());
                entries++;
            }
            assertEquals(3, entries);
        }
        ServingModel serving = ServingModelLoader.resolve(published.archive().toString());
        // an archive model is named after the file without its extension
        assertEquals("halves_1_0_0", serving.modelName());
        // extracted into DJL's cache, not read from the zoo
        assertTrue(Files.isRegularFile(serving.modelDir().resolve("model.onnx")));
        assertFalse(serving.modelDir().startsWith(tmp), serving.modelDir().toString());
        assertServes(serving);
    }

    private static void assertServes(ServingModel serving) throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (ZooModel<Input, Output> model = serving.criteria().loadModel();
                Predictor<Input, Output> predictor = model.newPredictor()) {
            for (String bright : new String[] {"left", "right"}) {
                Input input = new Input();
                input.add(TestModels.png(bright, bright.length()));
                Output output = predictor.predict(input);
                assertEquals(200, output.getCode());
                JsonNode top = json.readTree(output.getData().getAsString());
                assertEquals(2, top.size(), "topK=2 from serving.properties");
                assertEquals(bright, top.get(0).get("className").asText());
                double p0 = top.get(0).get("probability").asDouble();
                double p1 = top.get(1).get("probability").asDouble();
                assertEquals(1.0, p0 + p1, 1e-5, "applySoftmax=true from serving.properties");
                assertTrue(p0 > 0.99, "a clear picture is classified with confidence: " + p0);
            }
        }
    }
}
