package dev.sli.store.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;

class HlogImporterTest {

    private static final long START_MILLIS = 1_704_067_200_000L;

    /** What the sink received for one interval: a copy of the histogram, since it is only valid during the call. */
    private static final class Interval {
        final SeriesKey key;
        final long startMillis;
        final long endMillis;
        final Histogram histogram;

        Interval(SeriesKey key, long startMillis, long endMillis, Histogram histogram) {
            this.key = key;
            this.startMillis = startMillis;
            this.endMillis = endMillis;
            this.histogram = histogram;
        }
    }

    private static final class IntervalSink implements SampleSink {
        final List<Interval> intervals = new ArrayList<>();

        @Override
        public void sample(SeriesKey series, long timestampMillis, double value) {
            throw new AssertionError("an interval log has no float samples");
        }

        @Override
        public void histogram(SeriesKey series, long startMillis, long endMillis, Histogram histogram) {
            assertEquals(startMillis, histogram.getStartTimeStamp());
            assertEquals(endMillis, histogram.getEndTimeStamp());
            intervals.add(new Interval(series, startMillis, endMillis, histogram.copy()));
        }
    }

    /** Intervals of seeded lognormal latencies (median {@code medianUnits}), every third one tagged "api". */
    private static List<Histogram> recordings(long seed, int count, double medianUnits, int digits) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Histogram> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Histogram h = new Histogram(3_600_000_000_000L, digits);
            int n = 200 + random.nextInt(2000);
            for (int j = 0; j < n; j++) {
                double g = random.nextGaussian();
                h.recordValue(Math.max(0, Math.round(medianUnits * Math.exp(0.8 * g))));
            }
            if (i == 5) {
                h.recordValue(0); // a zero, and a value far out
                h.recordValue(Math.round(medianUnits * 5000));
            }
            long start = START_MILLIS + i * 60_000L + i; // odd milliseconds, to see them kept
            h.setStartTimeStamp(start);
            h.setEndTimeStamp(start + 60_000L - (i % 7));
            h.setTag(i % 3 == 2 ? "api" : null);
            out.add(h);
        }
        return out;
    }

    /** The log HistogramLogWriter writes: version, StartTime, BaseTime (timestamps relative to it), legend. */
    private static byte[] log(List<Histogram> intervals, boolean relative) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        HistogramLogWriter writer = new HistogramLogWriter(bytes);
        writer.outputLogFormatVersion();
        writer.outputStartTime(START_MILLIS);
        if (relative) {
            writer.setBaseTime(START_MILLIS);
            writer.outputBaseTime(START_MILLIS);
        }
        writer.outputLegend();
        for (Histogram h : intervals) {
            writer.outputIntervalHistogram(h);
        }
        writer.close();
        return bytes.toByteArray();
    }

    private static List<Interval> read(HlogImporter importer, byte[] log) throws Exception {
        IntervalSink sink = new IntervalSink();
        importer.read(new ByteArrayInputStream(log), "latency.hlog", sink);
        return sink.intervals;
    }

    private static List<long[]> buckets(Histogram h) {
        List<long[]> out = new ArrayList<>();
        for (HistogramIterationValue v : h.recordedValues()) {
            out.add(new long[] {v.getValueIteratedTo(), v.getCountAtValueIteratedTo()});
        }
        return out;
    }

    @Test
    void nanosecondIntervalsComeBackExactly() throws Exception {
        for (boolean relative : new boolean[] {true, false}) {
            List<Histogram> written = recordings(42, 24, 40_000_000, 3);
            byte[] log = log(written, relative);
            List<Interval> read = read(HlogImporter.nanoseconds().metric("http_server_duration").build(), log);
            assertEquals(written.size(), read.size());
            HistogramLogReader reference = new HistogramLogReader(new ByteArrayInputStream(log));
            for (int i = 0; i < written.size(); i++) {
                Histogram w = written.get(i);
                Interval r = read.get(i);
                String where = "interval " + i + (relative ? " (relative)" : " (absolute)");
                assertEquals(w.getTag() == null ? SeriesKey.of("http_server_duration", Map.of())
                        : SeriesKey.of("http_server_duration", Map.of("tag", "api")), r.key, where);
                assertEquals(w.getStartTimeStamp(), r.startMillis, where);
                assertEquals(w.getEndTimeStamp(), r.endMillis, where);
                assertEquals(w.getTotalCount(), r.histogram.getTotalCount(), where);
                assertEquals(w.getMinValue(), r.histogram.getMinValue(), where);
                assertEquals(w.getMaxValue(), r.histogram.getMaxValue(), where);
                assertEquals(w.getValueAtPercentile(99), r.histogram.getValueAtPercentile(99), where);
                List<long[]> source = buckets(w);
                List<long[]> target = buckets(r.histogram);
                assertEquals(source.size(), target.size(), where);
                for (int b = 0; b < source.size(); b++) {
                    assertEquals(source.get(b)[0], target.get(b)[0], where + " bucket " + b);
                    assertEquals(source.get(b)[1], target.get(b)[1], where + " bucket " + b);
                }
                EncodableHistogram ref = reference.nextIntervalHistogram();
                assertEquals(ref.getStartTimeStamp(), r.startMillis, where + ": HistogramLogReader's start");
                assertEquals(ref.getEndTimeStamp(), r.endMillis, where + ": HistogramLogReader's end");
            }
            assertNull(reference.nextIntervalHistogram());
        }
    }

    @Test
    void microsecondIntervalsArriveInNanosecondsCountsKept() throws Exception {
        List<Histogram> written = recordings(7, 12, 40_000, 3);
        List<Interval> read = read(HlogImporter.microseconds().metric("rt").build(), log(written, true));
        assertEquals(written.size(), read.size());
        for (int i = 0; i < written.size(); i++) {
            Histogram w = written.get(i);
            Histogram r = read.get(i).histogram;
            String where = "interval " + i;
            assertEquals(w.getTotalCount(), r.getTotalCount(), where);
            // each bucket [L, H] µs arrives as one bucket whose top is (H + 1) * 1000 - 1 ns, with its count
            List<long[]> source = buckets(w);
            List<long[]> target = buckets(r);
            assertEquals(source.size(), target.size(), where);
            for (int b = 0; b < source.size(); b++) {
                assertEquals((source.get(b)[0] + 1) * 1000 - 1, target.get(b)[0], where + " bucket " + b);
                assertEquals(source.get(b)[1], target.get(b)[1], where + " bucket " + b);
            }
            assertEquals((w.getMaxValue() + 1) * 1000 - 1, r.getMaxValue(), where);
            assertEquals((w.getValueAtPercentile(99) + 1) * 1000 - 1, r.getValueAtPercentile(99), where);
            assertTrue(r.getMinValue() >= w.getMinValue() * 1000 && r.getMinValue() <= (w.highestEquivalentValue(w.getMinValue()) + 1) * 1000 - 1,
                    where + ": min " + r.getMinValue() + " within the scaled bucket of " + w.getMinValue());
        }
    }

    @Test
    void millisecondIntervalsArriveInNanosecondsNeverBelow() throws Exception {
        List<Histogram> written = recordings(11, 6, 40, 3);
        List<Interval> read = read(HlogImporter.milliseconds().metric("rt").build(), log(written, false));
        for (int i = 0; i < written.size(); i++) {
            Histogram w = written.get(i);
            Histogram r = read.get(i).histogram;
            assertEquals(w.getTotalCount(), r.getTotalCount());
            long top99 = (w.getValueAtPercentile(99) + 1) * 1_000_000 - 1;
            long topMax = (w.getMaxValue() + 1) * 1_000_000 - 1;
            assertTrue(r.getValueAtPercentile(99) >= top99 && r.getValueAtPercentile(99) <= top99 + (top99 >> 17), i + " p99");
            assertTrue(r.getMaxValue() >= topMax && r.getMaxValue() <= topMax + (topMax >> 17), i + " max");
        }
    }

    @Test
    void startTimeWithoutBaseTimeAnchorsRelativeTimestampsAsHistogramLogReaderDoes() throws Exception {
        String payload = payload(histogramOf(1000, 2000, 3000));
        String log = "#[StartTime: 1704067200.500 (seconds since epoch), Mon Jan 01 00:00:00 UTC 2024]\n"
                + "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n"
                + "0.250,60.001,0.003," + payload + "\n"
                + "\n"
                + "Tag=db,60.251,59.999,0.003," + payload + "\r\n";
        List<Interval> read = read(HlogImporter.nanoseconds().metric("rt").build(), log.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, read.size());
        assertEquals(1704067200750L, read.get(0).startMillis);
        assertEquals(1704067260751L, read.get(0).endMillis);
        assertEquals(SeriesKey.of("rt", Map.of("tag", "db")), read.get(1).key);
        assertEquals(1704067260751L, read.get(1).startMillis);
        assertEquals(1704067320750L, read.get(1).endMillis);
        assertEquals(3, read.get(1).histogram.getTotalCount());
        HistogramLogReader reference = new HistogramLogReader(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)));
        assertEquals(1704067200750L, reference.nextIntervalHistogram().getStartTimeStamp());
    }

    @Test
    void absoluteTimestampsWithoutAnyAnchorAreAbsolute() throws Exception {
        String log = "1704067200.125,60.000,0.003," + payload(histogramOf(5)) + "\n";
        List<Interval> read = read(HlogImporter.nanoseconds().metric("rt").build(), log.getBytes(StandardCharsets.UTF_8));
        assertEquals(1704067200125L, read.get(0).startMillis);
        assertEquals(1704067260125L, read.get(0).endMillis);
    }

    private static Histogram histogramOf(long... values) {
        Histogram h = new Histogram(3);
        for (long v : values) {
            h.recordValue(v);
        }
        return h;
    }

    static String payload(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static ImportException failure(String log) {
        return assertThrows(ImportException.class, () -> read(HlogImporter.nanoseconds().metric("rt").build(),
                log.getBytes(StandardCharsets.UTF_8)));
    }

    private static final String HEAD = "#[StartTime: 1704067200.000 (seconds since epoch), Mon Jan 01 00:00:00 UTC 2024]\n"; // 81 bytes

    @Test
    void aPayloadThatIsNotBase64IsAnErrorNamingTheLine() {
        ImportException e = failure(HEAD + "0.000,60.000,0.003,AAA!\u001b[31m\n");
        assertEquals("latency.hlog:2 (byte 100): the histogram payload is not base64 (Illegal base64 character 21): "
                + "\"AAA!\\u001b[31m\"", e.getMessage());
    }

    @Test
    void aPayloadThatDoesNotInflateIsAnErrorNotAStackTrace() {
        byte[] bytes = Base64.getDecoder().decode(payload(histogramOf(1, 2, 3, 1000, 100000)));
        for (int i = 8; i < bytes.length; i++) {
            bytes[i] ^= 0x5a; // the deflate stream after the 8-byte header
        }
        ImportException e = failure(HEAD + "0.000,60.000,0.003," + Base64.getEncoder().encodeToString(bytes) + "\n");
        assertTrue(e.getMessage().startsWith("latency.hlog:2 (byte 100): the histogram payload does not inflate (corrupt deflate data: "),
                e.getMessage());
    }

    @Test
    void aTruncatedOrForeignPayloadIsAnError() {
        String whole = payload(histogramOf(1, 2, 3, 1000, 100000));
        ImportException cut = failure(HEAD + "0.000,60.000,0.003," + whole.substring(0, 12) + "\n");
        assertTrue(cut.getMessage().startsWith("latency.hlog:2 (byte 100): the histogram payload "), cut.getMessage());
        ImportException foreign = failure(HEAD + "0.000,60.000,0.003," + Base64.getEncoder().encodeToString(
                "not a histogram at all".getBytes(StandardCharsets.UTF_8)) + "\n");
        assertTrue(foreign.getMessage().startsWith("latency.hlog:2 (byte 100): the histogram payload is not a compressed HdrHistogram ("),
                foreign.getMessage());
    }

    @Test
    void aDoubleHistogramIntervalIsRefused() {
        DoubleHistogram d = new DoubleHistogram(3);
        d.recordValue(0.5);
        ByteBuffer buffer = ByteBuffer.allocate(d.getNeededByteBufferCapacity());
        int length = d.encodeIntoCompressedByteBuffer(buffer);
        String payload = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
        ImportException e = failure(HEAD + "0.000,60.000,0.003," + payload + "\n");
        assertEquals("latency.hlog:2 (byte 100): the interval holds a DoubleHistogram: only integer histograms of latencies can be read",
                e.getMessage());
    }

    @Test
    void badFieldsNameTheLineAndField() {
        String p = payload(histogramOf(1));
        assertEquals("latency.hlog:2 (byte 81): expected an interval line (StartTimestamp,Interval_Length,Interval_Max,"
                + "Interval_Compressed_Histogram), found \"0.000,60.000\"", failure(HEAD + "0.000,60.000\n").getMessage());
        assertEquals("latency.hlog:2 (byte 81): expected the interval's start timestamp in seconds, found \"1e3\"",
                failure(HEAD + "1e3,60.000,0.003," + p + "\n").getMessage());
        assertEquals("latency.hlog:2 (byte 87): expected the interval's length in seconds (not negative), found \"-60.000\"",
                failure(HEAD + "0.000,-60.000,0.003," + p + "\n").getMessage());
        assertEquals("latency.hlog:2 (byte 94): expected the interval's max value, found \"\"",
                failure(HEAD + "0.000,60.000,," + p + "\n").getMessage());
        assertEquals("latency.hlog:1 (byte 13): expected seconds since the epoch after \"#[StartTime:\", found \"soon\"",
                failure("#[StartTime: soon]\n").getMessage());
        assertEquals("latency.hlog:1 (byte 0): expected \"Tag=name,\" and the interval's fields, found \"Tag=x\"",
                failure("Tag=x\n").getMessage());
    }

    @Test
    void relativeTimestampsWithNothingToAnchorThemAreRefused() {
        ImportException e = failure("0.127,1.007,0.003," + payload(histogramOf(1)) + "\n");
        assertEquals("latency.hlog:1 (byte 0): the interval starts 127 ms after the epoch, not between 1973-03-03 and 5138: "
                + "the log's timestamps are relative and no #[StartTime: …] or #[BaseTime: …] line anchors them", e.getMessage());
    }

    @Test
    void builderNeedsAMetricName() {
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> HlogImporter.microseconds().build());
        assertEquals("metric is not set: an interval log does not name its series, give it with metric(name)", missing.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> HlogImporter.microseconds().metric("rt\u001b"));
        assertEquals("metric \"rt\\u001b\" is not a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)", bad.getMessage());
    }

    @Test
    void aLineLongerThanTheLimitIsAnError() {
        ImportException e = assertThrows(ImportException.class, () -> read(HlogImporter.nanoseconds().metric("rt").maxLineBytes(256).build(),
                (HEAD + "0.000,60.000,0.003," + "A".repeat(400) + "\n").getBytes(StandardCharsets.UTF_8)));
        assertEquals("latency.hlog:2 (byte 81): the line is longer than 256 bytes, the limit for one line; it starts "
                + "\"0.000,60.000,0.003," + "A".repeat(41) + "…\"", e.getMessage());
    }
}
