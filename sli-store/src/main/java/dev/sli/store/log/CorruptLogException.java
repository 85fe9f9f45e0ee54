package dev.sli.store.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A record log that cannot be read as one: the message names the file, the byte offset and the problem,
 * and {@link #reason()} says which kind of problem, for a caller that maps it onto its own errors.
 */
public final class CorruptLogException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the file. */
    public enum Reason {
        /** The file is empty (0 bytes). */
        EMPTY,
        /** The file holds nothing but zero bytes. */
        ZEROED,
        /** The file is shorter than the log header. */
        TRUNCATED,
        /** The file does not start with the record log magic: it is something else. */
        WRONG_MAGIC,
        /** The file is a record log of a format version this code does not read. */
        UNSUPPORTED_VERSION,
        /** A record is damaged somewhere other than at the end, or a checked record holds something impossible. */
        DAMAGED,
        /** The file is longer than a record log may be (2 GiB). */
        TOO_LARGE,
        /** The file belongs to another store, or to another series of this store. */
        FOREIGN,
        /** The path is a directory, a named pipe or a device, not a regular file. */
        NOT_A_REGULAR_FILE
    }

    private final transient Path file;
    private final long offset;
    private final Reason reason;

    /** A problem at byte {@code offset} of {@code file}; the message is "{@code file} at byte {@code offset}: {@code problem}". */
    public CorruptLogException(Path file, long offset, Reason reason, String problem) {
        super(file + " at byte " + offset + ": " + problem);
        this.file = file;
        this.offset = offset;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The byte offset where the problem is. */
    public long offset() {
        return offset;
    }

    /** What kind of problem it is. */
    public Reason reason() {
        return reason;
    }

    /** The problem alone, without the file name: "at byte 16: …". */
    public String problem() {
        return getMessage().substring(String.valueOf(file).length() + 1);
    }
}
