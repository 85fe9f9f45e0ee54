package dev.sli.store.imports;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.PackedHistogram;

/**
 * Reads HdrHistogram interval logs as {@code org.HdrHistogram.HistogramLogWriter} writes them
 * ({@code #[StartTime: …]}, {@code #[BaseTime: …]}, the {@code "StartTimestamp",…} legend, interval lines
 * {@code [Tag=name,]start,length,max,payload}) and hands each interval to
 * {@link SampleSink#histogram}, one at a time, under the series {@code metric} (with the label
 * {@code tag} when the line is tagged). Payloads are decoded by HdrHistogram itself; a payload that is
 * not base64, does not inflate or is not a compressed integer histogram is an {@link ImportException}
 * naming the line.
 *
 * <p>Times follow {@code HistogramLogReader}: a timestamp is seconds relative to the base time
 * ({@code #[BaseTime: …]}, or, when the log has none, the start time if the first timestamp is more than a
 * year before it, else 0), and the start time is {@code #[StartTime: …]} or the first timestamp. Unlike the
 * reader, the decimals are added exactly (not as doubles) and cut to milliseconds towards zero. An
 * interval that lands outside 1973-03-03 to 5138 is an error: a log of relative timestamps with nothing to
 * anchor them would otherwise replay in January 1970.
 *
 * <p>The log does not say the unit of its values, so the importer is built with it
 * ({@link #nanoseconds()}, {@link #microseconds()}, {@link #milliseconds()}); the sink always receives
 * nanoseconds: see {@link SampleSink#histogram} for how other units are converted.
 *
 * <p>Immutable and thread-safe; each call reads one input with its own state, one line (at most
 * {@link Builder#maxLineBytes}) and one interval in memory at a time.
 */
public final class HlogImporter implements Importer {

    /** HistogramLogReader's threshold for relative timestamps: a year, in seconds. */
    private static final BigDecimal YEAR_SECONDS = BigDecimal.valueOf(365L * 24 * 3600);

    private final TimeUnit unit;
    private final String metric;
    private final int maxLineBytes;

    private HlogImporter(Builder b) {
        this.unit = b.unit;
        this.metric = b.metric;
        this.maxLineBytes = b.maxLineBytes;
    }

    /** A builder for a log of values recorded in nanoseconds (handed to the sink unchanged). */
    public static Builder nanoseconds() {
        return new Builder(TimeUnit.NANOSECONDS);
    }

    /** A builder for a log of values recorded in microseconds. */
    public static Builder microseconds() {
        return new Builder(TimeUnit.MICROSECONDS);
    }

    /** A builder for a log of values recorded in milliseconds. */
    public static Builder milliseconds() {
        return new Builder(TimeUnit.MILLISECONDS);
    }

    /**
     * Reads every interval of {@code in} into {@code sink}.
     *
     * @throws ImportException naming the source, line and what was expected, at the first line that cannot
     *     be read (intervals before it were passed to the sink)
     * @throws IOException when reading {@code in} fails
     */
    @Override
    public void read(InputStream in, String source, SampleSink sink) throws IOException, ImportException {
        new Reading(new LineSource(in, source, maxLineBytes), source, sink).run();
    }

    @Override
    public String toString() {
        return "HdrHistogram interval log of " + unit.toString().toLowerCase(java.util.Locale.ROOT) + " as " + metric;
    }

    /** Configures an {@link HlogImporter}; not thread-safe. */
    public static final class Builder {
        private final TimeUnit unit;
        private String metric;
        private int maxLineBytes = 16 << 20;

        private Builder(TimeUnit unit) {
            this.unit = unit;
        }

        /**
         * The metric name of the series the intervals go to (required).
         *
         * @throws IllegalArgumentException when it is not a Prometheus metric name
         */
        public Builder metric(String name) {
            if (name == null || !name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
                throw new IllegalArgumentException("metric " + (name == null ? "null" : Excerpt.of(name))
                        + " is not a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
            }
            this.metric = name;
            return this;
        }

        /**
         * The longest line read, in bytes (default 16 MiB: a compressed histogram is one line).
         *
         * @throws IllegalArgumentException unless between 256 bytes and 256 MiB
         */
        public Builder maxLineBytes(int bytes) {
            if (bytes < 256 || bytes > (256 << 20)) {
                throw new IllegalArgumentException("maxLineBytes " + bytes + " is not between 256 and 268435456 (256 MiB)");
            }
            this.maxLineBytes = bytes;
            return this;
        }

        /**
         * The importer.
         *
         * @throws IllegalStateException when no metric name was given
         */
        public HlogImporter build() {
            if (metric == null) {
                throw new IllegalStateException("metric is not set: an interval log does not name its series, give it with metric(name)");
            }
            return new HlogImporter(this);
        }
    }

