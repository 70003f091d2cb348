package ai.mpnas.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.ZooModel;
import ai.mpnas.cli.Main;
import ai.mpnas.zoo.ServingModelLoader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Using mpnas from Java" section, as written: its Java examples compile against the
 * build and run on a model trained, exported and published here; the install command and the
 * dependencies it names are the build's own, and every class the examples import comes from them.
 */
class ReadmeJavaTest {

    private static final Path ROOT = Path.of("..");
    private static final Path FIXTURE = ROOT.resolve("fixtures/fashion-mnist");
    private static final String SECTION = "### Using mpnas from Java";
    private static final String CODE = "skip-e3k5w4a8-e6k3w2a6-e1k7w8a4-skip-e3k3w6a2";
    private static final Pattern BLOCK = Pattern.compile("(?s)```(\\w+)\\n(.*?)```");

    @TempDir static Path work;

    private static Map<String, List<String>> blocks;
    private static Path classes;
    private static Path run;
    private static Path zoo;
    private static Path picture;

    @BeforeAll
    static void readTheSectionAndPublishAModel() throws Exception {
        blocks = codeBlocks(section());
        run = work.resolve("run");
        zoo = work.resolve("zoo");
        cli("train", "--baseline", "given", "--architecture", CODE, "--out", run.toString(),
                "--data-dir", FIXTURE.toString(), "--epochs", "1", "--train-limit", "640",
                "--test-limit", "200", "--no-progress");
        cli("export", "--run", run.toString(), "--data-dir", FIXTURE.toString());
        cli("publish", "--run", run.toString(), "--zoo", zoo.toString(), "--artifact",
                "fashion-mnist-demo");
        picture = firstTestPicture(work.resolve("0000-class9.png"));
    }

    @Test
    void theJavaExamplesCompileAsWritten() throws Exception {
        assertEquals(2, blocks.get("java").size(), "Java examples in the section");
        compiled();
    }

    @Test
    void theZooExampleClassifiesAsDjlServingDoes() throws Exception {
        List<String> printed = runMain("ClassifyWithTheZoo", zoo.toString(), picture.toString());
        assertEquals(1, printed.size(), printed.toString());
        Classifications.Classification expected =
                bestOf(zoo.resolve("ai/mpnas/zoo/fashion-mnist-demo/1.0"));
        assertEquals(expected.getClassName() + " " + expected.getProbability(), printed.get(0));
    }

    @Test
    void theRunExampleLoadsTheTrainedNetworkAndAgreesWithItsExport() throws Exception {
        List<String> printed = runMain("ClassifyWithARun", run.toString(), picture.toString());
        assertEquals(2, printed.size(), printed.toString());
        assertEquals(CODE, printed.get(0));
        Classifications.Classification exported = bestOf(run.resolve("export/onnx"));
        String line = printed.get(1);
        int space = line.lastIndexOf(' ');
        assertEquals(exported.getClassName(), line.substring(0, space));
        assertEquals(exported.getProbability(), Double.parseDouble(line.substring(space + 1)),
                1e-3, "the trained network and its ONNX export");
    }

    @Test
    void theInstallCommandAndTheDependenciesAreTheBuildsOwn() throws Exception {
        assertEquals(List.of("mvn -B install -DskipTests\n"), blocks.get("bash"));
        String rootPom = Files.readString(ROOT.resolve("pom.xml"));
        Map<String, String> versions = new HashMap<>();
        // the root pom's first <version> is its own (it has no parent)
        versions.put("ai.mpnas", tag(rootPom, "version"));
        versions.put("ai.djl.onnxruntime", tag(rootPom, "djl.version"));
        versions.put("ai.djl.mxnet:mxnet-engine", tag(rootPom, "djl.version"));
        versions.put("ai.djl.mxnet:mxnet-native-mkl", tag(rootPom, "mxnet.native.version"));
        List<String[]> dependencies = dependencies(blocks.get("xml").get(0));
        assertEquals(6, dependencies.size());
        for (String[] d : dependencies) {
            String version =
                    versions.getOrDefault(d[0], versions.get(d[0] + ":" + d[1]));
            assertEquals(version, d[2], d[0] + ":" + d[1]);
            if (d[0].equals("ai.mpnas")) {
                String module = d[1].substring("mpnas-".length());
                assertTrue(Files.readString(ROOT.resolve(module).resolve("pom.xml"))
                        .contains("<artifactId>" + d[1] + "</artifactId>"), d[1]);
            }
        }
        List<String> artifacts = new ArrayList<>(dependencies.stream().map(d -> d[1]).toList());
        artifacts.add("api");
        for (String source : blocks.get("java")) {
            Matcher imported = Pattern.compile("(?m)^import ([\\w.]+);").matcher(source);
            while (imported.find()) {
                String name = imported.group(1);
                if (!name.startsWith("java.")) {
                    String from = artifactOf(Class.forName(name));
                    assertTrue(artifacts.contains(from), name + " comes from " + from);
                }
            }
        }
    }

