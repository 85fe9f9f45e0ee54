package dev.sli.core.record;

import java.util.Arrays;

/**
 * Sealed per-bucket scalar amounts ("channels": event counts, milliseconds, slices) of one series, kept
 * as running prefix sums, so that the sum of a channel over any span of retained buckets costs two reads
 * whatever the span's length.
 *
 * <p>Layout: the prefix of bucket {@code b} (for each channel, the sum over every bucket from the first
 * one ever appended up to and including {@code b}) lives in chunk {@code b >> shift}, row
 * {@code b & (chunkRows - 1)}. Chunks are held in a ring of slots ({@code chunk & slotMask}) with room
 * for every chunk that overlaps the retained buckets plus the row just before them. Memory follows the
 * data held, not the retention: a chunk's array ({@value #CHUNK_ROWS} rows × channels longs) is allocated
 * when a bucket in it is first sealed, and reused when the ring wraps; a run of chunks with nothing sealed
 * in them (a gap) shares one one-row <em>flat</em> chunk, since the prefix does not change over a gap.
 * Only the slot ring itself (one reference per {@value #CHUNK_ROWS} buckets of retention: 64 KiB for the
 * cap of 2<sup>24</sup> buckets) is sized by the retention.
 *
 * <pre>
 *   slots:  [ chunk 7 | chunk 8 | flat 9..11 | flat 9..11 | flat 9..11 | chunk 12 | (stale) ... ]
 *   chunk:  rows [0, filled) hold their own prefix; rows at or after `filled` read as row filled − 1
 * </pre>
 *
 * Not thread-safe: the owning series guards it.
 */
final class ChannelHistory {

    /** Rows per chunk (fewer when the capacity is smaller). */
    static final int CHUNK_ROWS = 1024;

    private final int channels;
    private final int capacity;
    private final int shift;
    private final int rowMask;
    private final int slotMask;
    private final Chunk[] slots;
    /** The prefix of the bucket just before the frontier. */
    private final long[] last;
    /** First bucket not yet sealed; {@link Long#MIN_VALUE} before the first append. */
    private long frontier = Long.MIN_VALUE;
    /** The first bucket ever appended. */
    private long origin;

    ChannelHistory(int channels, int capacityBuckets) {
        this(channels, capacityBuckets, CHUNK_ROWS);
    }

