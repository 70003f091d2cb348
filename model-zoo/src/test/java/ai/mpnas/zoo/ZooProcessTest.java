package ai.mpnas.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Publishes from several threads and processes, and kills publishing processes. */
class ZooProcessTest {

    private static final String INDEX = "ai/mpnas/zoo/index.json";
    private static final String METADATA = "ai/mpnas/zoo/halves/metadata.json";

    @TempDir Path tmp;

    private PublishedModel publish(Path zoo, Path dir, String artifact, String version)
            throws IOException {
        return ZooPublisher.builder()
                .setZoo(zoo)
                .setModelDir(dir)
                .setCard(TestModels.card(artifact, version, PublishChild.PROPS))
                .build()
                .publish();
    }

    private Path export(String name, TestModels.Split split) {
        return TestModels.exportDir(tmp.resolve(name), split, PublishChild.PROPS);
    }

    private static Set<String> versions(Path zoo, String artifact) throws IOException {
        JsonNode metadata =
                new ObjectMapper()
                        .readTree(
                                zoo.resolve("ai/mpnas/zoo/" + artifact + "/metadata.json")
                                        .toFile());
        Set<String> versions = new TreeSet<>();
        for (JsonNode a : metadata.get("artifacts")) {
            versions.add(a.get("version").asText());
            ZooVerifier.verifyVersion(
                    zoo, MpnasModelZoo.GROUP_ID, artifact, a.get("version").asText());
        }
        return versions;
    }

