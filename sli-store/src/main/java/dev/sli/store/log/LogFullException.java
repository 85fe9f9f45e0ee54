package dev.sli.store.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A record that would take a record log past the most it may hold ({@link RecordLog#MAX_FILE_BYTES}): refused
 * before anything is written, so that every record already in the file stays readable.
 */
public final class LogFullException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    LogFullException(Path file, long lengthBytes, String problem) {
        super(file + " (" + lengthBytes + " bytes): " + problem);
        this.file = file;
    }

    /** The file that is full. */
    public Path file() {
        return file;
    }
}
