package dev.sli.store.imports;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the Prometheus text exposition format 0.0.4 ({@link #prometheusText()}: timestamps in integer
 * milliseconds) or OpenMetrics 1.0 text ({@link #openMetrics()}: timestamps in decimal seconds, converted
 * exactly to milliseconds, a fraction below the millisecond cut towards zero as Prometheus does), several
 * scrapes concatenated in one input, streaming line by line.
 *
 * <p>What is read: samples ({@code name{label="value",…} value [timestamp]}, label values with the escapes
 * {@code \\}, {@code \"}, {@code \n}; any other backslash pair is kept as written, as Prometheus does);
 * values as Prometheus parses them (decimal floats, {@code NaN}, {@code +Inf}, {@code -Inf}; a value
 * beyond the float64 range is an error); {@code # TYPE} lines, passed to {@link SampleSink#type} once per
 * metric family (a later scrape may repeat one; a different type for the same family is an error);
 * {@code # HELP} and {@code # UNIT} lines, read and ignored (other {@code #} lines are comments in the
 * Prometheus text format and errors in OpenMetrics); blank lines (Prometheus text only), blanks around
 * tokens and a {@code \r} before the newline, tolerated; exemplars ({@code # {…} value [ts]} after a
 * sample), skipped. In OpenMetrics, {@code # EOF} must end the input: text after it, or an input without
 * it (a truncated file), is an error. The type of an OpenMetrics counter is given under the name its
 * samples carry ({@code foo_total} for {@code # TYPE foo counter}), so both formats name counters alike;
 * OpenMetrics {@code _created} samples are kept as their own series ({@code foo_created}, value the
 * creation time in seconds), untyped, as Prometheus 2.42 stores them. {@code gaugehistogram},
 * {@code info} and {@code stateset} families are GAUGE, {@code untyped} and {@code unknown} UNKNOWN.
 *
 * <p>Every sample needs a timestamp, since a replay places samples in time, unless the builder is given a
 * default. Timestamps must fall between 1973-03-03 and 5138 (10<sup>11</sup> to 10<sup>14</sup> ms): a value
 * outside is almost always seconds read as milliseconds or the reverse, so it is an error rather than a
 * sample 1000 times off. Within a series, a sample older than the series' newest is skipped as out of
 * order, and one at the newest timestamp is skipped as a duplicate (a different value) or repeated (the
 * same value), as Prometheus's TSDB does; {@link #readWithStats} counts them.
 *
 * <p>Immutable and thread-safe; each call reads one input with its own state (memory follows the number
 * of series, bounded by {@link Builder#maxSeries}, and one line, bounded by {@link Builder#maxLineBytes}).
 */
public final class ExpositionImporter implements Importer {

    /** 10^11 ms: 1973-03-03. */
    static final long MIN_TIMESTAMP_MILLIS = 100_000_000_000L;
    /** 10^14 ms: year 5138. */
    static final long MAX_TIMESTAMP_MILLIS = 100_000_000_000_000L;

    private final boolean openMetrics;
    private final boolean hasDefaultTimestamp;
    private final long defaultTimestampMillis;
    private final int maxLineBytes;
    private final int maxSeries;

    private ExpositionImporter(Builder b) {
        this.openMetrics = b.openMetrics;
        this.hasDefaultTimestamp = b.hasDefaultTimestamp;
        this.defaultTimestampMillis = b.defaultTimestampMillis;
        this.maxLineBytes = b.maxLineBytes;
        this.maxSeries = b.maxSeries;
    }

    /** A builder for the Prometheus text exposition format 0.0.4 (timestamps in integer milliseconds). */
    public static Builder prometheusText() {
        return new Builder(false);
    }

    /** A builder for OpenMetrics 1.0 text (timestamps in decimal seconds; the input ends with {@code # EOF}). */
    public static Builder openMetrics() {
        return new Builder(true);
    }

    /** Reads {@code in} into {@code sink}; the same as {@link #readWithStats} without the counts. */
    @Override
    public void read(InputStream in, String source, SampleSink sink) throws IOException, ImportException {
        readWithStats(in, source, sink);
    }

    /**
     * Reads {@code in} into {@code sink} and says how many samples were passed and how many skipped.
     *
     * @throws ImportException naming the source, line, byte offset and what was expected, at the first
     *     input that cannot be read (the sink keeps what it received before)
     * @throws IOException when reading {@code in} fails
     */
    public ImportStats readWithStats(InputStream in, String source, SampleSink sink) throws IOException, ImportException {
        return new Reading(new LineSource(in, source, maxLineBytes), source, sink).run();
    }

    @Override
    public String toString() {
        return openMetrics ? "OpenMetrics 1.0 text" : "Prometheus text format 0.0.4";
    }

    /** Configures an {@link ExpositionImporter}; not thread-safe. */
    public static final class Builder {
        private final boolean openMetrics;
        private boolean hasDefaultTimestamp;
        private long defaultTimestampMillis;
        private int maxLineBytes = 1 << 20;
        private int maxSeries = 1_000_000;

        private Builder(boolean openMetrics) {
            this.openMetrics = openMetrics;
        }

        /**
         * The timestamp, Unix epoch milliseconds, of samples that carry none (a single scrape saved without
         * timestamps). Without it such a sample is an error.
         *
         * @throws IllegalArgumentException when it lies outside 1973-03-03 to 5138
         */
        public Builder defaultTimestampMillis(long timestampMillis) {
            if (timestampMillis < MIN_TIMESTAMP_MILLIS || timestampMillis >= MAX_TIMESTAMP_MILLIS) {
                throw new IllegalArgumentException("defaultTimestampMillis " + timestampMillis
                        + " is not between 10^11 (1973-03-03) and 10^14 (year 5138): give Unix epoch milliseconds");
            }
            this.hasDefaultTimestamp = true;
            this.defaultTimestampMillis = timestampMillis;
            return this;
        }

        /**
         * The longest line read, in bytes (default 1 MiB); a longer one is an error.
         *
         * @throws IllegalArgumentException unless between 256 bytes and 64 MiB
         */
        public Builder maxLineBytes(int bytes) {
            if (bytes < 256 || bytes > (64 << 20)) {
                throw new IllegalArgumentException("maxLineBytes " + bytes + " is not between 256 and 67108864 (64 MiB)");
            }
            this.maxLineBytes = bytes;
            return this;
        }

        /**
         * The most distinct series one input may hold (default 1,000,000); more is an error, since the
         * importer keeps each series' newest timestamp.
         *
         * @throws IllegalArgumentException unless positive
         */
        public Builder maxSeries(int series) {
            if (series < 1) {
                throw new IllegalArgumentException("maxSeries " + series + " is not positive");
            }
            this.maxSeries = series;
            return this;
        }

        /** The importer. */
        public ExpositionImporter build() {
            return new ExpositionImporter(this);
        }
    }

    /** The newest sample of one series. */
    private static final class SeriesState {
        final SeriesKey key;
        boolean seen;
        long newestMillis;
        long newestBits;

        SeriesState(SeriesKey key) {
            this.key = key;
        }
    }

    /** A declared family type and where it was declared. */
    private static final class Declared {
        final String word;
        final long line;

        Declared(String word, long line) {
            this.word = word;
            this.line = line;
        }
    }

    /** The state of one read. */
    private final class Reading {
        private final LineSource lines;
        private final String source;
        private final SampleSink sink;
        private final Map<String, SeriesState> byText = new HashMap<>();
        private final Map<SeriesKey, SeriesState> byKey = new HashMap<>();
        private final Map<String, Declared> types = new HashMap<>();
        private final List<String> labelNames = new ArrayList<>();
        private final List<String> labelValues = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private String line;
        private int at;
        private long samples;
        private long outOfOrder;
        private long firstOutOfOrderLine;
        private long duplicates;
        private long firstDuplicateLine;
        private long repeated;

        Reading(LineSource lines, String source, SampleSink sink) {
            this.lines = lines;
            this.source = source;
            this.sink = sink;
        }

        ImportStats run() throws IOException, ImportException {
            boolean eof = false;
            while ((line = lines.next()) != null) {
                at = 0;
                if (eof) {
                    throw error("expected the end of the input after \"# EOF\" (OpenMetrics ends there), found "
                            + Excerpt.of(line));
                }
                if (isBlank(line)) {
                    if (openMetrics) {
                        throw error("expected a sample or a # line, found an empty line (OpenMetrics has none)");
                    }
                    continue;
                }
                skipBlanks();
                if (line.charAt(at) == '#') {
                    eof = comment();
                } else {
                    sample();
                }
            }
            if (openMetrics && !eof) {
                throw new ImportException(source, lines.lineNumber() + 1, -1,
                        "the input ends without \"# EOF\": OpenMetrics input must end with it, so this file may be truncated");
            }
            return new ImportStats(samples, byKey.size(), outOfOrder, firstOutOfOrderLine, duplicates, firstDuplicateLine,
                    repeated);
        }

        /** A # line; true when it is OpenMetrics' # EOF. */
        private boolean comment() throws ImportException {
            at++;
            if (openMetrics && line.substring(at).equals(" EOF")) {
                return true;
            }
            if (!blankAt()) {
                if (openMetrics) {
                    throw error("expected \"# HELP\", \"# TYPE\", \"# UNIT\" or \"# EOF\", found " + Excerpt.of(line));
                }
                return false;
            }
            skipBlanks();
            int keywordStart = at;
            while (at < line.length() && !blankAt()) {
                at++;
            }
            String keyword = line.substring(keywordStart, at);
            switch (keyword) {
                case "TYPE":
                    typeLine();
                    return false;
                case "HELP":
                case "UNIT":
                    if (openMetrics || keyword.equals("HELP")) {
                        skipBlanks();
                        metricName("after # " + keyword);
                    }
                    return false;
                default:
                    if (openMetrics) {
                        at = keywordStart;
                        throw error("expected \"# HELP\", \"# TYPE\", \"# UNIT\" or \"# EOF\", found " + Excerpt.of(line));
                    }
                    return false; // a comment in the Prometheus text format
            }
        }

        private void typeLine() throws ImportException {
            skipBlanks();
            String family = metricName("after # TYPE");
            skipBlanks();
            int wordStart = at;
            while (at < line.length() && !blankAt()) {
                at++;
            }
            String word = line.substring(wordStart, at);
            MetricType type = typeOf(word);
            if (type == null) {
                at = wordStart;
                throw error("expected a metric type after \"# TYPE " + family + "\" ("
                        + (openMetrics ? "counter, gauge, histogram, gaugehistogram, summary, info, stateset or unknown"
                                : "counter, gauge, histogram, summary or untyped")
                        + "), found " + Excerpt.of(word));
            }
            skipBlanks();
            if (at < line.length()) {
                throw error("expected the end of the line after the type " + word + ", found " + Excerpt.of(line, at, line.length()));
            }
            Declared before = types.get(family);
            if (before != null) {
                if (!before.word.equals(word)) {
                    at = wordStart;
                    throw error("metric family " + family + " is declared " + word + " here but " + before.word + " at line "
                            + before.line + ": one family has one type");
                }
                return;
            }
            if (types.size() >= maxSeries) {
                at = wordStart;
                throw error("more than " + maxSeries + " metric families: raise maxSeries if the input really has that many");
            }
            types.put(family, new Declared(word, lines.lineNumber()));
            sink.type(openMetrics && type == MetricType.COUNTER ? family + "_total" : family, type);
        }

        private MetricType typeOf(String word) {
            switch (word) {
                case "counter":
                    return MetricType.COUNTER;
                case "gauge":
                    return MetricType.GAUGE;
                case "histogram":
                    return MetricType.HISTOGRAM;
                case "summary":
                    return MetricType.SUMMARY;
                case "untyped":
                    return openMetrics ? null : MetricType.UNKNOWN;
                case "unknown":
                    return openMetrics ? MetricType.UNKNOWN : null;
                case "gaugehistogram":
                case "info":
                case "stateset":
                    return openMetrics ? MetricType.GAUGE : null;
                default:
                    return null;
            }
        }

        private void sample() throws ImportException {
            int seriesStart = at;
            String metric = metricName("at the start of a sample line");
            labelNames.clear();
            labelValues.clear();
            if (at < line.length() && line.charAt(at) == '{') {
                labels(metric);
            }
            String seriesText = line.substring(seriesStart, at);
            if (!blankAt()) {
                throw error("expected a space and the sample value after " + Excerpt.of(seriesText) + ", found "
                        + (at < line.length() ? Excerpt.of(line, at, line.length()) : "the end of the line"));
            }
            skipBlanks();
            int valueStart = at;
            while (at < line.length() && !blankAt()) {
                at++;
            }
            if (valueStart == at) {
                throw error("expected the sample value after " + Excerpt.of(seriesText) + ", found the end of the line");
            }
            double value;
            try {
                value = PrometheusNumbers.parseValue(line.substring(valueStart, at));
            } catch (NumberFormatException e) {
                at = valueStart;
                throw error("expected a sample value (a decimal number, NaN, +Inf or -Inf), found "
                        + Excerpt.of(line, valueStart, endOfToken(valueStart)) + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
            skipBlanks();
            long timestampMillis;
            if (at == line.length() || line.charAt(at) == '#') {
                if (!hasDefaultTimestamp) {
                    throw error("the sample of " + Excerpt.of(seriesText) + " has no timestamp: a replay needs timestamped "
                            + "samples (" + (openMetrics ? "decimal seconds" : "integer milliseconds")
                            + " after the value), or a default timestamp for samples without one");
                }
                timestampMillis = defaultTimestampMillis;
            } else {
                int tsStart = at;
                int tsEnd = endOfToken(tsStart);
                at = tsEnd;
                try {
                    timestampMillis = openMetrics ? PrometheusNumbers.parseSecondsToMillis(line.substring(tsStart, tsEnd))
                            : PrometheusNumbers.parseMillis(line.substring(tsStart, tsEnd));
                } catch (NumberFormatException e) {
                    at = tsStart;
                    throw error("expected a timestamp in " + (openMetrics ? "decimal seconds (OpenMetrics)" : "integer milliseconds "
                            + "(Prometheus text format 0.0.4)") + " after the value, found " + Excerpt.of(line, tsStart, tsEnd)
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                }
                if (timestampMillis < MIN_TIMESTAMP_MILLIS || timestampMillis >= MAX_TIMESTAMP_MILLIS) {
                    at = tsStart;
                    throw error("the timestamp " + Excerpt.of(line, tsStart, tsEnd) + " is " + timestampMillis
                            + " ms, not between 1973-03-03 and 5138: " + (openMetrics
                                    ? "OpenMetrics timestamps are seconds; this looks like milliseconds (Prometheus text format)"
                                    : "Prometheus text timestamps are milliseconds; this looks like seconds (OpenMetrics)"));
                }
                skipBlanks();
                if (at < line.length() && line.charAt(at) != '#') {
                    throw error("expected the end of the line or an exemplar (\" # {…}\") after the timestamp, found "
                            + Excerpt.of(line, at, line.length()));
                }
            }
            if (at < line.length()) {
                exemplar();
            }
            accept(seriesStart, seriesText, metric, timestampMillis, value);
        }

        /** Checks the start of an exemplar ({@code # {labels} value [timestamp]}); the rest is skipped. */
        private void exemplar() throws ImportException {
            int start = at;
            at++;
            skipBlanks();
            if (at == start + 1 || at >= line.length() || line.charAt(at) != '{') {
                at = start;
                throw error("expected an exemplar (\" # {labels} value\") after the sample, found " + Excerpt.of(line, at, line.length()));
            }
        }

        private void accept(int seriesStart, String seriesText, String metric, long timestampMillis, double value) throws ImportException {
            SeriesState state = byText.get(seriesText);
            if (state == null) {
                Map<String, String> labels = new TreeMap<>();
                for (int i = 0; i < labelNames.size(); i++) {
                    labels.put(labelNames.get(i), labelValues.get(i));
                }
                SeriesKey key = SeriesKey.of(metric, labels);
                state = byKey.get(key);
                if (state == null) {
                    if (byKey.size() >= maxSeries) {
                        at = seriesStart;
                        throw error("more than " + maxSeries + " series: raise maxSeries if the input really has that many");
                    }
                    state = new SeriesState(key);
                    byKey.put(key, state);
                }
                if (byText.size() >= 2 * maxSeries) {
                    byText.clear(); // a cache of spellings; the states stay in byKey
                }
                byText.put(seriesText, state);
            }
            long bits = Double.doubleToRawLongBits(value);
            if (state.seen && timestampMillis <= state.newestMillis) {
                long lineNumber = lines.lineNumber();
                if (timestampMillis < state.newestMillis) {
                    if (outOfOrder++ == 0) {
                        firstOutOfOrderLine = lineNumber;
                    }
                } else if (bits != state.newestBits) {
                    if (duplicates++ == 0) {
                        firstDuplicateLine = lineNumber;
                    }
                } else {
                    repeated++;
                }
                return;
            }
            state.seen = true;
            state.newestMillis = timestampMillis;
            state.newestBits = bits;
            samples++;
            sink.sample(state.key, timestampMillis, value);
        }

        private void labels(String metric) throws ImportException {
            at++; // '{'
            while (true) {
                skipBlanks();
                if (at < line.length() && line.charAt(at) == '}') {
                    at++;
                    return;
                }
                int nameStart = at;
                if (at >= line.length() || !labelNameStart(line.charAt(at))) {
                    throw error("expected a label name or '}' in the labels of " + metric + ", found " + found());
                }
                while (at < line.length() && labelNamePart(line.charAt(at))) {
                    at++;
                }
                String name = line.substring(nameStart, at);
                if (name.equals("__name__")) {
                    at = nameStart;
                    throw error("the label __name__ in the labels of " + metric + ": the metric name is written before '{'");
                }
                if (labelNames.contains(name)) {
                    at = nameStart;
                    throw error("the label " + name + " appears twice in the labels of " + metric);
                }
                skipBlanks();
                if (at >= line.length() || line.charAt(at) != '=') {
                    throw error("expected '=' after the label name " + name + " of " + metric + ", found " + found());
                }
                at++;
                skipBlanks();
                if (at >= line.length() || line.charAt(at) != '"') {
                    throw error("expected '\"' starting the value of label " + name + " of " + metric + ", found " + found());
                }
                int valueStart = at;
                at++;
                text.setLength(0);
                while (true) {
                    if (at >= line.length()) {
                        at = valueStart;
                        throw error("the value of label " + name + " of " + metric + " has no closing '\"': "
                                + Excerpt.of(line, valueStart, line.length()));
                    }
                    char c = line.charAt(at++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\' && at < line.length()) {
                        char e = line.charAt(at++);
                        if (e == 'n') {
                            text.append('\n');
                        } else if (e == '\\' || e == '"') {
                            text.append(e);
                        } else {
                            text.append('\\').append(e); // kept as written, as Prometheus does
                        }
                    } else {
                        text.append(c);
                    }
                }
                labelNames.add(name);
                labelValues.add(text.toString());
                skipBlanks();
                if (at < line.length() && line.charAt(at) == ',') {
                    at++;
                } else if (at >= line.length() || line.charAt(at) != '}') {
                    throw error("expected ',' or '}' after the value of label " + name + " of " + metric + ", found " + found());
                }
            }
        }

        private String metricName(String where) throws ImportException {
            int start = at;
            if (at >= line.length() || !metricNameStart(line.charAt(at))) {
                throw error("expected a metric name " + where + ", found " + found());
            }
            while (at < line.length() && metricNamePart(line.charAt(at))) {
                at++;
            }
            return line.substring(start, at);
        }

        private String found() {
            return at >= line.length() ? "the end of the line" : Excerpt.of(line, at, line.length());
        }

        private int endOfToken(int from) {
            int i = from;
            while (i < line.length() && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                i++;
            }
            return i;
        }

        private boolean blankAt() {
            return at < line.length() && (line.charAt(at) == ' ' || line.charAt(at) == '\t');
        }

        private void skipBlanks() {
            while (blankAt()) {
                at++;
            }
        }

        private ImportException error(String problem) {
            return new ImportException(source, lines.lineNumber(), lines.offsetOf(line, at), problem);
        }
    }

    private static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != ' ' && s.charAt(i) != '\t') {
                return false;
            }
        }
        return true;
    }

    private static boolean metricNameStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':';
    }

    private static boolean metricNamePart(char c) {
        return metricNameStart(c) || c >= '0' && c <= '9';
    }

    private static boolean labelNameStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean labelNamePart(char c) {
        return labelNameStart(c) || c >= '0' && c <= '9';
    }
}
