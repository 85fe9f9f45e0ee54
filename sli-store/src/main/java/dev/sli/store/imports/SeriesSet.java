package dev.sli.store.imports;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The samples of the series a predicate selects, held in primitive arrays (16 bytes a sample), in any
 * order of arrival; {@link #series} gives each series sorted by time. Samples of series that are not
 * selected are only counted, so memory follows the selected data, not the file. Two samples of a series
 * at the same timestamp keep the first, as Prometheus does, and count the second as a duplicate. Not
 * thread-safe.
 */
public final class SeriesSet implements SampleSink {

    private final Predicate<SeriesKey> selected;
    private final Map<SeriesKey, Builder> series = new LinkedHashMap<>();
    private final Map<String, MetricType> types = new LinkedHashMap<>();
    private final Map<SeriesKey, List<long[]>> intervals = new LinkedHashMap<>();
    private long ignoredSamples;
    private long ignoredSeries;
    private long duplicates;
    private SeriesKey lastIgnored;
    private Map<SeriesKey, Samples> sealed;

    /** A set that keeps the series {@code selected} accepts. */
    public SeriesSet(Predicate<SeriesKey> selected) {
        this.selected = selected;
    }

    /** A set that keeps every series. */
    public static SeriesSet all() {
        return new SeriesSet(k -> true);
    }

    @Override
    public void type(String metric, MetricType type) {
        types.put(metric, type);
    }

    @Override
    public void sample(SeriesKey key, long timestampMillis, double value) {
        if (sealed != null) {
            throw new IllegalStateException("the set was already read; samples cannot be added after series()");
        }
        Builder b = series.get(key);
        if (b == null) {
            if (!selected.test(key)) {
                ignoredSamples++;
                if (!key.equals(lastIgnored)) {
                    lastIgnored = key;
                    ignoredSeries++; // an upper bound when an ignored series comes back later
                }
                return;
            }
            b = new Builder();
            series.put(key, b);
        }
        b.add(timestampMillis, value);
    }

    /**
     * Keeps the interval's recorded values if the predicate selects {@code key}: as {@code {endMillis,
     * value1, count1, value2, count2, …}} with values in nanoseconds, one array per interval.
     */
    @Override
    public void histogram(SeriesKey key, long startMillis, long endMillis, org.HdrHistogram.Histogram histogram) {
        if (!selected.test(key)) {
            ignoredSamples += histogram.getTotalCount();
            return;
        }
        long[] out = new long[17];
        int n = 1;
        out[0] = endMillis;
        for (org.HdrHistogram.HistogramIterationValue v : histogram.recordedValues()) {
            if (n + 2 > out.length) {
                out = java.util.Arrays.copyOf(out, out.length * 2);
            }
            out[n++] = histogram.highestEquivalentValue(v.getValueIteratedTo());
            out[n++] = v.getCountAtValueIteratedTo();
        }
        out = java.util.Arrays.copyOf(out, n);
        intervals.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(out);
    }

    /** The kept histogram intervals by series, in arrival order (see {@link #histogram}); unmodifiable. */
    public Map<SeriesKey, List<long[]>> histograms() {
        return Collections.unmodifiableMap(intervals);
    }

    /** The type declared for {@code metric}, UNKNOWN when none was. */
    public MetricType type(String metric) {
        return types.getOrDefault(metric, MetricType.UNKNOWN);
    }

    /** Every kept series, sorted by time with duplicates removed, in order of first appearance. */
    public Map<SeriesKey, Samples> series() {
        if (sealed == null) {
            Map<SeriesKey, Samples> out = new LinkedHashMap<>();
            for (Map.Entry<SeriesKey, Builder> e : series.entrySet()) {
                out.put(e.getKey(), e.getValue().build());
            }
            sealed = Collections.unmodifiableMap(out);
            series.clear();
        }
        return sealed;
    }

    /** Samples of series that were not selected. */
    public long ignoredSamples() {
        return ignoredSamples;
    }

    /** Runs of samples of series that were not selected (the number of such series when each comes in one run). */
    public long ignoredSeries() {
        return ignoredSeries;
    }

    /** Samples dropped because their series already had a sample at that timestamp. */
    public long duplicates() {
        series();
        return duplicates;
    }

    /** The samples of one series, sorted by time: parallel arrays of epoch milliseconds and values. Immutable. */
    public static final class Samples {
        private final long[] times;
        private final double[] values;

        Samples(long[] times, double[] values) {
            this.times = times;
            this.values = values;
        }

        public int size() {
            return times.length;
        }

        /** The timestamp of sample {@code i}, epoch milliseconds. */
        public long timeMillis(int i) {
            return times[i];
        }

        public double value(int i) {
            return values[i];
        }

        /** The index of the first sample at or after {@code timeMillis} ({@link #size} when none). */
        public int firstAtOrAfter(long timeMillis) {
            int i = Arrays.binarySearch(times, timeMillis);
            return i >= 0 ? i : -i - 1;
        }
    }

    private final class Builder {
        private long[] times = new long[16];
        private double[] values = new double[16];
        private int size;
        private boolean sorted = true;

        void add(long t, double v) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            if (size > 0 && t <= times[size - 1]) {
                sorted = false;
            }
            times[size] = t;
            values[size] = v;
            size++;
        }

        Samples build() {
            Integer[] order = null;
            if (!sorted) {
                order = new Integer[size];
                for (int i = 0; i < size; i++) {
                    order[i] = i;
                }
                final long[] t = times;
                Arrays.sort(order, (a, b) -> Long.compare(t[a], t[b])); // stable: the first arrival stays first
            }
            long[] outT = new long[size];
            double[] outV = new double[size];
            int n = 0;
            for (int j = 0; j < size; j++) {
                int i = order == null ? j : order[j];
                if (n > 0 && times[i] == outT[n - 1]) {
                    duplicates++;
                    continue;
                }
                outT[n] = times[i];
                outV[n] = values[i];
                n++;
            }
            return new Samples(Arrays.copyOf(outT, n), Arrays.copyOf(outV, n));
        }
    }
}
