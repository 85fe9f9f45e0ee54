package dev.sli.store.imports;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A stream of {@code prefix}, then {@code fillerBytes} copies of one byte, then {@code suffix}, made as read: no file, no array of its size. */
final class GeneratedInput extends InputStream {
    private final byte[] prefix;
    private final byte filler;
    private final long fillerBytes;
    private final byte[] suffix;
    private long position;
    private final long length;

    GeneratedInput(String prefix, char filler, long fillerBytes, String suffix) {
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        this.filler = (byte) filler;
        this.fillerBytes = fillerBytes;
        this.suffix = suffix.getBytes(StandardCharsets.UTF_8);
        this.length = this.prefix.length + fillerBytes + this.suffix.length;
    }

    /** Bytes handed out so far. */
    long position() {
        return position;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= length) {
            return -1;
        }
        int n = 0;
        while (n < len && position < length) {
            if (position < prefix.length) {
                int k = (int) Math.min(len - n, prefix.length - position);
                System.arraycopy(prefix, (int) position, b, off + n, k);
                n += k;
                position += k;
            } else if (position < prefix.length + fillerBytes) {
                int k = (int) Math.min(len - n, prefix.length + fillerBytes - position);
                Arrays.fill(b, off + n, off + n + k, filler);
                n += k;
                position += k;
            } else {
                long at = position - prefix.length - fillerBytes;
                int k = (int) Math.min(len - n, suffix.length - at);
                System.arraycopy(suffix, (int) at, b, off + n, k);
                n += k;
                position += k;
            }
        }
        return n;
    }
}
