package ai.mpnas.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and checks one file of the CIFAR binary format: fixed-size records of label bytes followed
 * by 3072 pixel bytes (the R, G and B planes of a 32x32 image, row-major).
 */
final class CifarFile {

    /** Image side in pixels. */
    static final int SIDE = 32;

    /** Pixel bytes per record: 3 channels of 32x32. */
    static final int PIXELS = 3 * SIDE * SIDE;

    private CifarFile() {}

    /**
     * Reads a file and checks that it holds whole records whose label bytes are in range.
     *
     * @param path the file
     * @param labelNames the name of each leading label byte, e.g. {@code {"label"}} for CIFAR-10 or
     *     {@code {"coarse label", "fine label"}} for CIFAR-100
     * @param numClasses the number of classes of each label byte, in the same order
     * @return the file's bytes
     * @throws InvalidDatasetException if the file is missing or empty, its size is not a multiple
     *     of the record size, or a label is out of range
     */
    static byte[] read(Path path, String[] labelNames, int[] numClasses) {
        int labelBytes = labelNames.length;
        int recordSize = labelBytes + PIXELS;
        String format = labelBytes + " label byte" + (labelBytes > 1 ? "s" : "") + " + 3072 pixels";
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InvalidDatasetException(
                    path,
                    "file not found, expected CIFAR binary records of "
                            + recordSize
                            + " bytes ("
                            + format
                            + ")",
                    e);
        } catch (IOException e) {
            throw new InvalidDatasetException(path, "cannot read (" + e.getMessage() + ")", e);
        }
        if (bytes.length == 0 || bytes.length % recordSize != 0) {
            throw new InvalidDatasetException(
                    path,
                    "size "
                            + bytes.length
                            + " is not a "
                            + (bytes.length == 0 ? "positive " : "")
                            + "multiple of "
                            + recordSize
                            + " bytes (one record: "
                            + format
                            + ")");
        }
        for (int offset = 0; offset < bytes.length; offset += recordSize) {
            for (int b = 0; b < labelBytes; b++) {
                int label = Byte.toUnsignedInt(bytes[offset + b]);
                if (label >= numClasses[b]) {
                    throw new InvalidDatasetException(
                            path,
                            labelNames[b]
                                    + " "
                                    + label
                                    + " of record "
                                    + offset / recordSize
                                    + " is out of range 0.."
                                    + (numClasses[b] - 1));
                }
            }
        }
        return bytes;
    }
}
