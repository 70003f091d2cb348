package ai.mpnas.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads and checks one IDX file (the MNIST format: a big-endian magic number {@code 0x000008nn}
 * whose low byte is the number of dimensions, the dimension sizes as big-endian ints, then unsigned
 * bytes), gzip-compressed when its name ends in {@code .gz}.
 *
 * @param path the file read
 * @param bytes the whole decompressed file, header included
 * @param count the first dimension (number of images or labels)
 */
record IdxFile(Path path, byte[] bytes, int count) {

    /** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
    static final int IMAGES_MAGIC = 0x00000803;

    /** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
    static final int LABELS_MAGIC = 0x00000801;

    /** Header length of an image file: magic, count, rows, columns. */
    static final int IMAGES_HEADER = 16;

    /** Header length of a label file: magic, count. */
    static final int LABELS_HEADER = 8;

    /**
     * Reads an image file and checks its magic number, image size and length.
     *
     * @param path the file
     * @param rows the expected image height
     * @param cols the expected image width
     * @param hint appended to the message when the file is missing (where to get it)
     * @return the checked file
     * @throws InvalidDatasetException if the file is missing, not gzip, or has a wrong header or
     *     length
     */
    static IdxFile readImages(Path path, int rows, int cols, String hint) {
        byte[] bytes = readAll(path, "IDX images", hint);
        checkHeader(path, bytes, IMAGES_MAGIC, IMAGES_HEADER);
        ByteBuffer header = ByteBuffer.wrap(bytes);
        int count = header.getInt(4);
        int r = header.getInt(8);
        int c = header.getInt(12);
        if (r != rows || c != cols) {
            throw new InvalidDatasetException(
                    path, "expected " + rows + "x" + cols + " images, found " + r + "x" + c);
        }
        checkLength(path, bytes, IMAGES_HEADER, count, (long) rows * cols);
        return new IdxFile(path, bytes, count);
    }

    /**
     * Reads a label file and checks its magic number, length and that every label is a class.
     *
     * @param path the file
     * @param numClasses labels must be in {@code 0..numClasses-1}
     * @param hint appended to the message when the file is missing (where to get it)
     * @return the checked file
     * @throws InvalidDatasetException if the file is missing, not gzip, has a wrong header or
     *     length, or a label is out of range
     */
    static IdxFile readLabels(Path path, int numClasses, String hint) {
        byte[] bytes = readAll(path, "IDX labels", hint);
        checkHeader(path, bytes, LABELS_MAGIC, LABELS_HEADER);
        int count = ByteBuffer.wrap(bytes).getInt(4);
        checkLength(path, bytes, LABELS_HEADER, count, 1);
        for (int i = LABELS_HEADER; i < bytes.length; i++) {
            int label = Byte.toUnsignedInt(bytes[i]);
            if (label >= numClasses) {
                throw new InvalidDatasetException(
                        path,
                        "label "
                                + label
                                + " at index "
                                + (i - LABELS_HEADER)
                                + " is out of range 0.."
                                + (numClasses - 1));
            }
        }
        return new IdxFile(path, bytes, count);
    }

    private static byte[] readAll(Path path, String what, String hint) {
        boolean gzip = path.getFileName().toString().endsWith(".gz");
        try (InputStream raw = Files.newInputStream(path);
                InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
            return in.readAllBytes();
        } catch (NoSuchFileException e) {
            throw new InvalidDatasetException(path, "file not found, expected " + what + hint, e);
        } catch (ZipException | EOFException e) {
            throw new InvalidDatasetException(
                    path,
                    "expected gzip-compressed "
                            + what
                            + ", found corrupt or truncated gzip data ("
                            + e.getMessage()
                            + ")",
                    e);
        } catch (IOException e) {
            throw new InvalidDatasetException(
                    path, "cannot read " + what + " (" + e.getMessage() + ")", e);
        }
    }

    private static void checkHeader(Path path, byte[] bytes, int magic, int headerLength) {
        if (bytes.length < headerLength) {
            throw new InvalidDatasetException(
                    path,
                    "expected an IDX header of "
                            + headerLength
                            + " bytes, found only "
                            + bytes.length
                            + " bytes");
        }
        int found = ByteBuffer.wrap(bytes).getInt(0);
        if (found != magic) {
            throw new InvalidDatasetException(
                    path, String.format("expected IDX magic 0x%08X, found 0x%08X", magic, found));
        }
    }

    private static void checkLength(
            Path path, byte[] bytes, int headerLength, int count, long itemBytes) {
        long expected = headerLength + (long) count * itemBytes;
        if (count < 0 || bytes.length != expected) {
            throw new InvalidDatasetException(
                    path,
                    "expected "
                            + headerLength
                            + " + "
                            + count
                            + " x "
                            + itemBytes
                            + " = "
                            + expected
                            + " bytes (header count "
                            + count
                            + "), found "
                            + bytes.length
                            + (bytes.length < expected ? " (truncated)" : " (extra data)"));
        }
    }
}
