package dev.sli.core.record;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Compact storage and rank queries for HdrHistograms. Sealed buckets are kept in HdrHistogram's own
 * compressed encoding (about 1 KiB for a minute of 1,000 requests), so three weeks of minute buckets of
 * a busy series fit in tens of MiB instead of gigabytes. Not thread-safe (one scratch buffer).
 */
final class HistogramCodec {

    private ByteBuffer scratch;

    byte[] encode(Histogram histogram) {
        int needed = histogram.getNeededByteBufferCapacity();
        if (scratch == null || scratch.capacity() < needed) {
            scratch = ByteBuffer.allocate(needed);
        }
        scratch.clear();
        int length = histogram.encodeIntoCompressedByteBuffer(scratch);
        byte[] out = new byte[length];
        scratch.flip();
        scratch.get(out);
        return out;
    }

    static Histogram decode(byte[] compact) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(compact), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException("corrupt sealed histogram: " + e.getMessage(), e);
        }
    }

    /** The nearest rank of quantile {@code q} among {@code count} values: ceil(q * count), at least 1, exact in decimal. */
    static long rank(double quantile, long count) {
        long rank = BigDecimal.valueOf(quantile).multiply(BigDecimal.valueOf(count))
                .setScale(0, RoundingMode.CEILING).longValueExact();
        return Math.max(1, Math.min(count, rank));
    }

    /**
     * The smallest recorded value whose cumulative count reaches the nearest rank of {@code quantile},
     * as the highest value equivalent to it at the histogram's precision, but never above
     * {@code exactMaxNanos}. Asks HdrHistogram for the percentile half a rank below ours: it rounds
     * {@code p / 100 * count} up, so the half rank absorbs any floating-point error and lands on our rank.
     */
    static long valueAtQuantile(Histogram histogram, double quantile, long exactMaxNanos) {
        long count = histogram.getTotalCount();
        long rank = rank(quantile, count);
        double percentile = 100.0 * (rank - 0.5) / count;
        return Math.min(histogram.getValueAtPercentile(percentile), exactMaxNanos);
    }
}
