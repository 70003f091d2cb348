package ai.mpnas.zoo;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a lock file, held against other threads and other processes.
 *
 * <p>A {@link FileLock} belongs to the whole JVM (a second lock on the same file from the same JVM
 * fails), so threads first take an in-process lock per file, then the file lock.
 */
final class ZooLock implements AutoCloseable {

    private static final Map<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock fileLock;

    private ZooLock(ReentrantLock local, FileChannel channel, FileLock fileLock) {
        this.local = local;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /**
     * Waits for the lock.
     *
     * @param lockFile the lock file, created if missing
     * @return the held lock
     * @throws IOException if the lock file cannot be opened or locked
     */
    static ZooLock acquire(Path lockFile) throws IOException {
        ReentrantLock local = localLock(lockFile);
        local.lock();
        try {
            FileChannel channel = open(lockFile);
            try {
                return new ZooLock(local, channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    /**
     * Takes the lock only if it is free now.
     *
     * @param lockFile the lock file, created if missing
     * @return the held lock, or empty when another thread or process holds it
     * @throws IOException if the lock file cannot be opened
     */
    static Optional<ZooLock> tryAcquire(Path lockFile) throws IOException {
        ReentrantLock local = localLock(lockFile);
        if (!local.tryLock()) {
            return Optional.empty();
        }
        try {
            FileChannel channel = open(lockFile);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                local.unlock();
                return Optional.empty();
            }
            return Optional.of(new ZooLock(local, channel, lock));
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    private static ReentrantLock localLock(Path lockFile) {
        return LOCAL.computeIfAbsent(
                lockFile.toAbsolutePath().normalize(), k -> new ReentrantLock());
    }

    private static FileChannel open(Path lockFile) throws IOException {
        return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    /** Releases the file lock, then the in-process lock. */
    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            local.unlock();
        }
    }
}
