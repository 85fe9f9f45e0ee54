package dev.sli.store.directory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A store directory that cannot be opened or written: the message names the file and the problem, and
 * {@link #problem()} says which, for a caller that acts on it. A failed open changes nothing on disk.
 */
public final class StoreException extends IOException {

    /** What was wrong. */
    public enum Problem {
        /** The path exists and is not a directory. */
        NOT_A_DIRECTORY,
        /** The directory does not exist, or holds no header file. */
        NOT_A_STORE,
        /** A store is to be created where one already is. */
        ALREADY_A_STORE,
        /** A store is to be created in a directory that already holds other files. */
        NOT_EMPTY,
        /** Another writer, in this process or another, holds the store. */
        LOCKED,
        /** The header file is empty (0 bytes). */
        EMPTY,
        /** The header file holds nothing but zero bytes. */
        ZEROED,
        /** The header file does not start with the sli store magic: it belongs to something else. */
        WRONG_MAGIC,
        /** The header file is of a format version this code does not read. */
        UNSUPPORTED_VERSION,
        /** The header file is shorter than it should be. */
        TRUNCATED,
        /** The header file's checksum does not match its content. */
        CHECKSUM_MISMATCH,
        /** The header file's checksum matches but a field is impossible, or the file is too long. */
        CORRUPT,
        /** A data file belongs to another store, or to another series of this store (copied or renamed). */
        FOREIGN,
        /** The store was made with another bucket resolution than the one asked for. */
        RESOLUTION_MISMATCH,
        /** The operating system refused access. */
        NO_PERMISSION,
        /** Any other input/output error, or a file that is not a regular file. */
        IO
    }

    private final Path file;
    private final Problem problem;
    private final transient LockHolder holder;

    StoreException(Path file, Problem problem, String message, LockHolder holder, Throwable cause) {
        super(message, cause);
        this.file = Objects.requireNonNull(file, "file");
        this.problem = Objects.requireNonNull(problem, "problem");
        this.holder = holder;
    }

    /** An error about {@code file}, with the message "{@code file}: {@code what}". */
    public static StoreException of(Path file, Problem problem, String what) {
        return new StoreException(file, problem, file + ": " + what, null, null);
    }

    public static StoreException of(Path file, Problem problem, String what, Throwable cause) {
        return new StoreException(file, problem, file + ": " + what, null, cause);
    }

    /** An input/output failure on {@code file}: {@link Problem#NO_PERMISSION} when access was denied. */
    public static StoreException io(Path file, IOException e) {
        if (e instanceof StoreException s) {
            return s;
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return of(file, Problem.NO_PERMISSION, "permission denied", e);
        }
        return of(file, Problem.IO, "cannot read or write: " + e, e);
    }

    /** The file (or directory) the problem is in. */
    public Path file() {
        return file;
    }

    /** What was wrong. */
    public Problem problem() {
        return problem;
    }

    /** For {@link Problem#LOCKED}: the holder, if its lock file names it. */
    public Optional<LockHolder> holder() {
        return Optional.ofNullable(holder);
    }
}