    private static void cli(String... args) {
        assertEquals(0, Main.newCommandLine().execute(args), String.join(" ", args));
    }

    private static String section() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf(SECTION);
        assertTrue(start >= 0, "README has the section " + SECTION);
        Matcher next = Pattern.compile("(?m)^#{1,3} ").matcher(readme);
        int end = next.find(start + SECTION.length()) ? next.start() : readme.length();
        return readme.substring(start, end);
    }

    private static Map<String, List<String>> codeBlocks(String text) {
        Map<String, List<String>> byLanguage = new HashMap<>();
        Matcher block = BLOCK.matcher(text);
        while (block.find()) {
            byLanguage.computeIfAbsent(block.group(1), k -> new ArrayList<>()).add(block.group(2));
        }
        return byLanguage;
    }

    /** Compiles the Java examples once, against the test classpath; fails on any diagnostic. */
    private static synchronized Path compiled() throws IOException {
        if (classes != null) {
            return classes;
        }
        Path sources = Files.createDirectories(work.resolve("readme-src"));
        Path out = Files.createDirectories(work.resolve("readme-classes"));
        List<File> files = new ArrayList<>();
        for (String source : blocks.get("java")) {
            Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
            assertTrue(name.find(), "each example is a public class:\n" + source);
            files.add(Files.writeString(sources.resolve(name.group(1) + ".java"), source).toFile());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager =
                javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            String classpath =
                    System.getProperty("surefire.test.class.path",
                            System.getProperty("java.class.path"));
            List<String> options =
                    List.of("-Xlint:all", "-classpath", classpath, "-d", out.toString());
            boolean ok = javac.getTask(null, fileManager, diagnostics, options, null,
                            fileManager.getJavaFileObjectsFromFiles(files))
                    .call();
            List<String> problems = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                problems.add(d.getKind() + " " + d.getSource().getName() + ":"
                        + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
            }
            assertTrue(ok && problems.isEmpty(), String.join("\n", problems));
        }
        classes = out;
        return out;
    }

    /** Runs an example's main method and returns the lines it printed. */
    private static List<String> runMain(String className, String... args) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (URLClassLoader loader =
                new URLClassLoader(
                        new URL[] {compiled().toUri().toURL()},
                        ReadmeJavaTest.class.getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            loader.loadClass(className)
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The best class of the picture, through DJL Serving's load path of a model directory. */
    private static Classifications.Classification bestOf(Path modelDir) throws Exception {
        try (ZooModel<Image, Classifications> model =
                        ServingModelLoader.resolve(modelDir.toString())
                                .criteria(Image.class, Classifications.class)
                                .loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            return predictor.predict(ImageFactory.getInstance().fromFile(picture)).best();
        }
    }

    /** The artifact a class was loaded from: a jar's name without its version, or a module. */
    private static String artifactOf(Class<?> type) {
        String location = type.getProtectionDomain().getCodeSource().getLocation().getPath();
        Matcher module = Pattern.compile("/([\\w-]+)/target/classes/?$").matcher(location);
        if (module.find()) {
            return "mpnas-" + module.group(1);
        }
        String jar = location.substring(location.lastIndexOf('/') + 1);
        return jar.replaceFirst("-\\d.*$", "");
    }

    private static List<String[]> dependencies(String xml) {
        List<String[]> found = new ArrayList<>();
        Matcher d = Pattern.compile("(?s)<dependency>(.*?)</dependency>").matcher(xml);
        while (d.find()) {
            String xmlOfOne = d.group(1);
            found.add(new String[] {
                tag(xmlOfOne, "groupId"), tag(xmlOfOne, "artifactId"), tag(xmlOfOne, "version")
            });
        }
        return found;
    }

    private static String tag(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        assertTrue(m.find(), name + " in " + xml);
        return m.group(1).strip();
    }

    /** The first test picture of the fixture (an ankle boot) as a grayscale PNG. */
    private static Path firstTestPicture(Path file) throws IOException {
        byte[] images;
        try (InputStream in = new GZIPInputStream(
                Files.newInputStream(FIXTURE.resolve("t10k-images-idx3-ubyte.gz")))) {
            images = in.readNBytes(16 + 784);
        }
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < 784; p++) {
            image.getRaster().setSample(p % 28, p / 28, 0, images[16 + p] & 0xff);
        }
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