    @Test
    void concurrentThreadsAllLand() throws Exception {
        Path zoo = tmp.resolve("zoo");
        Path lr = export("lr", TestModels.Split.LEFT_RIGHT);
        int threads = 4;
        int perThread = 3;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            futures.add(
                    pool.submit(
                            () -> {
                                start.await();
                                for (int i = 0; i < perThread; i++) {
                                    publish(zoo, lr, "halves", id + "." + i);
                                    publish(zoo, lr, "solo" + id, "1." + i);
                                }
                                return null;
                            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        Set<String> expected = new TreeSet<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                expected.add(t + "." + i);
            }
            assertEquals(Set.of("1.0", "1.1", "1.2"), versions(zoo, "solo" + t));
        }
        assertEquals(expected, versions(zoo, "halves"));
        assertEquals(
                List.of("halves", "solo0", "solo1", "solo2", "solo3"),
                new ArrayList<>(ZooIndex.scan(zoo.resolve("ai/mpnas/zoo")).artifacts()));
        JsonNode index = new ObjectMapper().readTree(zoo.resolve(INDEX).toFile());
        assertEquals(5, index.get("artifacts").size());
        ZooPublisherTest.assertNoStaging(zoo);
    }

    @Test
    void concurrentProcessesAllLand() throws Exception {
        Path zoo = tmp.resolve("zoo");
        Path lr = export("lr", TestModels.Split.LEFT_RIGHT);
        Path tb = export("tb", TestModels.Split.TOP_BOTTOM);
        Process a = PublishChild.start(zoo, lr, "halves", "1.0,1.1,1.2,1.3,1.4", false, "none");
        Process b = PublishChild.start(zoo, tb, "halves", "2.0,2.1,2.2,2.3,2.4", false, "none");
        assertEquals(0, a.waitFor(), "child a exit code");
        assertEquals(0, b.waitFor(), "child b exit code");
        assertEquals(
                Set.of("1.0", "1.1", "1.2", "1.3", "1.4", "2.0", "2.1", "2.2", "2.3", "2.4"),
                versions(zoo, "halves"));
        ZooPublisherTest.assertNoStaging(zoo);
    }

    /** Starts a child, waits until it reports the step, and kills it there. */
    private static void killAt(Process child, PublishStep step) throws Exception {
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("STEP " + step + " ")) {
                    child.destroyForcibly();
                    child.waitFor();
                    return;
                }
            }
        }
        throw new AssertionError("the child ended without reaching " + step);
    }

    private Map<String, String> expectedAfter(boolean force) throws IOException {
        Path reference = tmp.resolve("reference");
        publish(reference, export("ref-lr", TestModels.Split.LEFT_RIGHT), "halves", "0.1.0");
        ZooPublisher.builder()
                .setZoo(reference)
                .setModelDir(export("ref-tb", TestModels.Split.TOP_BOTTOM))
                .setCard(TestModels.card("halves", force ? "0.1.0" : "0.2.0", PublishChild.PROPS))
                .optForce(force)
                .build()
                .publish();
        return ZooSnapshot.of(reference);
    }

    @ParameterizedTest
    @EnumSource(
            value = PublishStep.class,
            mode = EnumSource.Mode.EXCLUDE,
            names = {"OLD_MOVED_ASIDE", "INDEXED"})
    void killedPublishLeavesTheZooAsItWasOrPublished(PublishStep step) throws Exception {
        killedPublish(step, false);
    }

    @ParameterizedTest
    @EnumSource(value = PublishStep.class, mode = EnumSource.Mode.EXCLUDE, names = "INDEXED")
    void killedReplacementLeavesTheOldOrTheNewVersion(PublishStep step) throws Exception {
        killedPublish(step, true);
    }

    private void killedPublish(PublishStep step, boolean force) throws Exception {
        Path zoo = tmp.resolve("zoo");
        publish(zoo, export("lr", TestModels.Split.LEFT_RIGHT), "halves", "0.1.0");
        Map<String, String> before = ZooSnapshot.of(zoo);
        Map<String, String> after = expectedAfter(force);
        Process child =
                PublishChild.start(
                        zoo,
                        export("tb", TestModels.Split.TOP_BOTTOM),
                        "halves",
                        force ? "0.1.0" : "0.2.0",
                        force,
                        step.name());
        killAt(child, step);

        boolean committed = step.compareTo(PublishStep.COMMITTED) >= 0;
        // what readers see, before anything repairs the zoo: the old or the new metadata.json
        String metadata = ZooSnapshot.of(zoo).get(METADATA);
        assertEquals(committed ? after.get(METADATA) : before.get(METADATA), metadata);

        // reading the catalog lets an idle artifact roll back the killed publish
        assertEquals(committed && !force ? 2 : 1, ZooCatalog.of(zoo).list().size());
        Map<String, String> now = ZooSnapshot.of(zoo);
        if (committed) {
            now.remove(INDEX);
            after.remove(INDEX);
            assertEquals(after, now);
        } else {
            assertEquals(before, now);
        }
        ZooPublisherTest.assertNoStaging(zoo);
        // and the zoo keeps working
        publish(zoo, export("next", TestModels.Split.LEFT_RIGHT), "halves", "0.3.0");
        assertTrue(versions(zoo, "halves").contains("0.3.0"));
    }

    /** Runs a child to the end and returns the time from its first publish to DONE, in ms. */
    private static long timePublish(Process child) throws Exception {
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long start = 0;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (start == 0 && line.startsWith("PUBLISHING ")) {
                    start = System.nanoTime();
                }
                if (line.equals("DONE")) {
                    break;
                }
            }
            assertEquals(0, child.waitFor());
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    @Test
    void killedAtRandomTimes() throws Exception {
        Random random = new Random(42);
        Path tb = export("tb", TestModels.Split.TOP_BOTTOM);
        Path zoo = tmp.resolve("zoo");
        publish(zoo, export("lr", TestModels.Split.LEFT_RIGHT), "halves", "0.1.0");
        // how long the two publishes of a child take, so that the kills spread over staging,
        // renames and commits on any machine
        long span =
                timePublish(PublishChild.start(zoo, tb, "halves", "0.2.0,0.3.0", false, "none"));
        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, Integer> reached = new TreeMap<>();
        for (int round = 0; round < 10; round++) {
            Set<String> before = versions(zoo, "halves");
            Process child =
                    PublishChild.start(
                            zoo, tb, "halves", "1." + round + ",2." + round, false, "none");
            List<String> lines = new CopyOnWriteArrayList<>();
            CountDownLatch ready = new CountDownLatch(1);
            Thread reader =
                    new Thread(
                            () -> {
                                try (BufferedReader out =
                                        new BufferedReader(
                                                new InputStreamReader(
                                                        child.getInputStream(),
                                                        StandardCharsets.UTF_8))) {
                                    for (String l = out.readLine(); l != null; l = out.readLine()) {
                                        lines.add(l);
                                        if (l.startsWith("PUBLISHING ")) {
                                            ready.countDown();
                                        }
                                    }
                                } catch (IOException e) {
                                    // the pipe closes when the child is killed
                                }
                            });
            reader.start();
            assertTrue(ready.await(1, TimeUnit.MINUTES), "child started");
            Thread.sleep(random.nextInt((int) span + 1));
            child.destroyForcibly();
            child.waitFor();
            reader.join();
            String last = lines.get(lines.size() - 1);
            reached.merge(
                    last.contains(" ") ? last.substring(0, last.lastIndexOf(' ')) : last,
                    1,
                    Integer::sum);
            ZooCatalog.of(zoo).list();
            Set<String> now = versions(zoo, "halves");
            // each publish is all or nothing, and the second only after the first
            Set<String> first = new TreeSet<>(before);
            first.add("1." + round);
            Set<String> both = new TreeSet<>(first);
            both.add("2." + round);
            String outcome =
                    now.equals(before)
                            ? "none"
                            : now.equals(first) ? "first" : now.equals(both) ? "both" : null;
            assertTrue(outcome != null, "round " + round + ": " + now);
            outcomes.merge(outcome, 1, Integer::sum);
            ZooPublisherTest.assertNoStaging(zoo);
            for (String entry : ZooSnapshot.of(zoo).keySet()) {
                String rel = entry.replace("ai/mpnas/zoo/halves/", "");
                if (entry.startsWith("ai/mpnas/zoo/halves/") && rel.indexOf('/') > 0) {
                    // every version directory on disk is one that metadata.json lists
                    assertTrue(now.contains(rel.substring(0, rel.indexOf('/'))), entry);
                }
            }
        }
        System.out.println(
                "killed publishes up to "
                        + span
                        + " ms after they started: "
                        + outcomes
                        + ", last steps "
                        + reached);
    }
}
