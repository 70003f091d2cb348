package ai.mpnas.plugin.space;

import ai.mpnas.formats.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One network of a search space: a choice per searchable block plus the space's fixed stem, head
 * and classifier. Reads from and writes to JSON ({@value #FORMAT}); the written file also holds the
 * compact code and the layer geometry, which are derived from the blocks and ignored on reading.
 *
 * <p>Activation bits of a layer are the bits of its input. A block's {@code abits} quantize its
 * ReLU6 activations, which are the inputs of its depthwise (when m &gt; 1) and project
 * convolutions. The linear bottleneck tensors between blocks have no fixed range and stay in
 * floating point during training; layers reading them (expand, a depthwise with m = 1, the head)
 * are costed at {@link #BOTTLENECK_BITS} bits.
 *
 * @param space the search space
 * @param blocks the choice of every searchable block
 */
public record Architecture(SearchSpace space, List<BlockChoice> blocks) {

    /** The format tag written in and required from architecture JSON. */
    public static final String FORMAT = "mpnas/architecture@1";

    /** The bits at which layers reading a linear bottleneck tensor are costed. */
    public static final int BOTTLENECK_BITS = 8;

    /**
     * Copies the block list so that an architecture is immutable.
     *
     * @param space the search space
     * @param blocks the choice of every searchable block
     */
    public Architecture {
        blocks = List.copyOf(blocks);
    }

    /**
     * Reads and validates an architecture from a JSON file.
     *
     * @param file the file
     * @return the architecture
     * @throws IOException if the file cannot be read
     * @throws SpecException if the content is invalid
     */
    public static Architecture load(Path file) throws IOException {
        return fromJson(Files.readString(file), file.toString());
    }

    /**
     * Parses and validates an architecture from JSON text.
     *
     * @param json the JSON text
     * @param source the file name used in error messages
     * @return the architecture
     * @throws SpecException if the content is invalid
     */
    public static Architecture fromJson(String json, String source) {
        return fromJson(SpecJson.parse(json, source), source);
    }

    /**
     * Validates an architecture from parsed JSON, e.g. the definition of a run's architecture file
     * ({@link ai.mpnas.formats.RunArchitecture#definition()}).
     *
     * @param json the JSON object
     * @param source the file name used in error messages
     * @return the architecture
     * @throws SpecException if the content is invalid
     */
    public static Architecture fromJson(JsonNode json, String source) {
        return SpecJson.readArchitecture(json, source);
    }

    /**
     * Parses a compact code ({@link #code()}) against a search space and validates it.
     *
     * @param space the search space
     * @param code the block codes joined by {@code -}
     * @return the architecture
     * @throws SpecException if the code does not fit the space
     */
    public static Architecture fromCode(SearchSpace space, String code) {
        List<BlockChoice> list = new ArrayList<>();
        String[] parts = code.split("-");
        for (int i = 0; i < parts.length; i++) {
            try {
                list.add(BlockChoice.parse(parts[i]));
            } catch (IllegalArgumentException e) {
                throw new SpecException(
                        "code",
                        "blocks[" + i + "]",
                        "bad code '" + parts[i] + "'",
                        "'skip' or e<m>k<k>w<wbits>a<abits>");
            }
        }
        Architecture architecture = new Architecture(space, list);
        architecture.validate("code");
        return architecture;
    }

    /**
     * Checks that there is one valid choice per block of the space.
     *
     * @param source the file name used in error messages
     * @throws SpecException naming the offending block and field
     */
    public void validate(String source) {
        try {
            space.validate(source);
        } catch (SpecException e) {
            throw e.withPathPrefix("search_space.");
        }
        if (blocks.size() != space.numBlocks()) {
            throw new SpecException(
                    source,
                    "blocks",
                    "has " + blocks.size() + " entries",
                    "exactly " + space.numBlocks() + " (one per searchable block)");
        }
        ChoiceSets c = space.choices();
        List<BlockSlot> slots = space.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            BlockChoice b = blocks.get(i);
            String path = "blocks[" + i + "]";
            if (b.skip()) {
                BlockSlot slot = slots.get(i);
                if (!c.s().contains(0)) {
                    throw new SpecException(
                            source, path + ".skip", "the search space offers no skip", "false");
                }
                if (!slot.keepsShape()) {
                    throw new SpecException(
                            source,
                            path + ".skip",
                            "block changes shape ("
                                    + slot.inChannels()
                                    + "->"
                                    + slot.outChannels()
                                    + " channels, stride "
                                    + slot.stride()
                                    + ") so it cannot be skipped",
                            "false");
                }
                continue;
            }
            member(source, path + ".m", b.m(), c.m());
            member(source, path + ".k", b.k(), c.k());
            member(source, path + ".wbits", b.wbits(), c.wbits());
            member(source, path + ".abits", b.abits(), c.abits());
        }
    }

    private static void member(String source, String path, int value, List<Integer> allowed) {
        if (!allowed.contains(value)) {
            throw new SpecException(source, path, "got " + value, "" + allowed);
        }
    }

    /**
     * Returns the compact code: the block codes joined by {@code -}, e.g. {@code
     * e6k3w8a8-skip-e3k5w4a6}.
     *
     * @return the code
     */
    public String code() {
        return blocks.stream().map(BlockChoice::code).collect(Collectors.joining("-"));
    }

    /**
     * Returns every convolution and fully connected layer with its geometry and bits, in network
     * order: {@code stem.conv}, per block {@code blockN.expand} (when m &gt; 1), {@code
     * blockN.depthwise}, {@code blockN.project}, then {@code head.conv} and {@code classifier.fc}.
     * Skipped blocks have no layers.
     *
     * @return the layers
     */
    public List<LayerGeometry> layers() {
        List<LayerGeometry> layers = new ArrayList<>();
        InputShape in = space.input();
        StemSpec stem = space.stem();
        layers.add(
                new LayerGeometry(
                        "stem.conv",
                        LayerType.CONV,
                        in.height(),
                        in.width(),
                        in.channels(),
                        stem.channels(),
                        stem.kernel(),
                        stem.stride(),
                        stem.kernel() / 2,
                        1,
                        stem.wbits(),
                        stem.abits(),
                        true));
        int h = 0;
        int w = 0;
        for (BlockSlot slot : space.blocks()) {
            h = slot.outHeight();
            w = slot.outWidth();
            BlockChoice b = blocks.get(slot.index());
            if (b.skip()) {
                continue;
            }
            String name = "block" + slot.index();
            int hidden = slot.inChannels() * b.m();
            int dwInputBits = BOTTLENECK_BITS;
            if (b.m() > 1) {
                layers.add(
                        new LayerGeometry(
                                name + ".expand",
                                LayerType.CONV,
                                slot.inHeight(),
                                slot.inWidth(),
                                slot.inChannels(),
                                hidden,
                                1,
                                1,
                                0,
                                1,
                                b.wbits(),
                                BOTTLENECK_BITS,
                                false));
                dwInputBits = b.abits();
            }
            layers.add(
                    new LayerGeometry(
                            name + ".depthwise",
                            LayerType.DWCONV,
                            slot.inHeight(),
                            slot.inWidth(),
                            hidden,
                            hidden,
                            b.k(),
                            slot.stride(),
                            b.k() / 2,
                            hidden,
                            b.wbits(),
                            dwInputBits,
                            false));
            layers.add(
                    new LayerGeometry(
                            name + ".project",
                            LayerType.CONV,
                            slot.outHeight(),
                            slot.outWidth(),
                            hidden,
                            slot.outChannels(),
                            1,
                            1,
                            0,
                            1,
                            b.wbits(),
                            b.abits(),
                            false));
        }
        List<BlockSlot> slots = space.blocks();
        int lastChannels = slots.get(slots.size() - 1).outChannels();
        HeadSpec head = space.head();
        layers.add(
                new LayerGeometry(
                        "head.conv",
                        LayerType.CONV,
                        h,
                        w,
                        lastChannels,
                        head.channels(),
                        1,
                        1,
                        0,
                        1,
                        head.wbits(),
                        head.abits(),
                        false));
        ClassifierSpec fc = space.classifier();
        layers.add(
                new LayerGeometry(
                        "classifier.fc",
                        LayerType.FC,
                        1,
                        1,
                        head.channels(),
                        space.classes(),
                        1,
                        1,
                        0,
                        1,
                        fc.wbits(),
                        fc.abits(),
                        false));
        return Collections.unmodifiableList(layers);
    }

    /**
     * Writes this architecture as pretty-printed JSON, including the derived code and layers.
     *
     * @return the JSON text
     */
    public String toJson() {
        return SpecJson.pretty(SpecJson.write(this));
    }

    /**
     * Writes this architecture to a file atomically.
     *
     * @param file the file
     * @throws IOException if writing fails
     */
    public void save(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }
}
