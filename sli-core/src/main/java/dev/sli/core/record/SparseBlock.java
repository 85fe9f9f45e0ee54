package dev.sli.core.record;

import java.util.Arrays;

/**
 * The sealed form of a latency histogram over a block of buckets (one bucket, an hour, a day): only the
 * counts-array indices of {@link HistogramLayout} that hold counts, grouped in bins of
 * {@code 1 << binShift} indices, with a directory so that a query reads the bin totals of a block and
 * then decodes one bin instead of the whole block. Blocks of many requests (hours, days) are
 * <em>indexed</em>: each bin is cut again into up to {@value #MAX_SUBS} sub-bins with their own directory,
 * so that a query decodes one sub-bin of them. A block's byte array is never modified after it is made
 * (a correction makes a new one), so snapshots may keep references to blocks and read them on any thread.
 *
 * <pre>
 *  byte    format            1 plain, 2 indexed
 *  varint  total count       requests in the block
 *  varint  max nanos         the exact largest duration recorded
 *  varint  first bin         bins before it are empty
 *  varint  bin count         n: bins first .. first + n - 1 follow, empty ones included
 *  n ×   ( varint count, varint entry bytes [, varint sub-directory bytes if indexed] )
 *  if indexed, n × sub-directory: S × ( varint count, varint entry bytes )     S = sub-bins per bin
 *  entries, bin after bin (indexed: sub-bin after sub-bin):
 *        ( varint gap &lt;&lt; 1 | multi, [varint count if multi] )*
 *          gap: index minus the previous index of its bin (indexed: of its sub-bin), the first minus
 *          the bin's (sub-bin's) first index less one; multi = 0 means a count of 1, the common case in a
 *          one-minute bucket
 * </pre>
 *
 * A minute of 1,000 requests spread over four decades takes about 1.1 KB. The format byte keeps the
 * encoding self-describing for the store and for exchange. All methods are static and stateless except
 * {@link Reader} and {@link Encoder}, which are not thread-safe.
 */
final class SparseBlock {

    static final byte PLAIN = 1;
    static final byte INDEXED = 2;
    /** Sub-bins per bin of an indexed block, at most. */
    static final int MAX_SUBS = 32;

    private SparseBlock() {
    }

    /** log2 of the indices in one sub-bin, for bins of {@code 1 << binShift} indices. */
    static int subShift(int binShift) {
        return Math.max(0, binShift - Integer.numberOfTrailingZeros(MAX_SUBS));
    }

    // ---- reading -----------------------------------------------------------------------------------

    /** Reads one block: its header on {@link #open}, then directories and entries. Reusable. */
    static final class Reader {
        private byte[] b;
        private int pos;
        private boolean indexed;
        long total;
        long maxNanos;
        int firstBin;
        int bins;
        /** Where the top directory starts. */
        private int directory;

        Reader open(byte[] block) {
            b = block;
            pos = 0;
            byte format = b[pos++];
            if (format != PLAIN && format != INDEXED) {
                throw new IllegalStateException("sealed block of unknown format " + format);
            }
            indexed = format == INDEXED;
            total = varint();
            maxNanos = varint();
            firstBin = (int) varint();
            bins = (int) varint();
            directory = pos;
            return this;
        }

