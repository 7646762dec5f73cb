package dev.costagent.agent.report.history;

import dev.costagent.agent.report.AtomicFiles;
import dev.costagent.agent.report.FileModes;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock on {@code cost_log.json.lock} that every writer holds (exclusive) for its whole update, archives and
 * spool included, and that a reader holds (shared) for the moment it takes its snapshot.
 *
 * <p>File locks belong to the whole JVM, so threads of one JVM also take turns on a lock of their own per log. A
 * lock is waited for at most a given time: a process that hangs while holding it (stopped, frozen) must not keep
 * every other program from ending.
 *
 * <p>The lock file gets the log's mode, so that whoever may write the log may also take its lock: created by the
 * first writer with the umask's mode, it follows the log's once the log is there.
 */
final class LogLock implements AutoCloseable {

    /** Another process held the lock for longer than the wait allowed. */
    static final class Timeout extends IOException {
        private static final long serialVersionUID = 1L;

        Timeout(String message) {
            super(message);
        }
    }

    private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock inJvm;
    private final FileChannel channel;
    private final FileLock lock;

    private LogLock(ReentrantLock inJvm, FileChannel channel, FileLock lock) {
        this.inJvm = inJvm;
        this.channel = channel;
        this.lock = lock;
    }

    /** The exclusive lock of a writer, waiting at most {@code wait} for the processes ahead. */
    static LogLock exclusive(LogFiles files, Duration wait) throws IOException {
        AtomicFiles.ensureDirectory(files.dir());
        boolean made = !Files.exists(files.lock());
        long deadline = System.nanoTime() + wait.toNanos();
        ReentrantLock inJvm = inJvm(files, wait);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(files.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            followLog(files, made);
            return new LogLock(inJvm, ch, await(ch, false, files, deadline, wait));
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(ch);
            inJvm.unlock();
            throw e;
        }
    }

    /**
     * The shared lock of a reader, or null when there is no lock file: then no writer of this version has written
     * the log, and there is no archive to keep in step with it.
     */
    static LogLock shared(LogFiles files, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        FileChannel ch;
        try {
            ch = FileChannel.open(files.lock(), StandardOpenOption.READ);
        } catch (NoSuchFileException none) {
            return null;
        }
        ReentrantLock inJvm;
        try {
            inJvm = inJvm(files, wait);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
        try {
            return new LogLock(inJvm, ch, await(ch, true, files, deadline, wait));
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(ch);
            inJvm.unlock();
            throw e;
        }
    }

    private static ReentrantLock inJvm(LogFiles files, Duration wait) throws IOException {
        ReentrantLock l = IN_JVM.get(files.log());
        if (l == null) {
            ReentrantLock mine = new ReentrantLock();
            l = IN_JVM.putIfAbsent(files.log(), mine);
            l = l == null ? mine : l;
        }
        try {
            if (!l.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new Timeout("another thread of this process has held " + files.lock() + " for more than "
                        + wait.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + files.lock());
        }
        return l;
    }

    private static FileLock await(FileChannel ch, boolean shared, LogFiles files, long deadline, Duration wait)
            throws IOException {
        long pauseMillis = 1;
        while (true) {
            FileLock lock = ch.tryLock(0, Long.MAX_VALUE, shared);
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new Timeout("another process has held " + files.lock() + " for more than " + wait.toMillis()
                        + " ms");
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + files.lock());
            }
            pauseMillis = Math.min(pauseMillis * 2, 25);
        }
    }

    /** A lock file made now, or one whose mode differs from the log's, gets the log's (when it may be changed). */
    private static void followLog(LogFiles files, boolean made) {
        FileModes.Mode log = FileModes.of(files.log());
        if (log == null) {
            return;
        }
        FileModes.Mode lock = FileModes.of(files.lock());
        if (made || lock != null && !lock.permissions().equals(log.permissions())) {
            FileModes.apply(files.lock(), log);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Closing releases the lock either way.
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            closeQuietly(channel);
            inJvm.unlock();
        }
    }
}
