package dev.sli.core.record;

import org.HdrHistogram.Histogram;

/**
 * HdrHistogram's bucket layout for a range {@code [1, highestTrackable]} at {@code significantDigits}: the
 * position ("index") of every value's equivalence range in HdrHistogram's counts array, and back.
 * HdrHistogram keeps this mapping internal; sealed buckets need it to store only the indices that hold
 * counts (a minute of 1,000 requests fills about 1,000 of 33,792 slots) and to compose many buckets
 * without expanding each into a full histogram. The layout is exactly HdrHistogram's (tested against it
 * index by index), so precision statements and exports carry over unchanged. Immutable, thread-safe.
 *
 * <pre>
 *  index:  0 ............ h-1 | h ......... 2h-1 | 2h ........ 3h-1 | ...      h = subBucketHalfCount
 *  values: 0 ............ h-1 | h ......... 2h-1 | 2h, 2h+2, ... 4h-2 | ...  (unit doubles per run of h)
 *  bin:    0                  | 1                | 2                | ...    (one bin = h indices)
 * </pre>
 */
final class HistogramLayout {

    final long highestTrackableNanos;
    final int significantDigits;
    /** log2 of the indices in one run of equal unit width (HdrHistogram's subBucketHalfCountMagnitude). */
    final int binShift;
    private final int subBucketHalfCount;
    private final long subBucketMask;
    private final int leadingZeroCountBase;
    /** Length of HdrHistogram's counts array for this range: every index is below it. */
    final int length;

    HistogramLayout(long highestTrackableNanos, int significantDigits) {
        // Take the lengths from HdrHistogram itself, so that the two can never drift apart.
        Histogram template = new Histogram(1, highestTrackableNanos, significantDigits);
        this.highestTrackableNanos = highestTrackableNanos;
        this.significantDigits = significantDigits;
        long largestSingleUnit = 2 * (long) Math.pow(10, significantDigits);
        int subBucketCountMagnitude = (int) Math.ceil(Math.log(largestSingleUnit) / Math.log(2));
        this.binShift = Math.max(subBucketCountMagnitude, 1) - 1;
        int subBucketCount = 1 << (binShift + 1);
        this.subBucketHalfCount = subBucketCount / 2;
        this.subBucketMask = subBucketCount - 1L;
        this.leadingZeroCountBase = 64 - binShift - 1;
        this.length = indexOf(template.highestEquivalentValue(highestTrackableNanos)) + 1;
        if (valueFromIndex(length - 1) != template.lowestEquivalentValue(highestTrackableNanos)) {
            throw new IllegalStateException("HdrHistogram layout differs from the one sli expects for "
                    + highestTrackableNanos + " ns at " + significantDigits + " digits");
        }
    }

    /** The counts-array index of {@code value} (0 ≤ value ≤ highest trackable). */
    int indexOf(long value) {
        int bucket = leadingZeroCountBase - Long.numberOfLeadingZeros(value | subBucketMask);
        int subBucket = (int) (value >>> bucket);
        return ((bucket + 1) << binShift) + (subBucket - subBucketHalfCount);
    }

    /** The lowest value of index {@code index}'s equivalence range. */
    long valueFromIndex(int index) {
        int bucket = (index >> binShift) - 1;
        int subBucket = (index & (subBucketHalfCount - 1)) + subBucketHalfCount;
        if (bucket < 0) {
            subBucket -= subBucketHalfCount;
            bucket = 0;
        }
        return (long) subBucket << bucket;
    }

    /** The highest value of index {@code index}'s equivalence range (what HdrHistogram reports for it). */
    long highestEquivalentValue(int index) {
        int bucket = Math.max(0, (index >> binShift) - 1);
        return valueFromIndex(index) + (1L << bucket) - 1;
    }

    /** How many bins (runs of {@code 1 << binShift} indices) the layout has. */
    int bins() {
        return ((length - 1) >> binShift) + 1;
    }

    @Override
    public String toString() {
        return "HistogramLayout[1.." + highestTrackableNanos + " ns, " + significantDigits + " digits, "
                + length + " indices]";
    }
}