    private final class Reading {
        private final LineSource lines;
        private final String source;
        private final SampleSink sink;
        private final SeriesKey untagged;
        private final long factor;
        private PackedHistogram converted;
        private BigDecimal startTimeSeconds;
        private BigDecimal baseTimeSeconds;
        private String tag;
        private SeriesKey tagged;

        Reading(LineSource lines, String source, SampleSink sink) {
            this.lines = lines;
            this.source = source;
            this.sink = sink;
            this.untagged = SeriesKey.of(metric, Map.of());
            this.factor = unit.toNanos(1);
        }

        void run() throws IOException, ImportException {
            String line;
            while ((line = lines.next()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                if (line.startsWith("#[StartTime:")) {
                    startTimeSeconds = anchor(line, "#[StartTime:");
                } else if (line.startsWith("#[BaseTime:")) {
                    baseTimeSeconds = anchor(line, "#[BaseTime:");
                } else if (line.startsWith("#") || line.startsWith("\"StartTimestamp\"")) {
                    continue; // a comment, the format version, or the legend
                } else {
                    interval(line);
                }
            }
        }

        /** The seconds since the epoch after {@code prefix}, as HistogramLogWriter writes them. */
        private BigDecimal anchor(String line, String prefix) throws ImportException {
            int from = prefix.length();
            while (from < line.length() && line.charAt(from) == ' ') {
                from++;
            }
            int to = from;
            while (to < line.length() && " ,]".indexOf(line.charAt(to)) < 0) {
                to++;
            }
            BigDecimal seconds = decimal(line.substring(from, to));
            if (seconds == null) {
                throw error(lines.offsetOf(line, from), "expected seconds since the epoch after \"" + prefix
                        + "\", found " + (from == to ? "nothing" : Excerpt.of(line, from, to)));
            }
            return seconds;
        }

        private void interval(String line) throws ImportException {
            int at = 0;
            SeriesKey key = untagged;
            if (line.startsWith("Tag=")) {
                int comma = line.indexOf(',');
                if (comma < 0) {
                    throw error(lines.lineStartOffset(), "expected \"Tag=name,\" and the interval's fields, found " + Excerpt.of(line));
                }
                String name = line.substring(4, comma);
                if (!name.equals(tag)) {
                    tag = name;
                    tagged = SeriesKey.of(metric, Map.of("tag", name));
                }
                key = tagged;
                at = comma + 1;
            }
            String[] fields = new String[4];
            int[] starts = new int[4];
            for (int i = 0; i < 4; i++) {
                int end = i < 3 ? line.indexOf(',', at) : line.length();
                if (end < 0) {
                    throw error(lines.lineStartOffset(), "expected an interval line (StartTimestamp,Interval_Length,"
                            + "Interval_Max,Interval_Compressed_Histogram), found " + Excerpt.of(line));
                }
                starts[i] = at;
                fields[i] = line.substring(at, end);
                at = end + 1;
            }
            BigDecimal timestamp = decimal(fields[0]);
            if (timestamp == null) {
                throw error(lines.offsetOf(line, starts[0]), "expected the interval's start timestamp in seconds, found " + Excerpt.of(fields[0]));
            }
            BigDecimal length = decimal(fields[1]);
            if (length == null || length.signum() < 0) {
                throw error(lines.offsetOf(line, starts[1]), "expected the interval's length in seconds (not negative), found "
                        + Excerpt.of(fields[1]));
            }
            if (decimal(fields[2]) == null) {
                throw error(lines.offsetOf(line, starts[2]), "expected the interval's max value, found " + Excerpt.of(fields[2]));
            }
            // HistogramLogReader's anchoring: the first timestamp stands for a missing StartTime, and a
            // missing BaseTime is the StartTime when timestamps are more than a year before it, else 0.
            if (startTimeSeconds == null) {
                startTimeSeconds = timestamp;
            }
            if (baseTimeSeconds == null) {
                baseTimeSeconds = timestamp.compareTo(startTimeSeconds.subtract(YEAR_SECONDS)) < 0 ? startTimeSeconds : BigDecimal.ZERO;
            }
            BigDecimal startSeconds = timestamp.add(baseTimeSeconds);
            long startMillis = millis(startSeconds);
            long endMillis = millis(startSeconds.add(length));
            if (startMillis < ExpositionImporter.MIN_TIMESTAMP_MILLIS || endMillis >= ExpositionImporter.MAX_TIMESTAMP_MILLIS) {
                throw error(lines.offsetOf(line, starts[0]), "the interval starts " + startMillis + " ms after the epoch, not between "
                        + "1973-03-03 and 5138: the log's timestamps are relative and no #[StartTime: …] or #[BaseTime: …] "
                        + "line anchors them");
            }
            long payloadOffset = lines.offsetOf(line, starts[3]);
            Histogram histogram = decode(fields[3], payloadOffset);
            Histogram nanoseconds = factor == 1 ? histogram : toNanoseconds(histogram, payloadOffset);
            nanoseconds.setStartTimeStamp(startMillis);
            nanoseconds.setEndTimeStamp(endMillis);
            nanoseconds.setTag(key == untagged ? null : tag);
            sink.histogram(key, startMillis, endMillis, nanoseconds);
        }

        private Histogram decode(String payload, long offset) throws ImportException {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(payload);
            } catch (IllegalArgumentException e) {
                throw error(offset, "the histogram payload is not base64 (" + e.getMessage() + "): " + Excerpt.of(payload));
            }
            try {
                return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
            } catch (DataFormatException e) {
                throw error(offset, "the histogram payload does not inflate (corrupt deflate data"
                        + (e.getMessage() == null ? "" : ": " + Excerpt.of(e.getMessage())) + ")");
            } catch (RuntimeException e) { // HdrHistogram's decoder signals a bad cookie, header or size with these
                if (isDoubleHistogram(bytes)) {
                    throw error(offset, "the interval holds a DoubleHistogram: only integer histograms of latencies can be read");
                }
                throw error(offset, "the histogram payload is not a compressed HdrHistogram (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + Excerpt.of(e.getMessage())) + ")");
            }
        }

