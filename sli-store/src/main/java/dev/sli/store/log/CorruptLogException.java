package dev.sli.store.log;

import java.io.IOException;
import java.nio.file.Path;

/** A record log that cannot be read as one: the message names the file, the byte offset and the problem. */
public final class CorruptLogException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    /** A damaged {@code file}: {@code problem} found at byte {@code offset}. */
    public CorruptLogException(Path file, long offset, String problem) {
        super(file + " at byte " + offset + ": " + problem);
        this.file = file;
        this.offset = offset;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The byte offset where the problem is. */
    public long offset() {
        return offset;
    }
}
