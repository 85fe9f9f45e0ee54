package dev.sli.store.directory;

import dev.sli.store.directory.StoreException.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Reads the header file whole, and replaces it whole: temp file, fsync, atomic rename, fsync of the
 * directory. Stateless; writes are serialised by the one writer's lock.
 */
final class HeaderFile {

    private HeaderFile() {
    }

    /**
     * The header in {@code directory}, checked byte by byte.
     *
     * @throws StoreException naming the file and the problem; never reads more than {@link HeaderLayout#MAX_FILE_LENGTH}
     *     bytes and never opens anything but a regular file, so it cannot block on a pipe or run out of memory
     */
    static StoreHeader read(Path directory) throws StoreException {
        Path file = directory.resolve(HeaderLayout.FILE_NAME);
        if (!Files.exists(file)) {
            throw StoreException.of(directory, Problem.NOT_A_STORE, "not an sli store: it holds no "
                    + HeaderLayout.FILE_NAME);
        }
        if (!Files.isRegularFile(file)) {
            throw StoreException.of(file, Problem.IO, "not a regular file, cannot be a store header");
        }
        byte[] bytes;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > HeaderLayout.MAX_FILE_LENGTH) {
                throw StoreException.of(file, Problem.CORRUPT, size + " bytes, longer than the "
                        + HeaderLayout.MAX_FILE_LENGTH + " a store header may have");
            }
            ByteBuffer b = ByteBuffer.allocate((int) size);
            while (b.hasRemaining() && channel.read(b) > 0) {
                // read to the end
            }
            bytes = new byte[b.position()];
            b.flip().get(bytes);
        } catch (AccessDeniedException e) {
            throw StoreException.of(file, Problem.NO_PERMISSION, "permission denied, cannot read the store header", e);
        } catch (IOException e) {
            throw StoreException.io(file, e);
        }
        return HeaderCodec.decode(file, bytes);
    }

    /** Replaces the header in {@code directory} with {@code header}, atomically and durably. */
    static void write(Path directory, StoreHeader header) throws StoreException {
        Path file = directory.resolve(HeaderLayout.FILE_NAME);
        Path temp = directory.resolve(HeaderLayout.TEMP_FILE_NAME);
        byte[] bytes = HeaderCodec.encode(header);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    channel.write(b);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw StoreException.io(temp, e);
        }
        forceDirectory(directory);
    }

    /** Makes the rename durable; platforms that cannot open a directory (Windows) are skipped. */
    private static void forceDirectory(Path directory) throws StoreException {
        FileChannel channel;
        try {
            channel = FileChannel.open(directory, StandardOpenOption.READ);
        } catch (IOException e) {
            return;
        }
        try (channel) {
            channel.force(true);
        } catch (IOException e) {
            throw StoreException.io(directory, e);
        }
    }
}
