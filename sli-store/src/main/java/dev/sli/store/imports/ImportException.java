package dev.sli.store.imports;

/**
 * An export file (or a server's answer) that cannot be read: the message names the source, where (line,
 * or byte offset when lines do not apply) and what was expected there, quoting at most a bounded excerpt
 * of the bad value. Nothing the sink received before the bad input is taken back.
 */
public final class ImportException extends Exception {

    private final String source;
    private final long line;
    private final long byteOffset;

    /**
     * @param source the file or URL read
     * @param line the 1-based line, or 0 when unknown
     * @param byteOffset the 0-based byte offset, or -1 when unknown
     * @param problem what was wrong and what was expected
     */
    public ImportException(String source, long line, long byteOffset, String problem) {
        super(source + (line > 0 ? ":" + line : "") + (byteOffset >= 0 ? " (byte " + byteOffset + ")" : "") + ": " + problem);
        this.source = source;
        this.line = line;
        this.byteOffset = byteOffset;
    }

    public String source() {
        return source;
    }

    /** The 1-based line, 0 when unknown. */
    public long line() {
        return line;
    }

    /** The 0-based byte offset, -1 when unknown. */
    public long byteOffset() {
        return byteOffset;
    }
}
