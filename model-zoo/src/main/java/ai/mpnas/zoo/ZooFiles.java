package ai.mpnas.zoo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The checksum of the zoo's files (their atomic writing is {@code AtomicFiles}'). */
final class ZooFiles {

    private ZooFiles() {}

    /**
     * Computes the SHA-1 of a file, as DJL checks downloaded files.
     *
     * @param file the file
     * @return lower-case hex SHA-1
     * @throws IOException if the file cannot be read
     */
    static String sha1(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-1", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream is = Files.newInputStream(file)) {
            for (int n = is.read(buf); n >= 0; n = is.read(buf)) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
