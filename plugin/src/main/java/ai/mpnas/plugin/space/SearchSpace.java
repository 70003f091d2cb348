package ai.mpnas.plugin.space;

import ai.mpnas.formats.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * A MobileNetV2-shaped mixed-precision search space: a fixed stem, stages of searchable inverted
 * residual blocks, a fixed head and classifier, and the choice sets of every searchable block. A
 * search space is data: it reads from and writes to JSON ({@value #FORMAT}), and the presets are
 * JSON resources a user can copy and edit.
 *
 * @param id the identifier, e.g. {@code cifar}
 * @param description why the space looks as it does
 * @param input the input image shape
 * @param classes the number of classes
 * @param stem the fixed first convolution
 * @param stages the stages of searchable blocks
 * @param head the fixed last convolution
 * @param classifier the fixed classifier
 * @param choices the choice sets of every searchable block
 */
public record SearchSpace(
        String id,
        String description,
        InputShape input,
        int classes,
        StemSpec stem,
        List<Stage> stages,
        HeadSpec head,
        ClassifierSpec classifier,
        ChoiceSets choices) {

    /** The format tag written in and required from search-space JSON. */
    public static final String FORMAT = "mpnas/search-space@1";

    /** The names of the presets shipped as resources. */
    public static final List<String> PRESETS = List.of("imagenet", "cifar", "fashion-mnist");

    static final int MIN_BITS = 2;
    static final int MAX_BITS = 8;
    static final Set<Integer> KERNELS = Set.of(1, 3, 5, 7);
    static final int MAX_EXPANSION = 8;

    /**
     * Copies the stage list so that a search space is immutable.
     *
     * @param id the identifier
     * @param description why the space looks as it does
     * @param input the input image shape
     * @param classes the number of classes
     * @param stem the fixed first convolution
     * @param stages the stages of searchable blocks
     * @param head the fixed last convolution
     * @param classifier the fixed classifier
     * @param choices the choice sets of every searchable block
     */
    public SearchSpace {
        stages = List.copyOf(stages);
    }

    /**
     * Loads a preset shipped with mpnas.
     *
     * @param name one of {@link #PRESETS}
     * @return the search space
     * @throws SpecException if there is no such preset
     */
    public static SearchSpace preset(String name) {
        if (!PRESETS.contains(name)) {
            throw new SpecException(
                    "preset", "name", "unknown preset '" + name + "'", "" + PRESETS);
        }
        String resource = "presets/" + name + ".json";
        try (InputStream in = SearchSpace.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return fromJson(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), "preset " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads and validates a search space from a JSON file.
     *
     * @param file the file
     * @return the search space
     * @throws IOException if the file cannot be read
     * @throws SpecException if the content is invalid
     */
    public static SearchSpace load(Path file) throws IOException {
        return fromJson(Files.readString(file), file.toString());
    }

    /**
     * Parses and validates a search space from JSON text.
     *
     * @param json the JSON text
     * @param source the file or preset name used in error messages
     * @return the search space
     * @throws SpecException if the content is invalid
     */
    public static SearchSpace fromJson(String json, String source) {
        return SpecJson.readSearchSpace(SpecJson.parse(json, source), source, "");
    }

    /**
     * Writes this search space as pretty-printed JSON.
     *
     * @return the JSON text
     */
    public String toJson() {
        return SpecJson.pretty(SpecJson.write(this));
    }

    /**
     * Writes this search space to a file atomically.
     *
     * @param file the file
     * @throws IOException if writing fails
     */
    public void save(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }

    /**
     * Returns a copy of this search space with another number of classes (e.g. CIFAR-100).
     *
     * @param numClasses the number of classes
     * @return the copy
     */
    public SearchSpace withClasses(int numClasses) {
        SearchSpace copy =
                new SearchSpace(
                        id,
                        description,
                        input,
                        numClasses,
                        stem,
                        stages,
                        head,
                        classifier,
                        choices);
        copy.validate(id);
        return copy;
    }

    /**
     * Checks every field and throws on the first invalid one.
     *
     * @param source the file or preset name used in error messages
     * @throws SpecException if a field is invalid
     */
    public void validate(String source) {
        positive(source, "input.channels", input.channels());
        positive(source, "input.height", input.height());
        positive(source, "input.width", input.width());
        if (classes < 2) {
            throw new SpecException(source, "classes", "got " + classes, "an integer >= 2");
        }
        positive(source, "stem.channels", stem.channels());
        kernel(source, "stem.kernel", stem.kernel());
        stride(source, "stem.stride", stem.stride());
        bits(source, "stem.wbits", stem.wbits());
        bits(source, "stem.abits", stem.abits());
        if (stages.isEmpty()) {
            throw new SpecException(source, "stages", "is empty", "at least one stage");
        }
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            positive(source, "stages[" + i + "].channels", stage.channels());
            stride(source, "stages[" + i + "].stride", stage.stride());
            positive(source, "stages[" + i + "].blocks", stage.blocks());
        }
        positive(source, "head.channels", head.channels());
        bits(source, "head.wbits", head.wbits());
        bits(source, "head.abits", head.abits());
        bits(source, "classifier.wbits", classifier.wbits());
        bits(source, "classifier.abits", classifier.abits());
        validateChoices(source);
    }

    private void validateChoices(String source) {
        nonEmpty(source, "choices.s", choices.s());
        for (int i = 0; i < choices.s().size(); i++) {
            int s = choices.s().get(i);
            if (s != 0 && s != 1) {
                throw new SpecException(source, "choices.s[" + i + "]", "got " + s, "0 (skip), 1");
            }
        }
        if (!choices.s().contains(1)) {
            BlockSlot changing =
                    blocks().stream().filter(b -> !b.keepsShape()).findFirst().orElse(null);
            String where =
                    changing == null
                            ? "every block must be able to run"
                            : "block "
                                    + changing.index()
                                    + " changes shape ("
                                    + changing.inChannels()
                                    + "->"
                                    + changing.outChannels()
                                    + " channels, stride "
                                    + changing.stride()
                                    + ") and cannot be skipped";
            throw new SpecException(
                    source, "choices.s", "does not contain 1: " + where, "[1] or [0, 1]");
        }
        nonEmpty(source, "choices.m", choices.m());
        for (int i = 0; i < choices.m().size(); i++) {
            int m = choices.m().get(i);
            if (m < 1 || m > MAX_EXPANSION) {
                throw new SpecException(
                        source, "choices.m[" + i + "]", "got " + m, "integers 1.." + MAX_EXPANSION);
            }
        }
        nonEmpty(source, "choices.k", choices.k());
        for (int i = 0; i < choices.k().size(); i++) {
            kernel(source, "choices.k[" + i + "]", choices.k().get(i));
        }
        nonEmpty(source, "choices.wbits", choices.wbits());
        for (int i = 0; i < choices.wbits().size(); i++) {
            bits(source, "choices.wbits[" + i + "]", choices.wbits().get(i));
        }
        nonEmpty(source, "choices.abits", choices.abits());
        for (int i = 0; i < choices.abits().size(); i++) {
            bits(source, "choices.abits[" + i + "]", choices.abits().get(i));
        }
        unique(source, "choices.s", choices.s());
        unique(source, "choices.m", choices.m());
        unique(source, "choices.k", choices.k());
        unique(source, "choices.wbits", choices.wbits());
        unique(source, "choices.abits", choices.abits());
    }

    /**
     * Returns the geometry of every searchable block position, in network order.
     *
     * @return the block slots
     */
    public List<BlockSlot> blocks() {
        List<BlockSlot> slots = new ArrayList<>();
        int channels = stem.channels();
        int h = convOut(input.height(), stem.kernel(), stem.stride());
        int w = convOut(input.width(), stem.kernel(), stem.stride());
        for (int s = 0; s < stages.size(); s++) {
            Stage stage = stages.get(s);
            for (int b = 0; b < stage.blocks(); b++) {
                int stride = b == 0 ? stage.stride() : 1;
                int oh = convOut(h, 3, stride);
                int ow = convOut(w, 3, stride);
                slots.add(
                        new BlockSlot(
                                slots.size(), s, channels, stage.channels(), stride, h, w, oh, ow));
                channels = stage.channels();
                h = oh;
                w = ow;
            }
        }
        return Collections.unmodifiableList(slots);
    }

    /**
     * Returns the number of searchable blocks.
     *
     * @return the number of searchable blocks
     */
    public int numBlocks() {
        return stages.stream().mapToInt(Stage::blocks).sum();
    }

    /**
     * Returns whether block {@code index} may be skipped: the space offers s = 0 and the block
     * keeps its shape.
     *
     * @param index the block index
     * @return true if skip is a valid choice there
     */
    public boolean canSkip(int index) {
        return choices.s().contains(0) && blocks().get(index).keepsShape();
    }

    /**
     * Returns every distinct choice valid at block {@code index}: skip (where allowed) and every
     * combination of m, k, wbits and abits.
     *
     * @param index the block index
     * @return the choices, skip first
     */
    public List<BlockChoice> candidates(int index) {
        List<BlockChoice> list = new ArrayList<>();
        if (canSkip(index)) {
            list.add(BlockChoice.skipBlock());
        }
        for (int m : choices.m()) {
            for (int k : choices.k()) {
                for (int wb : choices.wbits()) {
                    for (int ab : choices.abits()) {
                        list.add(BlockChoice.of(m, k, wb, ab));
                    }
                }
            }
        }
        return list;
    }

    /**
     * Returns the reference architecture: every block with the largest expansion ratio, the
     * smallest kernel, no skips, and uniform bits (MobileNetV2's own shape when m = 6, k = 3).
     *
     * @param bits the weight and activation bits of every searchable block
     * @return the architecture
     */
    public Architecture reference(int bits) {
        int k = choices.k().stream().mapToInt(Integer::intValue).min().orElseThrow();
        List<BlockChoice> list = new ArrayList<>();
        for (int i = 0; i < numBlocks(); i++) {
            list.add(BlockChoice.of(choices.maxM(), k, bits, bits));
        }
        return new Architecture(this, list);
    }

    /**
     * Returns the spatial output size of a same-padded convolution with an odd kernel.
     *
     * @param size the input size
     * @param kernel the kernel size
     * @param stride the stride
     * @return the output size
     */
    static int convOut(int size, int kernel, int stride) {
        return (size + 2 * (kernel / 2) - kernel) / stride + 1;
    }

    private static void positive(String source, String path, int value) {
        if (value < 1) {
            throw new SpecException(source, path, "got " + value, "a positive integer");
        }
    }

    private static void stride(String source, String path, int value) {
        if (value != 1 && value != 2) {
            throw new SpecException(source, path, "got " + value, "1, 2");
        }
    }

    private static void kernel(String source, String path, int value) {
        if (!KERNELS.contains(value)) {
            throw new SpecException(source, path, "got " + value, "1, 3, 5, 7");
        }
    }

    static void bits(String source, String path, int value) {
        if (value < MIN_BITS || value > MAX_BITS) {
            throw new SpecException(
                    source,
                    path,
                    "got " + value + " bits",
                    "integers " + MIN_BITS + ".." + MAX_BITS);
        }
    }

    private static void nonEmpty(String source, String path, List<Integer> values) {
        if (values.isEmpty()) {
            throw new SpecException(source, path, "is empty", "a non-empty list");
        }
    }

    private static void unique(String source, String path, List<Integer> values) {
        if (Set.copyOf(values).size() != values.size()) {
            throw new SpecException(source, path, "has duplicates " + values, "distinct values");
        }
    }
}