        boolean indexed() {
            return indexed;
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

        /**
         * Walks the top directory once: adds each bin's count to {@code binTotals[bin]} and returns, per
         * bin of the block (from {@link #firstBin}), three ints: the byte offset of its entries, their
         * length, and the offset of its sub-directory (indexed blocks; -1 otherwise).
         */
        int[] directory(long[] binTotals) {
            pos = directory;
            int[] out = new int[3 * bins];
            int entries = 0;
            int subDirs = 0;
            for (int i = 0; i < bins; i++) {
                binTotals[firstBin + i] += varint();
                int bytes = (int) varint();
                out[3 * i] = entries;
                out[3 * i + 1] = bytes;
                entries += bytes;
                if (indexed) {
                    out[3 * i + 2] = subDirs;
                    subDirs += (int) varint();
                } else {
                    out[3 * i + 2] = -1;
                }
            }
            int entriesStart = pos + subDirs;
            for (int i = 0; i < bins; i++) {
                out[3 * i] += entriesStart;
                if (indexed) {
                    out[3 * i + 2] += pos;
                }
            }
            return out;
        }

        /**
         * With the offsets of {@link #directory}: a plain block's bin goes whole into {@code fine} (and
         * its sub-bin totals into {@code subTotals}); an indexed block adds its sub-bin counts to
         * {@code subTotals}.
         */
        void binDetail(int[] dir, int bin, int binShift, int subShift, long[] fine, long[] subTotals) {
            int i = bin - firstBin;
            if (i < 0 || i >= bins || dir[3 * i + 1] == 0) {
                return;
            }
            int base = bin << binShift;
            if (!indexed) {
                pos = dir[3 * i];
                int end = pos + dir[3 * i + 1];
                int index = base - 1;
                while (pos < end) {
                    long head = varint();
                    index += (int) (head >>> 1);
                    long k = (head & 1) == 0 ? 1 : varint();
                    fine[index - base] += k;
                    subTotals[(index - base) >> subShift] += k;
                }
                return;
            }
            pos = dir[3 * i + 2];
            for (int s = 0, subs = 1 << (binShift - subShift); s < subs; s++) {
                subTotals[s] += varint();
                varint();
            }
        }

        /** With the offsets of {@link #directory}: adds sub-bin {@code sub} of an indexed block to {@code fine}. */
        void subBin(int[] dir, int bin, int sub, int binShift, int subShift, long[] fine) {
            int i = bin - firstBin;
            if (!indexed || i < 0 || i >= bins || dir[3 * i + 1] == 0) {
                return;
            }
            pos = dir[3 * i + 2];
            int offset = dir[3 * i];
            int length = 0;
            for (int s = 0; s <= sub; s++) {
                varint();
                int bytes = (int) varint();
                if (s < sub) {
                    offset += bytes;
                } else {
                    length = bytes;
                }
            }
            int base = bin << binShift;
            decode(offset, offset + length, base + (sub << subShift), base, fine);
        }

        /** Decodes entries from {@code from} up to {@code end} into {@code out[index - base]}. */
        private void decode(int from, int end, int firstIndex, int base, long[] out) {
            pos = from;
            int index = firstIndex - 1;
            while (pos < end) {
                long head = varint();
                index += (int) (head >>> 1);
                out[index - base] += (head & 1) == 0 ? 1 : varint();
            }
        }

        /** Adds every count of the block into {@code dense}, and its maximum. */
        void addAll(DenseCounts dense, int binShift, int subShift) {
            pos = directory;
            int[] lengths = dense.binLengthScratch(bins);
            int subDirs = 0;
            for (int i = 0; i < bins; i++) {
                varint();
                lengths[i] = (int) varint();
                if (indexed) {
                    subDirs += (int) varint();
                }
            }
            int subs = indexed ? 1 << (binShift - subShift) : 1;
            int subWidth = indexed ? 1 << subShift : 1 << binShift;
            // walk the sub-directories (if any) alongside the entries
            int subPos = pos;
            pos += subDirs;
            for (int i = 0; i < bins; i++) {
                int base = (firstBin + i) << binShift;
                int end = pos + lengths[i];
                for (int s = 0; s < subs; s++) {
                    int subEnd = end;
                    if (indexed) {
                        int save = pos;
                        pos = subPos;
                        varint();
                        int bytes = (int) varint();
                        subPos = pos;
                        pos = save;
                        subEnd = pos + bytes;
                    }
                    int index = base + s * subWidth - 1;
                    while (pos < subEnd) {
                        long head = varint();
                        index += (int) (head >>> 1);
                        dense.add(index, (head & 1) == 0 ? 1 : varint());
                    }
                }
            }
            dense.noteMax(maxNanos);
        }
    }

    // ---- writing -----------------------------------------------------------------------------------

    /** Encodes dense counts into blocks, reusing its buffers; not thread-safe. */
    static final class Encoder {
        private byte[] buf = new byte[4096];
        private int pos;
        private final int binShift;
        private final int subShift;
        private final long[] subCounts;
        private final int[] subBytes;

        Encoder(HistogramLayout layout) {
            this.binShift = layout.binShift;
            this.subShift = subShift(binShift);
            int maxSubs = layout.bins() << (binShift - subShift);
            this.subCounts = new long[maxSubs];
            this.subBytes = new int[maxSubs];
        }

        /**
         * The block holding {@code dense}'s counts (at least one must be non-zero) and {@code maxNanos},
         * {@code indexed} (with sub-bin directories) or plain.
         */
        byte[] encode(DenseCounts dense, long maxNanos, boolean indexed) {
            long[] c = dense.counts;
            int lo = dense.minIndex;
            int hi = dense.maxIndex;
            int firstBin = lo >> binShift;
            int lastBin = hi >> binShift;
            int n = lastBin - firstBin + 1;
            int sShift = indexed ? subShift : binShift; // plain: one "sub-bin" per bin
            int subsPerBin = 1 << (binShift - sShift);
            int subs = n * subsPerBin;
            Arrays.fill(subCounts, 0, subs, 0);
            Arrays.fill(subBytes, 0, subs, 0);
            long total = 0;
            int firstIndex = firstBin << binShift;
            // pass 1: counts and byte lengths of every (sub-)bin
            for (int s = 0; s < subs; s++) {
                int start = firstIndex + (s << sShift);
                int from = Math.max(lo, start);
                int to = Math.min(hi, start + (1 << sShift) - 1);
                int prev = start - 1;
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
                subCounts[s] = count;
                subBytes[s] = bytes;
                total += count;
            }
            pos = 0;
            buf[pos++] = indexed ? INDEXED : PLAIN;
            putVarint(total);
            putVarint(maxNanos);
            putVarint(firstBin);
            putVarint(n);
            for (int bin = 0; bin < n; bin++) {
                long count = 0;
                int bytes = 0;
                int subDir = 0;
                for (int s = bin * subsPerBin, end = s + subsPerBin; s < end; s++) {
                    count += subCounts[s];
                    bytes += subBytes[s];
                    subDir += varintLength(subCounts[s]) + varintLength(subBytes[s]);
                }
                putVarint(count);
                putVarint(bytes);
                if (indexed) {
                    putVarint(subDir);
                }
            }
            if (indexed) {
                for (int s = 0; s < subs; s++) {
                    putVarint(subCounts[s]);
                    putVarint(subBytes[s]);
                }
            }
            // pass 2: entries
            for (int s = 0; s < subs; s++) {
                if (subCounts[s] == 0) {
                    continue;
                }
                int start = firstIndex + (s << sShift);
                int from = Math.max(lo, start);
                int to = Math.min(hi, start + (1 << sShift) - 1);
                int prev = start - 1;
                ensure(subBytes[s]);
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

        /** The entry's first varint: the gap from the previous index, shifted, and the multi flag. */
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
