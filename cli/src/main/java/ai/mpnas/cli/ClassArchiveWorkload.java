package ai.mpnas.cli;

import ai.mpnas.bitfusion.LayersJson;
import ai.mpnas.bitfusion.MobileNetV2Layers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The run the {@code ./mpnas} launcher makes its class-data sharing archive from, once per build
 * ({@code java -XX:ArchiveClassesAtExit=... ai.mpnas.cli.ClassArchiveWorkload}): the short
 * commands' usual paths in one JVM, so that later JVMs map the classes they load from the archive
 * instead of reading them from the jars. Prints nothing; exits non-zero if a command fails.
 */
public final class ClassArchiveWorkload {

    private ClassArchiveWorkload() {}

    /**
     * Runs {@code cost} on a layers file (table and JSON), on a preset, and {@code --help}.
     *
     * @param args ignored
     * @throws IOException if the temporary layers file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("mpnas-class-archive");
        Path layers = dir.resolve("layers.json");
        try {
            LayersJson.write(layers, MobileNetV2Layers.layers(4, 8, 1));
            run("cost", "--layers", layers.toString());
            run("cost", "--layers", layers.toString(), "--json");
            run("cost", "--preset", "fashion-mnist");
            run("--help");
        } finally {
            Files.deleteIfExists(layers);
            Files.delete(dir);
        }
    }

    private static void run(String... args) {
        CommandLine cmd = Main.newCommandLine();
        cmd.setOut(new PrintWriter(Writer.nullWriter()));
        cmd.setErr(new PrintWriter(Writer.nullWriter()));
        int code = cmd.execute(args);
        if (code != ExitCodes.OK) {
            throw new IllegalStateException(
                    "mpnas " + String.join(" ", args) + " exited with " + code);
        }
    }
}