        private boolean isDoubleHistogram(byte[] bytes) {
            try {
                DoubleHistogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
                return true;
            } catch (DataFormatException | RuntimeException e) {
                return false;
            }
        }

        /** Each recorded bucket [L, H] of {@code source} recorded as (H + 1) × factor − 1 ns, its count kept. */
        private Histogram toNanoseconds(Histogram source, long offset) throws ImportException {
            if (converted == null) {
                converted = new PackedHistogram(5);
            }
            converted.reset();
            for (HistogramIterationValue v : source.recordedValues()) {
                long top;
                try {
                    top = Math.multiplyExact(v.getValueIteratedTo() + 1, factor) - 1;
                } catch (ArithmeticException e) {
                    throw error(offset, "the value " + v.getValueIteratedTo() + " " + unit.toString().toLowerCase(java.util.Locale.ROOT)
                            + " is beyond the nanosecond range");
                }
                converted.recordValueWithCount(top, v.getCountAtValueIteratedTo());
            }
            return converted;
        }

        private long millis(BigDecimal seconds) throws ImportException {
            try {
                return seconds.movePointRight(3).setScale(0, RoundingMode.DOWN).longValueExact();
            } catch (ArithmeticException e) {
                throw error(lines.lineStartOffset(), "the interval's time " + Excerpt.of(seconds.toPlainString()) + " s is beyond the range of milliseconds");
            }
        }

        private ImportException error(long offset, String problem) {
            return new ImportException(source, lines.lineNumber(), offset, problem);
        }
    }

    /** A plain decimal ([+-]digits[.digits], as HistogramLogWriter's %.3f), or null. */
    private static BigDecimal decimal(String s) {
        if (s.isEmpty() || s.length() > 40) {
            return null;
        }
        int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        int digits = 0;
        boolean dot = false;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return null;
            }
        }
        return digits == 0 ? null : new BigDecimal(s);
    }
}
