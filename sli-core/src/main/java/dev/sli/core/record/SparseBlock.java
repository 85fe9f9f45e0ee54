package dev.sli.core.record;

import java.util.Arrays;

/**
 * The sealed form of a latency histogram over a block of buckets (one bucket, an hour, a day): only the
 * counts-array indices of {@link HistogramLayout} that hold counts, grouped in bins of
 * {@code 1 << binShift} indices, with a directory so that a query reads the bin totals of a block and
 * then decodes one bin instead of the whole block. A block's byte array is never modified after it is
 * made (a correction makes a new one), so snapshots may keep references to blocks and read them on any
 * thread.
 *
 * <pre>
 *  byte    format            1
 *  varint  total count       requests in the block
 *  varint  max nanos         the exact largest duration recorded
 *  varint  first bin         bins before it are empty
 *  varint  bin count         n: bins first .. first + n - 1 follow, empty ones included
 *  n ×   ( varint count,  varint bytes )          the directory
 *  n ×   entries of the bin: ( varint gap &lt;&lt; 1 | multi, [varint count if multi] )*
 *          gap: index minus the previous index of the bin (the first: minus the bin's first index);
 *          multi = 0 means a count of 1, the common case in a one-minute bucket
 * </pre>
 *
 * A minute of 1,000 requests spread over four decades takes about 1.1 KB. All methods are static and
 * stateless except {@link Encoder}, which is not thread-safe.
 */
final class SparseBlock {

    static final byte FORMAT = 1;

    private SparseBlock() {
    }

    // ---- reading -----------------------------------------------------------------------------------

    /** Reads a block's varints; cheap, reusable, single-threaded. */
    static final class Reader {
        private byte[] b;
        private int pos;

        /** Positions the reader on {@code block}'s total count, just past the format byte. */
        Reader header(byte[] block) {
            if (block[0] != FORMAT) {
                throw new IllegalStateException("sealed block of unknown format " + block[0]);
            }
            b = block;
            pos = 1;
            return this;
        }

        long varint() {
            long v = 0;
            int shift = 0;
            byte x;
            do {
                x = b[pos++];
                v |= (long) (x & 0x7f) << shift;
                shift += 7;
            } while (x < 0);
            return v;
        }

        int varintInt() {
            return (int) varint();
        }
    }

    static long totalCount(byte[] block, Reader r) {
        return r.header(block).varint();
    }

    static long maxNanos(byte[] block, Reader r) {
        r.header(block).varint();
        return r.varint();
    }

    /** Adds the count of every bin of {@code block} to {@code binTotals[bin]}. */
    static void addBinTotals(byte[] block, long[] binTotals, Reader r) {
        r.header(block).varint();
        r.varint();
        int first = r.varintInt();
        int n = r.varintInt();
        for (int i = 0; i < n; i++) {
            binTotals[first + i] += r.varint();
            r.varint();
        }
    }

    /** Adds the counts of bin {@code bin} of {@code block} to {@code out[index - (bin << binShift)]}. */
    static void addBin(byte[] block, int bin, int binShift, long[] out, Reader r) {
        r.header(block).varint();
        r.varint();
        int first = r.varintInt();
        int n = r.varintInt();
        if (bin < first || bin >= first + n) {
            return;
        }
        int skip = 0;
        int length = 0;
        for (int i = 0; i < n; i++) {
            r.varint();
            int bytes = r.varintInt();
            if (first + i < bin) {
                skip += bytes;
            } else if (first + i == bin) {
                length = bytes;
            }
        }
        r.pos += skip;
        int end = r.pos + length;
        int offset = -1;
        while (r.pos < end) {
            long head = r.varint();
            offset += (int) (head >>> 1);
            out[offset] += (head & 1) == 0 ? 1 : r.varint();
        }
    }

