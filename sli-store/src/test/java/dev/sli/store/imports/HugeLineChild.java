package dev.sli.store.imports;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Run in a child JVM by {@link ExpositionErrorsTest}: feeds the importer one good line, then a line of
 * 2 GB made on the fly (never in memory), and prints the error, the samples before it, and how far the
 * importer read (rounded up to its 64 KiB reads).
 */
final class HugeLineChild {

    static final long HUGE = 1L << 31;

    public static void main(String[] args) throws Exception {
        byte[] head = "a 1 1704067200000\nbig{x=\"".getBytes(StandardCharsets.US_ASCII);
        long[] served = new long[1];
        InputStream generator = new InputStream() {
            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (served[0] >= HUGE) {
                    return -1;
                }
                int n = (int) Math.min(len, HUGE - served[0]);
                for (int i = 0; i < n; i++) {
                    long at = served[0] + i;
                    b[off + i] = at < head.length ? head[(int) at] : (byte) 'y';
                }
                served[0] += n;
                return n;
            }
        };
        RecordingSink sink = new RecordingSink();
        try {
            ExpositionImporter.prometheusText().build().read(generator, "huge.prom", sink);
            System.out.println("no error after " + served[0] + " bytes");
        } catch (ImportException e) {
            System.out.println("error: " + e.getMessage());
        }
        System.out.println("samples before it: " + sink.calls.size());
        System.out.println("bytes read at most: " + served[0] + " of " + HUGE);
    }
}
