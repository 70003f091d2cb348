package ai.mpnas.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The claim on a point directory: exclusive, released, and broken only when its holder is dead. */
class PointClaimTest {

    private static final PointClaim.Policy FAST = new PointClaim.Policy(Duration.ofSeconds(2), Duration.ofMillis(20));

    private final StringWriter logged = new StringWriter();
    private final PrintWriter log = new PrintWriter(logged, true);

    /** Writes a claim as another holder would have left it, heartbeat at {@code beat}. */
    private static void plant(Path dir, PointClaim.Owner owner, Instant beat) throws IOException {
        Path claim = Files.createDirectories(dir.resolve(PointClaim.NAME));
        Path file = claim.resolve("owner.json");
        Files.writeString(file, new ObjectMapper().writeValueAsString(owner));
        Files.setLastModifiedTime(file, FileTime.from(beat));
    }

    private static PointClaim.Owner thisMachine(long pid, long start) {
        PointClaim.Owner me = PointClaim.Owner.self();
        return new PointClaim.Owner("planted", "somewhere", me.machine(), pid, start);
    }

    @Test
    void neverTwoHoldersAtOnceUnderContention(@TempDir Path dir) throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger wins = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> racers = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            racers.add(pool.submit(() -> {
                for (int round = 0; round < 40; round++) {
                    Optional<PointClaim> claim = PointClaim.tryAcquire(dir, FAST, log);
                    if (claim.isPresent()) {
                        try (PointClaim held = claim.get()) {
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            assertTrue(held.isHeld());
                            Thread.sleep(1);
                            inside.decrementAndGet();
                        }
                        wins.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : racers) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(1, most.get(), "two holders at once");
        assertTrue(wins.get() > 6, "wins: " + wins.get());
        // released every time, and no drafts left behind
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void aLiveHolderKeepsItsClaimAndAWaiterStopsWhenThePointIsFinished(@TempDir Path dir) throws Exception {
        PointClaim held = PointClaim.tryAcquire(dir, FAST, log).orElseThrow();
        assertEquals(Optional.empty(), PointClaim.tryAcquire(dir, FAST, log));
        Path finished = dir.resolve("point.json");
        Thread holder = new Thread(() -> {
            try {
                Thread.sleep(200);
                Files.writeString(finished, "{}");
                Thread.sleep(200); // the waiter polls every 20 ms: it sees the point finished first
                held.close();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        holder.start();
        Optional<PointClaim> waited = PointClaim.acquire(dir, FAST, () -> Files.exists(finished), log);
        holder.join();
        assertEquals(Optional.empty(), waited, "the point was finished by the holder");
        assertTrue(logged.toString().contains("is claimed by process " + ProcessHandle.current().pid()),
                logged.toString());
    }

    @Test
    void aWaiterGetsTheClaimOnceTheHolderReleasesIt(@TempDir Path dir) throws Exception {
        PointClaim held = PointClaim.tryAcquire(dir, FAST, log).orElseThrow();
        Thread holder = new Thread(() -> {
            try {
                Thread.sleep(200);
                held.close();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        holder.start();
        try (PointClaim won = PointClaim.acquire(dir, FAST, () -> false, log).orElseThrow()) {
            holder.join();
            assertTrue(won.isHeld());
            assertFalse(held.isHeld());
        }
    }

    @Test
    void aDeadProcessOnThisMachineLosesItsClaimAtOnce(@TempDir Path dir) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long start = gone.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        plant(dir, thisMachine(gone.pid(), start), Instant.now()); // a fresh heartbeat does not matter
        try (PointClaim won = PointClaim.tryAcquire(dir, FAST, log).orElseThrow()) {
            assertTrue(won.isHeld());
        }
        assertTrue(Files.exists(dir.resolve("claim.broken-planted/owner.json")), "kept: who died holding it");
        assertTrue(logged.toString().contains("broke the stale claim of process " + gone.pid()));
    }

    @Test
    void aReusedProcessIdIsToldApartByItsStartTime(@TempDir Path dir) throws Exception {
        PointClaim.Owner me = PointClaim.Owner.self();
        plant(dir, thisMachine(me.pid(), me.processStart() - 1000), Instant.now());
        try (PointClaim won = PointClaim.tryAcquire(dir, FAST, log).orElseThrow()) {
            assertTrue(won.isHeld());
        }

        Path other = Files.createDirectory(dir.resolve("other"));
        plant(other, thisMachine(me.pid(), me.processStart()), Instant.EPOCH); // alive: age is no matter
        assertEquals(Optional.empty(), PointClaim.tryAcquire(other, FAST, log));
    }

    @Test
    void anotherMachinesClaimIsStaleOnlyOnceItsHeartbeatIsOld(@TempDir Path dir) throws Exception {
        PointClaim.Owner remote = new PointClaim.Owner("remote", "worker-7", "another-boot/pid:[1]", 1, 1);
        plant(dir, remote, Instant.now().minusMillis(500));
        assertEquals(Optional.empty(), PointClaim.tryAcquire(dir, FAST, log));
        plant(dir, remote, Instant.now().minus(FAST.staleAfter()).minusMillis(100));
        try (PointClaim won = PointClaim.tryAcquire(dir, FAST, log).orElseThrow()) {
            assertTrue(won.isHeld());
        }
    }

    @Test
    void aLateBreakerNeverBreaksTheFreshClaimThatReplacedAStaleOne(@TempDir Path dir) throws Exception {
        PointClaim.Owner remote = new PointClaim.Owner("stale", "worker-7", "another-boot/pid:[1]", 1, 1);
        plant(dir, remote, Instant.EPOCH);
        Path claim = dir.resolve(PointClaim.NAME);
        // two claimants judged "stale" dead; the first breaks it and a third process claims the point
        assertTrue(PointClaim.moveAside(claim, "stale"));
        try (PointClaim fresh = PointClaim.tryAcquire(dir, FAST, log).orElseThrow()) {
            // the second, late, breaks what it judged stale: the fresh claim must survive
            assertFalse(PointClaim.moveAside(claim, "stale"));
            assertTrue(fresh.isHeld());
        }
    }

    @Test
    void theHolderBeatsAndLearnsWhenItsClaimWasBroken(@TempDir Path dir) throws Exception {
        PointClaim.Policy beating = new PointClaim.Policy(Duration.ofMillis(500), Duration.ofMillis(20));
        try (PointClaim held = PointClaim.tryAcquire(dir, beating, log).orElseThrow()) {
            Path owner = dir.resolve("claim/owner.json");
            Files.setLastModifiedTime(owner, FileTime.from(Instant.EPOCH));
            Thread.sleep(300);
            Instant beat = Files.getLastModifiedTime(owner).toInstant();
            assertTrue(Duration.between(beat, Instant.now()).toMillis() < 250, "last beat " + beat);
            assertTrue(PointClaim.moveAside(dir.resolve(PointClaim.NAME), "whoever"));
            assertFalse(held.isHeld());
        }
        assertTrue(Files.exists(dir.resolve("claim.broken-whoever")), "close() leaves another's claim be");
    }
}
