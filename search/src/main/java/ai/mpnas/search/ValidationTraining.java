package ai.mpnas.search;

import ai.mpnas.data.InMemorySplits;
import ai.mpnas.formats.AtomicFiles;
import ai.mpnas.plugin.space.Architecture;
import ai.mpnas.training.ScratchTraining;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trains an architecture briefly on the training part of a split carved from the training set and
 * scores it on the validation part, in a directory of its own, never reading the test set: the
 * random baseline's candidates ({@link RandomBaseline}) and the ranking check's architectures
 * ({@link RankCheck}). The scores land in {@link #FILE} when training ends; a resumed run reads
 * them back (after checking they are the same architecture and recipe) and continues a killed
 * training from its epoch checkpoint.
 */
final class ValidationTraining {

    /** A finished training's scores, in its directory. */
    static final String FILE = "validation.json";

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ValidationTraining() {}

    /**
     * Trains and scores one architecture, or reads it back when resuming and it has finished.
     *
     * @param training the recipe (its seed, batch, learning rate, resume)
     * @param selection the split: its training part trains, its validation part scores
     * @param epochs the epochs of this brief training
     * @param dir the architecture's directory
     * @param arch the architecture
     * @param pricing the Bit Fusion pricing of its {@code architecture.json}
     * @param origin what the architecture is, recorded in its files
     * @return its validation scores
     * @throws IOException if files cannot be read or written
     * @throws IllegalArgumentException if a kept result is of another architecture or recipe
     */
    static Scored train(RunTraining training, InMemorySplits selection, int epochs, Path dir,
            Architecture arch, RunFiles.Pricing pricing, String origin) throws IOException {
        Path file = dir.resolve(FILE);
        ObjectNode recipe = training.recipe(origin, epochs, selection.train().size());
        recipe.put("validation_images", selection.validation().size());
        // through text, so a float written and a double read back compare equal
        JsonNode expected = MAPPER.readTree(MAPPER.writeValueAsString(recipe));
        if (training.resume() && Files.isRegularFile(file)) {
            JsonNode kept = MAPPER.readTree(file.toFile());
            requireSame(file, "architecture", new TextNode(arch.code()), kept.path("architecture"));
            requireSame(file, "training", expected, kept.path("training"));
            return new Scored(dir, arch, kept.path("energy_nJ").asDouble(),
                    kept.path("validation_top1").asDouble(),
                    kept.path("validation_loss").asDouble());
        }
        Files.createDirectories(dir);
        RunFiles.writeArchitecture(dir, arch, pricing, origin);
        ScratchTraining.Report report =
                training.fit(dir, arch, selection.train(), selection.validation(), epochs);
        Scored scored = new Scored(dir, arch, pricing.cost(arch).energyTotalNj(), report.top1(),
                report.loss());
        ObjectNode json = scored.toJson();
        json.set("training", expected);
        AtomicFiles.writeString(file, MAPPER.writeValueAsString(json));
        return scored;
    }

    /**
     * Throws unless a kept value is what this run would write.
     *
     * @param file the file that holds it, for the message
     * @param field its field
     * @param expected this run's value
     * @param found the kept value
     * @throws IllegalArgumentException naming the file, the field and both values
     */
    static void requireSame(Path file, String field, JsonNode expected, JsonNode found) {
        if (!expected.equals(found)) {
            throw new IllegalArgumentException(
                    file + ": " + field + " is " + found + " but this run has " + expected
                            + "; resume with the same seed, budget and options, or use a new"
                            + " --out");
        }
    }

    /**
     * An architecture with its validation scores.
     *
     * @param dir its directory
     * @param architecture the architecture
     * @param energyNj its energy
     * @param top1 its validation top-1 accuracy
     * @param loss its validation loss
     */
    record Scored(Path dir, Architecture architecture, double energyNj, double top1,
            double loss) {

        /** The scores as written in {@link #FILE}. */
        ObjectNode toJson() {
            ObjectNode n = MAPPER.createObjectNode();
            n.put("dir", dir.getFileName().toString());
            n.put("architecture", architecture.code());
            n.put("energy_nJ", energyNj);
            n.put("validation_top1", top1);
            n.put("validation_loss", loss);
            return n;
        }
    }
}
