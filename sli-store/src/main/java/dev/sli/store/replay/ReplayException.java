package dev.sli.store.replay;

/**
 * A replay input that cannot be read: the message names the file, the line and the field, and what was
 * wrong. Nothing recorded before the bad line is lost or changed.
 */
public final class ReplayException extends Exception {

    private final String file;
    private final long line;

    ReplayException(String file, long line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    /** The file being read. */
    public String file() {
        return file;
    }

    /** The 1-based line the problem is on. */
    public long line() {
        return line;
    }
}