    /** Adds every count of {@code block} into {@code dense}, and its maximum. */
    static void addAll(byte[] block, DenseCounts dense, int binShift, Reader r) {
        r.header(block).varint();
        long max = r.varint();
        int first = r.varintInt();
        int n = r.varintInt();
        int[] lengths = dense.binLengthScratch(n);
        for (int i = 0; i < n; i++) {
            r.varint();
            lengths[i] = r.varintInt();
        }
        for (int i = 0; i < n; i++) {
            int end = r.pos + lengths[i];
            int index = ((first + i) << binShift) - 1;
            while (r.pos < end) {
                long head = r.varint();
                index += (int) (head >>> 1);
                dense.add(index, (head & 1) == 0 ? 1 : r.varint());
            }
        }
        dense.noteMax(max);
    }

    // ---- writing -----------------------------------------------------------------------------------

    /** Encodes dense counts into blocks, reusing its buffers; not thread-safe. */
    static final class Encoder {
        private byte[] buf = new byte[4096];
        private int pos;
        private final int binShift;
        private final long[] binCounts;
        private final int[] binBytes;

        Encoder(HistogramLayout layout) {
            this.binShift = layout.binShift;
            this.binCounts = new long[layout.bins()];
            this.binBytes = new int[layout.bins()];
        }

        /**
         * The block holding {@code dense}'s counts (at least one must be non-zero) and {@code maxNanos}.
         */
        byte[] encode(DenseCounts dense, long maxNanos) {
            long[] c = dense.counts;
            int lo = dense.minIndex;
            int hi = dense.maxIndex;
            int firstBin = lo >> binShift;
            int lastBin = hi >> binShift;
            int n = lastBin - firstBin + 1;
            Arrays.fill(binCounts, 0, n, 0);
            Arrays.fill(binBytes, 0, n, 0);
            long total = 0;
            // pass 1: per-bin counts and byte lengths
            for (int bin = firstBin; bin <= lastBin; bin++) {
                int from = Math.max(lo, bin << binShift);
                int to = Math.min(hi, ((bin + 1) << binShift) - 1);
                int prev = (bin << binShift) - 1;
                long count = 0;
                int bytes = 0;
                for (int i = from; i <= to; i++) {
                    long k = c[i];
                    if (k != 0) {
                        bytes += varintLength(entryHead(i, prev, k));
                        if (k != 1) {
                            bytes += varintLength(k);
                        }
                        count += k;
                        prev = i;
                    }
                }
                binCounts[bin - firstBin] = count;
                binBytes[bin - firstBin] = bytes;
                total += count;
            }
            pos = 0;
            ensure(64 + n * 15);
            buf[pos++] = FORMAT;
            putVarint(total);
            putVarint(maxNanos);
            putVarint(firstBin);
            putVarint(n);
            for (int i = 0; i < n; i++) {
                putVarint(binCounts[i]);
                putVarint(binBytes[i]);
            }
            // pass 2: entries
            for (int bin = firstBin; bin <= lastBin; bin++) {
                int from = Math.max(lo, bin << binShift);
                int to = Math.min(hi, ((bin + 1) << binShift) - 1);
                ensure(binBytes[bin - firstBin]);
                int prev = (bin << binShift) - 1;
                for (int i = from; i <= to; i++) {
                    long k = c[i];
                    if (k != 0) {
                        putVarint(entryHead(i, prev, k));
                        if (k != 1) {
                            putVarint(k);
                        }
                        prev = i;
                    }
                }
            }
            return Arrays.copyOf(buf, pos);
        }

        /** The entry's first varint: the gap from the previous index of its bin, shifted, and the multi flag. */
        private static long entryHead(int index, int prev, long count) {
            return ((long) (index - prev) << 1) | (count == 1 ? 0 : 1);
        }

        private void ensure(int more) {
            if (pos + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
            }
        }

        private void putVarint(long v) {
            ensure(10);
            while ((v & ~0x7fL) != 0) {
                buf[pos++] = (byte) ((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }

        private static int varintLength(long v) {
            int n = 1;
            while ((v & ~0x7fL) != 0) {
                v >>>= 7;
                n++;
            }
            return n;
        }
    }
}
