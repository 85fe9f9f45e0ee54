package dev.sli.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ChannelHistory} against a brute-force map of bucket amounts, over random appends with gaps of
 * every size (inside a chunk, across chunks, longer than the retention), advances, late additions (also
 * before the first bucket) and queries over random spans, with chunks small enough that the slot ring
 * wraps many times.
 */
class ChannelHistoryTest {

    /** Buckets → amounts per channel, and the same bookkeeping of frontier and retention as the history. */
    static final class Reference {
        final int channels;
        final int capacity;
        final Map<Long, long[]> amounts = new HashMap<>();
        long frontier = Long.MIN_VALUE;

        Reference(int channels, int capacity) {
            this.channels = channels;
            this.capacity = capacity;
        }

        long oldest() {
            return frontier - capacity;
        }

        long amount(int channel, long bucket) {
            long[] a = amounts.get(bucket);
            return a == null ? 0 : a[channel];
        }

        long sum(int channel, long from, long to) {
            if (frontier == Long.MIN_VALUE) {
                return 0;
            }
            long total = 0;
            for (long b = Math.max(from, oldest()); b < Math.min(to, frontier); b++) {
                total += amount(channel, b);
            }
            return total;
        }

        long firstNonZero(int channel, long from, long to) {
            if (frontier == Long.MIN_VALUE) {
                return Long.MIN_VALUE;
            }
            for (long b = Math.max(from, oldest()); b < Math.min(to, frontier); b++) {
                if (amount(channel, b) != 0) {
                    return b;
                }
            }
            return Long.MIN_VALUE;
        }

        long lastNonZero(int channel, long from, long to) {
            if (frontier == Long.MIN_VALUE) {
                return Long.MIN_VALUE;
            }
            for (long b = Math.min(to, frontier) - 1; b >= Math.max(from, oldest()); b--) {
                if (amount(channel, b) != 0) {
                    return b;
                }
            }
            return Long.MIN_VALUE;
        }

        void add(long bucket, long[] values) {
            long[] a = amounts.computeIfAbsent(bucket, k -> new long[channels]);
            for (int c = 0; c < channels; c++) {
                a[c] += values[c];
            }
        }
    }

    static long[] randomValues(SplittableRandom r, int channels) {
        long[] v = new long[channels];
        for (int c = 0; c < channels; c++) {
            v[c] = r.nextInt(4) == 0 ? 0 : r.nextInt(1000);
        }
        return v;
    }

    void exercise(long seed, int channels, int capacity, int chunkRows, int steps) {
        SplittableRandom r = new SplittableRandom(seed);
        ChannelHistory h = new ChannelHistory(channels, capacity, chunkRows);
        Reference ref = new Reference(channels, capacity);
        long next = -5000 + r.nextInt(10_000); // negative buckets too: before 1970
        for (int step = 0; step < steps; step++) {
            int op = r.nextInt(10);
            if (op < 5 || ref.frontier == Long.MIN_VALUE) {
                long gap = switch (r.nextInt(6)) {
                    case 0 -> r.nextInt(3 * chunkRows);
                    case 1 -> r.nextInt(capacity * 3 + 2);
                    default -> r.nextInt(3);
                };
                long bucket = (ref.frontier == Long.MIN_VALUE ? next : ref.frontier) + gap;
                long[] v = randomValues(r, channels);
                h.append(bucket, v);
                ref.add(bucket, v);
                ref.frontier = bucket + 1;
            } else if (op < 7) {
                long end = ref.frontier + r.nextInt(r.nextBoolean() ? 3 : 2 * capacity + 2);
                h.advanceTo(end);
                ref.frontier = Math.max(ref.frontier, end);
            } else {
                long bucket = ref.frontier - 1 - r.nextInt(capacity + 3);
                long[] v = randomValues(r, channels);
                boolean retained = bucket >= ref.oldest();
                assertEquals(retained, h.addLate(bucket, v), "addLate " + bucket + " " + h);
                if (retained) {
                    ref.add(bucket, v);
                }
            }
            assertEquals(ref.frontier, h.frontier());
            assertEquals(ref.oldest(), h.oldestRetained());
            for (int q = 0; q < 6; q++) {
                long from = ref.frontier - r.nextInt(capacity + 5);
                long to = from + r.nextInt(capacity + 5);
                int c = r.nextInt(channels);
                String where = "seed " + seed + " step " + step + " [" + from + ", " + to + ") channel " + c + " " + h;
                assertEquals(ref.sum(c, from, to), h.sum(c, from, to), where);
                assertEquals(ref.firstNonZero(c, from, to), h.firstNonZero(c, from, to), "first " + where);
                assertEquals(ref.lastNonZero(c, from, to), h.lastNonZero(c, from, to), "last " + where);
            }
        }
    }

    @Test
    void sumsAndNonZeroBucketsMatchBruteForceWithTinyChunks() {
        for (long seed = 1; seed <= 40; seed++) {
            exercise(seed, 1 + (int) (seed % 3), 1 + (int) (seed * 7 % 90), 4, 400);
        }
    }

    @Test
    void sumsAndNonZeroBucketsMatchBruteForceWithChunksLargerThanTheCapacity() {
        for (long seed = 41; seed <= 60; seed++) {
            exercise(seed, 2, 1 + (int) (seed % 13), 1024, 300);
        }
    }

    @Test
    void sumsAndNonZeroBucketsMatchBruteForceWithFullSizeChunks() {
        exercise(61, 2, 3000, ChannelHistory.CHUNK_ROWS, 300);
        exercise(62, 3, 1500, ChannelHistory.CHUNK_ROWS, 300);
    }

    @Test
    void emptyHistoryHasNoNonZeroBucket() {
        ChannelHistory h = new ChannelHistory(2, 100);
        assertEquals(Long.MIN_VALUE, h.firstNonZero(0, 0, 100));
        assertEquals(Long.MIN_VALUE, h.lastNonZero(1, 0, 100));
        h.append(50, new long[] {0, 3});
        assertEquals(Long.MIN_VALUE, h.firstNonZero(0, 0, 100));
        assertEquals(50, h.firstNonZero(1, 0, 100));
        assertEquals(50, h.lastNonZero(1, 0, 100));
        assertEquals(Long.MIN_VALUE, h.lastNonZero(1, 0, 50));
    }

    @Test
    void aGapLongerThanTheRetentionAllocatesNoChunkArray() {
        // 2^24 buckets of retention, data in two places far apart: only their chunks are arrays
        ChannelHistory h = new ChannelHistory(2, 1 << 24);
        for (long b = 0; b < 2880; b++) {
            h.append(b, new long[] {2, 1});
        }
        assertEquals(3, h.chunkArrays()); // buckets 0..2879 lie in chunks 0, 1 and 2
        h.advanceTo(10_000_000L);
        h.append(10_000_000L, new long[] {5, 5});
        assertEquals(4, h.chunkArrays());
        assertEquals(2 * 2880 + 5, h.sum(0, 0, 10_000_001L));
        assertEquals(2880 + 5, h.sum(1, -5, 20_000_000L));
        assertEquals(2879, h.lastNonZero(0, 0, 10_000_000L));
        assertEquals(10_000_000L, h.firstNonZero(0, 2880, 10_000_001L));
        h.advanceTo(10_000_001L + (1 << 24) + 5000);
        assertEquals(0, h.sum(0, 0, Long.MAX_VALUE));
    }
}
