package ai.mpnas.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooModel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;

class MpnasModelZooTest {

    @TempDir static Path tmp;
    static Path zoo;
    static PublishedModel leftRight;
    static PublishedModel topBottom;

    @BeforeAll
    static void publishTwoModels() throws Exception {
        zoo = tmp.resolve("zoo");
        Map<String, String> lrProps =
                TestModels.metadataProps("synthetic-halves", 0.91, 1.5e5, 0.42, 420_000);
        Map<String, String> tbProps =
                TestModels.metadataProps("synthetic-halves-tb", 0.95, 3.0e6, 1.7, 1_700_000);
        leftRight =
                ZooPublisher.builder()
                        .setZoo(zoo)
                        .setModelDir(
                                TestModels.exportDir(
                                        tmp.resolve("export-lr"),
                                        TestModels.Split.LEFT_RIGHT,
                                        lrProps))
                        .setCard(TestModels.card("halves-lr", "0.1.0", lrProps))
                        .build()
                        .publish();
        topBottom =
                ZooPublisher.builder()
                        .setZoo(zoo)
                        .setModelDir(
                                TestModels.exportDir(
                                        tmp.resolve("export-tb"),
                                        TestModels.Split.TOP_BOTTOM,
                                        tbProps))
                        .setCard(TestModels.card("halves-tb", "0.2.0", tbProps))
                        .build()
                        .publish();
        System.setProperty(ZooLocation.ZOO_URL, zoo.toUri().toString());
    }

    @AfterAll
    static void clearZoo() {
        System.clearProperty(ZooLocation.ZOO_URL);
    }

    private static Criteria.Builder<Image, Classifications> images() {
        return Criteria.builder().setTypes(Image.class, Classifications.class);
    }

    private static String classify(ZooModel<Image, Classifications> model, String bright, long seed)
            throws Exception {
        Image image =
                ImageFactory.getInstance()
                        .fromInputStream(new ByteArrayInputStream(TestModels.png(bright, seed)));
        try (Predictor<Image, Classifications> predictor = model.newPredictor()) {
            return predictor.predict(image).best().getClassName();
        }
    }

    @Test
    void registeredThroughServiceLoader() {
        assertTrue(ModelZoo.getModelZoo(MpnasModelZoo.GROUP_ID) instanceof MpnasModelZoo);
    }

    @Test
    void loadsByGroupAndArtifactAndClassifies() throws Exception {
        Criteria<Image, Classifications> criteria =
                images().optGroupId(MpnasModelZoo.GROUP_ID).optArtifactId("halves-lr").build();
        try (ZooModel<Image, Classifications> model = criteria.loadModel()) {
            assertEquals(leftRight.versionDir(), model.getModelPath());
            for (long seed = 0; seed < 5; seed++) {
                assertEquals("left", classify(model, "left", seed));
                assertEquals("right", classify(model, "right", seed));
            }
        }
    }

    @Test
    void filtersSelectTheModel() throws Exception {
        Criteria<Image, Classifications> byDataset =
                images().optGroupId(MpnasModelZoo.GROUP_ID)
                        .optFilter("dataset", "synthetic-halves-tb")
                        .build();
        try (ZooModel<Image, Classifications> model = byDataset.loadModel()) {
            assertEquals(topBottom.versionDir(), model.getModelPath());
            assertEquals("top", classify(model, "top", 7));
            assertEquals("bottom", classify(model, "bottom", 8));
        }
        // 1.5e5 nJ is at most 1 mJ, 3e6 nJ is not
        Criteria<Image, Classifications> byTier =
                images().optGroupId(MpnasModelZoo.GROUP_ID)
                        .optFilter("energyTier", "<=1mJ")
                        .optFilter("bits", "w2-8/a4-8")
                        .build();
        try (ZooModel<Image, Classifications> model = byTier.loadModel()) {
            assertEquals(leftRight.versionDir(), model.getModelPath());
        }
    }

    @Test
    void noMatchingFilterIsModelNotFound() {
        Criteria<Image, Classifications> criteria =
                images().optGroupId(MpnasModelZoo.GROUP_ID)
                        .optFilter("dataset", "imagenet")
                        .build();
        assertThrows(ModelNotFoundException.class, criteria::loadModel);
    }

    @Test
    void loadsThePublishedDirectoryThroughModelUrls() throws Exception {
        Path dir = ZooVerifier.verifyVersion(zoo, MpnasModelZoo.GROUP_ID, "halves-tb", "0.2.0");
        Criteria<Image, Classifications> criteria =
                images().optModelUrls(dir.toUri().toString()).build();
        try (ZooModel<Image, Classifications> model = criteria.loadModel()) {
            assertEquals("bottom", classify(model, "bottom", 3));
            assertEquals("top", classify(model, "top", 4));
        }
    }

    @Test
    void loadsFromTheWholeZooThroughModelUrls() throws Exception {
        Criteria<Image, Classifications> criteria =
                images().optModelUrls("mpnas:" + zoo.toUri())
                        .optFilter("dataset", "synthetic-halves-tb")
                        .build();
        try (ZooModel<Image, Classifications> model = criteria.loadModel()) {
            assertEquals(topBottom.versionDir(), model.getModelPath());
            assertEquals("bottom", classify(model, "bottom", 5));
        }
        Criteria<Image, Classifications> byArtifact =
                images().optModelUrls("mpnas:" + zoo).optArtifactId("halves-lr").build();
        try (ZooModel<Image, Classifications> model = byArtifact.loadModel()) {
            assertEquals(leftRight.versionDir(), model.getModelPath());
            assertEquals("left", classify(model, "left", 6));
        }
    }

    @Test
    void explicitZooLocation() throws Exception {
        Criteria<Image, Classifications> criteria =
                images().optModelZoo(new MpnasModelZoo(zoo.toString()))
                        .optArtifactId("halves-lr")
                        .build();
        try (ZooModel<Image, Classifications> model = criteria.loadModel()) {
            assertEquals("right", classify(model, "right", 11));
        }
    }
}