    /** A history with chunks of at most {@code maxChunkRows} rows (a power of two); small ones for tests. */
    ChannelHistory(int channels, int capacityBuckets, int maxChunkRows) {
        if (Integer.bitCount(maxChunkRows) != 1) {
            throw new IllegalArgumentException("chunk rows must be a power of two, got " + maxChunkRows);
        }
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be at least 1, got " + channels);
        }
        if (capacityBuckets < 1) {
            throw new IllegalArgumentException("capacity must be at least 1 bucket, got " + capacityBuckets);
        }
        this.channels = channels;
        this.capacity = capacityBuckets;
        int chunkRows = Math.min(maxChunkRows, Integer.highestOneBit(capacityBuckets) << 1);
        this.shift = Integer.numberOfTrailingZeros(chunkRows);
        this.rowMask = chunkRows - 1;
        // capacity + 1 readable rows overlap at most this many chunks; a power of two, so a slot is a mask
        long needed = (capacityBuckets + (long) chunkRows) / chunkRows + 1;
        int slotCount = Integer.highestOneBit((int) needed);
        if (slotCount < needed) {
            slotCount <<= 1;
        }
        this.slotMask = slotCount - 1;
        this.slots = new Chunk[slotCount];
        this.last = new long[channels];
    }

    int channels() {
        return channels;
    }

    /** Whether any bucket has been sealed. */
    boolean isEmpty() {
        return frontier == Long.MIN_VALUE;
    }

    /** The first bucket not yet sealed ({@link Long#MIN_VALUE} when empty). */
    long frontier() {
        return frontier;
    }

    /** The oldest bucket whose amounts are still retained (buckets before the first append count as empty). */
    long oldestRetained() {
        return isEmpty() ? Long.MIN_VALUE : frontier - capacity;
    }

    private long chunkOf(long bucket) {
        return bucket >> shift;
    }

    private int slotOf(long chunk) {
        return (int) chunk & slotMask;
    }

    /**
     * The chunk {@code chunk} as an owned (writable, full-size) chunk with at least row 0 defined: the one
     * in its slot if it already is; else a flat chunk that covers it, materialised; else a fresh one whose
     * row 0 holds {@code before} (the prefix of the gap in front of it), reusing a stale chunk's array.
     */
    private Chunk own(long chunk, long[] before) {
        int slot = slotOf(chunk);
        Chunk c = slots[slot];
        if (c != null && !c.flat && c.number == chunk) {
            return c;
        }
        long[] first = c != null && c.flat && c.number <= chunk && chunk <= c.lastNumber ? c.rows : before;
        Chunk fresh = c != null && !c.flat ? c : new Chunk(new long[(rowMask + 1) * channels], false);
        fresh.number = chunk;
        fresh.lastNumber = chunk;
        System.arraycopy(first, 0, fresh.rows, 0, channels);
        fresh.filled = 1;
        slots[slot] = fresh;
        return fresh;
    }

    /** Points every slot of chunks {@code [fromChunk, toChunk]} at one shared flat chunk holding {@code value}. */
    private void flat(long fromChunk, long toChunk, long[] value) {
        if (fromChunk > toChunk) {
            return;
        }
        Chunk f = new Chunk(value.clone(), true);
        f.number = fromChunk;
        f.lastNumber = toChunk;
        f.filled = 1;
        for (long k = fromChunk; k <= toChunk; k++) {
            slots[slotOf(k)] = f;
        }
    }

    /**
     * Seals as empty the whole chunks after the frontier's up to {@code lastChunk}: the prefix stays
     * {@link #last} over them. Only chunks still readable once bucket {@code lastBucket} is sealed are
     * touched, and they share one flat chunk, so a gap of any length costs at most one slot write per
     * chunk of retention and one small allocation. (Rows after {@code filled} in the frontier's own chunk
     * already read as the last prefix.)
     */
    private void flatGap(long lastChunk, long lastBucket) {
        long from = Math.max(chunkOf(frontier - 1) + 1, chunkOf(lastBucket - capacity));
        flat(from, lastChunk, last);
    }

    /**
     * Seals {@code bucket} with {@code values} (one per channel); buckets skipped since the frontier are
     * sealed empty.
     *
     * @throws IllegalArgumentException if {@code bucket} is before the frontier (use {@link #addLate})
     */
    void append(long bucket, long[] values) {
        if (values.length != channels) {
            throw new IllegalArgumentException("expected " + channels + " values, got " + values.length);
        }
        int row = (int) bucket & rowMask;
        if (isEmpty()) {
            origin = bucket;
            Arrays.fill(last, 0L);
            // rows before the origin are answered as 0 without reading them, but hold 0 all the same
        } else if (bucket < frontier) {
            throw new IllegalArgumentException("bucket " + bucket + " is already sealed (frontier " + frontier + ")");
        } else {
            flatGap(chunkOf(bucket) - 1, bucket);
        }
        Chunk c = own(chunkOf(bucket), last);
        fillTo(c, row, last);
        write(c, row, values);
        frontier = bucket + 1;
    }

    /** Makes rows {@code [c.filled, row)} explicit copies of {@code value} (the prefix over them). */
    private void fillTo(Chunk c, int row, long[] value) {
        for (int r = c.filled; r < row; r++) {
            System.arraycopy(value, 0, c.rows, r * channels, channels);
        }
        if (c.filled < row) {
            c.filled = row;
        }
    }

    private void write(Chunk c, int row, long[] values) {
        int at = row * channels;
        for (int ch = 0; ch < channels; ch++) {
            last[ch] += values[ch];
            c.rows[at + ch] = last[ch];
        }
        c.filled = row + 1;
    }

    /** Seals every bucket before {@code endBucket} that is not sealed yet as empty. */
    void advanceTo(long endBucket) {
        if (!isEmpty() && endBucket > frontier) {
            flatGap(chunkOf(endBucket - 1), endBucket - 1);
            frontier = endBucket;
        }
    }

    /**
     * Adds {@code delta} to an already sealed, still retained {@code bucket} (late data). Costs one row
     * update per bucket from {@code bucket} to the frontier, except over gaps, which cost one slot write
     * per chunk.
     *
     * @return false if the bucket is no longer retained (or not sealed yet), in which case nothing changed
     */
    boolean addLate(long bucket, long[] delta) {
        if (isEmpty() || bucket >= frontier || bucket < oldestRetained()) {
            return false;
        }
        if (bucket < origin) {
            // the buckets before the first append hold nothing; the origin's own chunk has zeros in front of it
            flat(chunkOf(bucket), chunkOf(origin) - 1, new long[channels]);
            origin = bucket;
        }
        long firstChunk = chunkOf(bucket);
        long lastChunk = chunkOf(frontier - 1);
        Chunk replacedFlat = null;
        Chunk replacement = null;
        for (long k = firstChunk; k <= lastChunk; k++) {
            int start = k == firstChunk ? (int) bucket & rowMask : 0;
            Chunk c = slots[slotOf(k)];
            if (c.flat) {
                if (start == 0) {
                    // the whole chunk moves up by delta: share one new flat chunk over the run
                    if (c != replacedFlat) {
                        replacedFlat = c;
                        long[] value = c.rows.clone();
                        for (int ch = 0; ch < channels; ch++) {
                            value[ch] += delta[ch];
                        }
                        replacement = new Chunk(value, true);
                        replacement.number = k;
                        replacement.lastNumber = c.lastNumber;
                        replacement.filled = 1;
                    }
                    slots[slotOf(k)] = replacement;
                    continue;
                }
                c = own(k, c.rows);
            }
            if (start >= c.filled) {
                long[] tail = Arrays.copyOfRange(c.rows, (c.filled - 1) * channels, c.filled * channels);
                fillTo(c, start + 1, tail);
            }
            for (int r = start; r < c.filled; r++) {
                int at = r * channels;
                for (int ch = 0; ch < channels; ch++) {
                    c.rows[at + ch] += delta[ch];
                }
            }
        }
        for (int ch = 0; ch < channels; ch++) {
            last[ch] += delta[ch];
        }
        return true;
    }

    /** The prefix of {@code channel} through {@code bucket}, for a bucket in [oldestRetained − 1, frontier). */
    private long prefixThrough(int channel, long bucket) {
        if (bucket < origin) {
            return 0;
        }
        Chunk c = slots[slotOf(chunkOf(bucket))];
        int row = Math.min((int) bucket & rowMask, c.filled - 1);
        return c.rows[row * channels + channel];
    }

    /**
     * The sum of {@code channel} over buckets {@code [fromBucket, toBucket)}, clipped to the retained,
     * sealed buckets.
     */
    long sum(int channel, long fromBucket, long toBucket) {
        if (isEmpty()) {
            return 0;
        }
        long from = Math.max(fromBucket, oldestRetained());
        long to = Math.min(toBucket, frontier);
        if (to <= from) {
            return 0;
        }
        return prefixThrough(channel, to - 1) - prefixThrough(channel, from - 1);
    }

    /** Sums every channel over {@code [fromBucket, toBucket)} into {@code out}. */
    void sums(long fromBucket, long toBucket, long[] out) {
        for (int c = 0; c < channels; c++) {
            out[c] = sum(c, fromBucket, toBucket);
        }
    }

    /** The amounts of one sealed bucket (zeros if not retained). */
    void bucket(long bucket, long[] out) {
        sums(bucket, bucket + 1, out);
    }

    /** How many full-size chunk arrays the history holds (flat chunks of gaps not counted); for tests. */
    int chunkArrays() {
        int n = 0;
        for (Chunk c : slots) {
            if (c != null && !c.flat) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "ChannelHistory[channels=" + channels + ", capacity=" + capacity + ", frontier=" + frontier
                + ", origin=" + origin + ", last=" + (isEmpty() ? "[]" : Arrays.toString(last)) + "]";
    }

    /**
     * The first bucket in {@code [fromBucket, toBucket)}, clipped to the retained sealed buckets, whose own
     * amount in {@code channel} is not zero, or {@link Long#MIN_VALUE} if there is none. A binary search
     * over the prefix sums, which never decrease since amounts are not negative: O(log n).
     */
    long firstNonZero(int channel, long fromBucket, long toBucket) {
        if (isEmpty()) {
            return Long.MIN_VALUE;
        }
        long from = Math.max(fromBucket, oldestRetained());
        long to = Math.min(toBucket, frontier);
        if (to <= from) {
            return Long.MIN_VALUE;
        }
        long base = prefixThrough(channel, from - 1);
        if (prefixThrough(channel, to - 1) == base) {
            return Long.MIN_VALUE;
        }
        if (prefixThrough(channel, from) > base) {
            return from; // the common case of a busy series: no search
        }
        // the smallest b in [from, to - 1] with prefix(b) > base
        long lo = from;
        long hi = to - 1;
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (prefixThrough(channel, mid) > base) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * The last bucket in {@code [fromBucket, toBucket)}, clipped to the retained sealed buckets, whose own
     * amount in {@code channel} is not zero, or {@link Long#MIN_VALUE} if there is none; O(log n).
     */
    long lastNonZero(int channel, long fromBucket, long toBucket) {
        if (isEmpty()) {
            return Long.MIN_VALUE;
        }
        long from = Math.max(fromBucket, oldestRetained());
        long to = Math.min(toBucket, frontier);
        if (to <= from) {
            return Long.MIN_VALUE;
        }
        long top = prefixThrough(channel, to - 1);
        if (top == prefixThrough(channel, from - 1)) {
            return Long.MIN_VALUE;
        }
        if (to - 1 > from && prefixThrough(channel, to - 2) < top) {
            return to - 1; // the common case of a busy series: no search
        }
        // the smallest b in [from, to - 1] with prefix(b) == top: the prefix last rose there
        long lo = from;
        long hi = to - 1;
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (prefixThrough(channel, mid) >= top) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** A run of prefix rows: a full-size chunk owned by one chunk number, or a shared one-row flat chunk. */
    private static final class Chunk {
        final long[] rows;
        final boolean flat;
        /** The chunk this holds; for a flat chunk, the first of the run it covers. */
        long number;
        /** For a flat chunk, the last chunk of its run; otherwise equal to {@link #number}. */
        long lastNumber;
        /** Rows {@code [0, filled)} hold their own prefix; later rows read as row {@code filled - 1}. */
        int filled;

        Chunk(long[] rows, boolean flat) {
            this.rows = rows;
            this.flat = flat;
        }
    }
}
