package ai.mpnas.cli.sweep;

import ai.mpnas.formats.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An exclusive claim on a point directory, so that two processes (two Spark task attempts, two
 * sweeps on one directory) never write one point at once.
 *
 * <p>The claim is the directory {@code <point>/claim/} holding {@code owner.json} (a random token,
 * the host, the process id and its start time). It is made complete under a temporary name and
 * renamed to {@code claim}: a rename onto a directory that exists and is not empty fails (POSIX
 * rename, which shared filesystems such as NFS keep atomic), so exactly one of several claimants
 * wins. While the point runs,
 * its owner touches {@code owner.json} every tenth of {@link Policy#staleAfter()} (a heartbeat),
 * and it deletes the claim when it stops, however the point ended, unless its process dies.
 *
 * <p>A claim left by a dead process is stale and is broken by the next claimant: on the same
 * machine (same boot and process namespace) as soon as its process is gone (a process id reused
 * by another process is told apart by its start time); from another machine once its heartbeat
 * is older than {@code staleAfter} (so clocks must agree within much less than that). Breaking
 * renames {@code claim} to {@code claim.broken-<token>}, which is kept: a second breaker of the
 * same stale claim cannot rename the claim that replaced it onto that non-empty name, so a fresh
 * claim is never broken by a late breaker; the kept directory records who died holding the point.
 * A live owner whose heartbeat stalls for longer than {@code staleAfter} (a machine suspended that
 * long) can lose its claim: it finds out before writing {@code point.json} and fails instead.
 */
public final class PointClaim implements AutoCloseable {

    /** The claim's directory name in a point directory. */
    public static final String NAME = "claim";

    private static final String OWNER = "owner.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String HOST = hostName();
    private static final String MACHINE = machineId();

    private final Path claim;
    private final Owner owner;
    private final ScheduledExecutorService heartbeat;

    /**
     * When a claim counts as stale, and how often a claimant looks again at a live one.
     *
     * @param staleAfter the age of another machine's heartbeat after which its claim is stale
     * @param poll the wait between two looks at a live claim
     */
    public record Policy(Duration staleAfter, Duration poll) implements Serializable {

        /** Five minutes without a heartbeat; a live claim looked at every five seconds. */
        public static final Policy DEFAULT =
                new Policy(Duration.ofMinutes(5), Duration.ofSeconds(5));
    }

    /**
     * Who holds a claim.
     *
     * @param token a random token, unique per claim
     * @param host the host name (for people)
     * @param machine the boot id and process namespace: processes it names are on this machine
     * @param pid the owning process
     * @param processStart the owning process's start time in epoch milliseconds, or -1 if unknown
     */
    public record Owner(String token, String host, String machine, long pid, long processStart) {

        /**
         * Returns a new owner: this process, with a fresh token.
         *
         * @return the owner
         */
        static Owner self() {
            ProcessHandle me = ProcessHandle.current();
            return new Owner(UUID.randomUUID().toString(), HOST, MACHINE, me.pid(), startOf(me));
        }

        @Override
        public String toString() {
            return "process " + pid + " on " + host;
        }
    }

    /** A condition that may read files. */
    @FunctionalInterface
    public interface Condition {
        /**
         * Tests the condition.
         *
         * @return whether it holds
         * @throws IOException if a file cannot be read
         */
        boolean holds() throws IOException;
    }

    private PointClaim(Path claim, Owner owner, Policy policy) {
        this.claim = claim;
        this.owner = owner;
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mpnas-claim-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, policy.staleAfter().toMillis() / 10);
        heartbeat.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Claims a point directory, waiting while a live process holds it, until the claim is won or
     * {@code done} holds (the point was finished by the holder).
     *
     * @param dir the point directory (it must exist)
     * @param policy staleness and polling
     * @param done whether the point needs no claim any more
     * @param log where a wait is announced
     * @return the claim, or empty if {@code done} held first
     * @throws IOException if the directory cannot be written
     * @throws InterruptedException if interrupted while waiting
     */
    public static Optional<PointClaim> acquire(
            Path dir, Policy policy, Condition done, PrintWriter log)
            throws IOException, InterruptedException {
        Owner announced = null;
        while (!done.holds()) {
            Optional<PointClaim> won = tryAcquire(dir, policy, log);
            if (won.isPresent()) {
                return won;
            }
            Optional<Owner> holder = holder(dir);
            if (holder.isPresent() && !holder.get().equals(announced)) {
                announced = holder.get();
                log.println("sweep: " + dir.getFileName() + " is claimed by " + announced
                        + "; waiting");
                log.flush();
            }
            Thread.sleep(policy.poll().toMillis());
        }
        return Optional.empty();
    }

    /**
     * Claims a point directory if no live process holds it, breaking a stale claim first.
     *
     * @param dir the point directory (it must exist)
     * @param policy staleness
     * @param log where a broken claim is announced
     * @return the claim, or empty if a live process holds it
     * @throws IOException if the directory cannot be written
     */
    public static Optional<PointClaim> tryAcquire(Path dir, Policy policy, PrintWriter log)
            throws IOException {
        Path claim = dir.resolve(NAME);
        Owner me = Owner.self();
        Path draft = dir.resolve(NAME + ".new-" + me.token());
        Files.createDirectory(draft);
        Files.writeString(
                draft.resolve(OWNER), MAPPER.writeValueAsString(me), StandardCharsets.UTF_8);
        AtomicFiles.sync(draft.resolve(OWNER));
        try {
            boolean broke = false;
            for (int tries = 0; tries < 10; tries++) {
                try {
                    Files.move(draft, claim); // rename(2): fails onto an existing, non-empty claim
                    return Optional.of(new PointClaim(claim, me, policy));
                } catch (AccessDeniedException | NoSuchFileException e) {
                    throw e; // a directory this process cannot write: no waiting helps
                } catch (FileSystemException e) {
                    if (!Files.exists(claim)) {
                        continue; // its holder released it between the rename and this look
                    }
                }
                // a stale claim is broken once per try: one that reappears is someone's fresh one
                if (broke || !breakIfStale(claim, policy, log)) {
                    return Optional.empty();
                }
                broke = true;
            }
            return Optional.empty();
        } finally {
            if (Files.exists(draft)) {
                AtomicFiles.deleteTree(draft);
            }
        }
    }

    /**
     * Returns who holds a point directory's claim.
     *
     * @param dir the point directory
     * @return the holder, or empty if unclaimed
     * @throws IOException if the claim cannot be read
     */
    public static Optional<Owner> holder(Path dir) throws IOException {
        try {
            return Optional.of(
                    MAPPER.readValue(dir.resolve(NAME).resolve(OWNER).toFile(), Owner.class));
        } catch (NoSuchFileException | FileNotFoundException e) {
            return Optional.empty(); // unclaimed, or released a moment ago
        }
    }

    /**
     * Returns whether this process still holds the claim (false once another broke it).
     *
     * @return true while held
     * @throws IOException if the claim cannot be read
     */
    public boolean isHeld() throws IOException {
        return holder(claim.getParent()).map(o -> o.token().equals(owner.token())).orElse(false);
    }

    /**
     * Stops the heartbeat and deletes the claim if this process still holds it.
     *
     * @throws IOException if the claim cannot be deleted
     */
    @Override
    public void close() throws IOException {
        heartbeat.shutdownNow();
        if (isHeld()) {
            Path released = claim.resolveSibling(NAME + ".released-" + owner.token());
            Files.move(claim, released); // gone at once, then deleted at leisure
            AtomicFiles.deleteTree(released);
        }
    }

    private void beat() {
        try {
            Files.setLastModifiedTime(claim.resolve(OWNER), FileTime.from(Instant.now()));
        } catch (IOException e) {
            // a missed beat is harmless unless it lasts; isHeld() tells before point.json
        }
    }

    /** Renames a stale claim out of the way; returns whether the claim may be free now. */
    private static boolean breakIfStale(Path claim, Policy policy, PrintWriter log)
            throws IOException {
        Optional<Owner> holder = holder(claim.getParent());
        if (holder.isEmpty()) {
            return true; // released meanwhile
        }
        FileTime beat;
        try {
            beat = Files.getLastModifiedTime(claim.resolve(OWNER));
        } catch (NoSuchFileException e) {
            return true;
        }
        if (!isStale(holder.get(), beat.toInstant(), policy)) {
            return false;
        }
        if (moveAside(claim, holder.get().token())) {
            log.println("sweep: " + claim.getParent().getFileName() + ": broke the stale claim of "
                    + holder.get());
            log.flush();
        }
        return true;
    }

    /**
     * Renames the claim judged stale to {@code claim.broken-<token>}. The rename fails, and the
     * claim stays, if another claimant broke that claim first (the name exists and is not empty)
     * even if {@code claim} is by now someone's fresh claim; or if there is no claim.
     *
     * @param claim the claim directory
     * @param staleToken the token of the holder judged stale
     * @return whether this call broke it
     */
    static boolean moveAside(Path claim, String staleToken) {
        try {
            Files.move(claim, claim.resolveSibling(NAME + ".broken-" + staleToken));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Returns whether a claim's holder is dead.
     *
     * @param holder the holder
     * @param lastBeat its last heartbeat
     * @param policy the staleness policy
     * @return true if its process is gone (same machine) or its heartbeat too old (another one)
     */
    static boolean isStale(Owner holder, Instant lastBeat, Policy policy) {
        if (holder.machine().equals(MACHINE)) {
            return ProcessHandle.of(holder.pid())
                    .map(p -> !p.isAlive() || startOf(p) != holder.processStart())
                    .orElse(true);
        }
        return Duration.between(lastBeat, Instant.now()).compareTo(policy.staleAfter()) > 0;
    }

    private static long startOf(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown-host");
        }
    }

    /**
     * The kernel's boot id and this process's pid namespace: two processes with equal ids can see
     * each other's process ids. Elsewhere than Linux, the host name (then hosts need unique names).
     */
    private static String machineId() {
        try {
            String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
            return boot + "/" + Files.readSymbolicLink(Path.of("/proc/self/ns/pid"));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "host:" + HOST;
        }
    }
}
