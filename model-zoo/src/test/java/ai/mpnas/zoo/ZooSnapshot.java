package ai.mpnas.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The visible content of a zoo: every non-hidden file and directory with a content hash. The random
 * publish id is left out of metadata.json so that two runs of the same publish compare equal.
 */
final class ZooSnapshot {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ZooSnapshot() {}

    static Map<String, String> of(Path zoo) throws IOException {
        Map<String, String> map = new TreeMap<>();
        if (!Files.exists(zoo)) {
            return map;
        }
        try (Stream<Path> walk = Files.walk(zoo)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path rel = zoo.relativize(p);
                if (p.equals(zoo) || hidden(rel)) {
                    continue;
                }
                String key = rel.toString().replace('\\', '/');
                if (Files.isDirectory(p)) {
                    map.put(key + '/', "dir");
                } else if (p.getFileName().toString().equals("metadata.json")) {
                    map.put(key, md5(withoutPublishId(Files.readAllBytes(p))));
                } else {
                    map.put(key, md5(Files.readAllBytes(p)));
                }
            }
        }
        return map;
    }

    private static boolean hidden(Path rel) {
        for (Path part : rel) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static byte[] withoutPublishId(byte[] json) throws IOException {
        JsonNode root = JSON.readTree(json);
        for (JsonNode artifact : root.path("artifacts")) {
            ((ObjectNode) artifact.get("properties")).remove(PublishTransaction.PUBLISH_ID);
        }
        return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
