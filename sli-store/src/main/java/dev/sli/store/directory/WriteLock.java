package dev.sli.store.directory;

import dev.sli.store.directory.StoreException.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive lock a writer holds on a store's lock file, with its {@link LockHolder} written into it.
 *
 * <p>The operating system's lock ({@link FileChannel#tryLock()}) keeps out other processes and is released
 * when the process dies, even by SIGKILL. Within one JVM a map of held directories keeps out a second
 * writer <em>before</em> it opens the lock file: on POSIX systems closing any descriptor of a file drops
 * every lock the process holds on it, so a second open-and-close in the same JVM would silently free the
 * first writer's lock. For the same reason nothing else in this package ever opens the lock file.
 *
 * <p>Threads: {@link #acquire} from any thread; the rest by the owning {@link StoreDirectory} under its lock.
 */
final class WriteLock implements AutoCloseable {

    private static final ConcurrentHashMap<Path, LockHolder> HELD_IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Path key;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final LockHolder holder;

    private WriteLock(Path key, Path file, FileChannel channel, FileLock lock, LockHolder holder) {
        this.key = key;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.holder = holder;
    }

    /**
     * Takes the write lock of the store in {@code directory} (which must exist), without writing anything.
     *
     * @throws StoreException {@link Problem#LOCKED} naming the holder, or why the lock file cannot be used
     */
    static WriteLock acquire(Path directory) throws StoreException {
        Path file = directory.resolve(HeaderLayout.LOCK_FILE_NAME);
        Path key;
        try {
            key = directory.toRealPath();
        } catch (IOException e) {
            throw StoreException.io(directory, e);
        }
        LockHolder me = LockHolder.current();
        LockHolder other = HELD_IN_THIS_JVM.putIfAbsent(key, me);
        if (other != null) {
            throw locked(directory, file, Optional.of(other));
        }
        FileChannel channel = null;
        try {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw StoreException.of(file, Problem.IO, "not a regular file, cannot be the store's lock file");
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // cannot happen while HELD_IN_THIS_JVM is consulted first; treat as held
            }
            if (lock == null) {
                throw locked(directory, file, LockHolder.parse(readAll(channel)));
            }
            return new WriteLock(key, file, channel, lock, me);
        } catch (StoreException e) {
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(key, me);
            throw e;
        } catch (AccessDeniedException e) {
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(key, me);
            throw StoreException.of(file, Problem.NO_PERMISSION, "permission denied, cannot open the lock file", e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(key, me);
            throw StoreException.of(file, Problem.IO, "cannot lock: " + e, e);
        }
    }

    /** Writes this process into the lock file, replacing the last holder's text, and forces it to disk. */
    void writeHolder() throws StoreException {
        try {
            channel.truncate(0);
            ByteBuffer bytes = ByteBuffer.wrap(holder.toLockFileBytes());
            long at = 0;
            while (bytes.hasRemaining()) {
                at += channel.write(bytes, at);
            }
            channel.force(true);
        } catch (IOException e) {
            throw StoreException.io(file, e);
        }
    }

    LockHolder holder() {
        return holder;
    }

    /** Empties the lock file (when {@code clearHolder}) and releases the lock. */
    void release(boolean clearHolder) throws StoreException {
        try {
            if (clearHolder) {
                channel.truncate(0);
                channel.force(true);
            }
        } catch (IOException e) {
            throw StoreException.io(file, e);
        } finally {
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel below releases it too
            }
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(key, holder);
        }
    }

    @Override
    public void close() throws StoreException {
        release(false);
    }

    private static StoreException locked(Path directory, Path file, Optional<LockHolder> holder) {
        String message = holder.map(h -> "store " + directory + " is held for writing by " + h)
                .orElse("store " + directory + " is held for writing by another process (its lock file " + file
                        + " does not name it yet)");
        return new StoreException(file, Problem.LOCKED, message, holder.orElse(null), null);
    }

    private static byte[] readAll(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4096);
        long at = 0;
        int n;
        while (b.hasRemaining() && (n = channel.read(b, at)) > 0) {
            at += n;
        }
        byte[] bytes = new byte[b.position()];
        b.flip().get(bytes);
        return bytes;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
