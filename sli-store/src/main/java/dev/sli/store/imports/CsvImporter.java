package dev.sli.store.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the CSV export of raw samples, one sample a line, UTF-8, after a fixed header:
 *
 * <pre>
 * timestamp,metric,labels,value
 * 1704067200,http_requests_total,code=2xx;kube_workload_name=api,1238498
 * 1704067200.5,up,,NaN
 * </pre>
 *
 * {@code timestamp} is Unix seconds (at most millisecond precision, converted exactly from the text);
 * {@code labels} is {@code name=value} pairs joined by {@code ;}, without {@code __name__} (a value may
 * contain {@code =} and {@code ,} but not {@code ;}; fields are never quoted); {@code value} is a number,
 * {@code NaN}, {@code +Inf} or {@code -Inf}. A label with an empty value is left out, as Prometheus treats
 * it as absent. Empty lines are skipped; a CR before the LF is allowed. Streaming: a line longer than
 * {@link #DEFAULT_MAX_LINE_BYTES} (or the limit given) is an error naming the line, read no further than the
 * limit. Samples go to the sink in file order (put an {@link InOrderSink} in front to drop duplicates and
 * out-of-order samples). Errors name the source, line, byte offset and field. Stateless and thread-safe.
 */
public final class CsvImporter implements Importer {

    /** The header line every file starts with. */
    public static final String HEADER = "timestamp,metric,labels,value";

    /** The longest line read by default: 1 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

    private final int maxLineBytes;

    /** An importer with the default line limit. */
    public CsvImporter() {
        this(DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * An importer refusing lines longer than {@code maxLineBytes} bytes.
     *
     * @throws IllegalArgumentException when {@code maxLineBytes} is below 256
     */
    public CsvImporter(int maxLineBytes) {
        if (maxLineBytes < 256) {
            throw new IllegalArgumentException("maxLineBytes must be at least 256, was " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public void read(InputStream in, String source, SampleSink sink) throws IOException, ImportException {
        new Reading(in, source, sink).run();
    }

    /** One read: the input buffer, the current line and where it starts. */
    private final class Reading {
        private final InputStream in;
        private final String source;
        private final SampleSink sink;
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;
        private byte[] line = new byte[256];
        private int lineLength;
        private long lineNumber;
        private long lineOffset;
        private long nextOffset;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private CharBuffer chars = CharBuffer.allocate(256);
        private String lastMetric;
        private String lastLabels;
        private SeriesKey lastKey;

        Reading(InputStream in, String source, SampleSink sink) {
            this.in = in;
            this.source = source;
            this.sink = sink;
        }

        void run() throws IOException, ImportException {
            if (!nextLine()) {
                throw new ImportException(source, 0, 0, "the input is empty: expected the header line " + HEADER);
            }
            int start = lineLength >= 3 && line[0] == (byte) 0xef && line[1] == (byte) 0xbb && line[2] == (byte) 0xbf ? 3 : 0;
            String header = decode(start);
            if (!header.equals(HEADER)) {
                throw new ImportException(source, lineNumber, lineOffset, "expected the header line " + HEADER + ", found "
                        + Text.quote(header));
            }
            while (nextLine()) {
                if (lineLength > 0) {
                    row(decode(0));
                }
            }
        }

        private void row(String text) throws ImportException {
            int c1 = text.indexOf(',');
            int c2 = c1 < 0 ? -1 : text.indexOf(',', c1 + 1);
            int c3 = text.lastIndexOf(',');
            if (c2 < 0 || c3 <= c2) {
                int commas = 0;
                for (int i = 0; i < text.length(); i++) {
                    commas += text.charAt(i) == ',' ? 1 : 0;
                }
                throw new ImportException(source, lineNumber, lineOffset, "expected 4 fields (" + HEADER + "), found "
                        + (commas + 1) + ": " + Text.quote(text));
            }
            if (text.indexOf('"') >= 0 && (text.charAt(0) == '"' || text.charAt(c1 + 1) == '"' || text.charAt(c2 + 1) == '"'
                    || text.charAt(c3 + 1) == '"')) {
                throw new ImportException(source, lineNumber, lineOffset, "quoted fields are not supported: " + Text.quote(text));
            }
            long millis;
            try {
                millis = Text.secondsToMillis(text.substring(0, c1));
            } catch (IllegalArgumentException e) {
                throw fieldError(text, 0, "timestamp", e.getMessage());
            }
            String metric = text.substring(c1 + 1, c2);
            if (metric.isEmpty()) {
                throw fieldError(text, c1 + 1, "metric", "the metric name is empty");
            }
            String labels = text.substring(c2 + 1, c3);
            SeriesKey key;
            if (metric.equals(lastMetric) && labels.equals(lastLabels)) {
                key = lastKey;
            } else {
                key = SeriesKey.of(metric, labels(text, c2 + 1, labels));
                lastMetric = metric;
                lastLabels = labels;
                lastKey = key;
            }
            double value;
            try {
                value = Text.value(text.substring(c3 + 1));
            } catch (IllegalArgumentException e) {
                throw fieldError(text, c3 + 1, "value", e.getMessage());
            }
            sink.sample(key, millis, value);
        }

        private Map<String, String> labels(String text, int at, String labels) throws ImportException {
            Map<String, String> out = new LinkedHashMap<>();
            if (labels.isEmpty()) {
                return out;
            }
            int from = 0;
            while (from <= labels.length()) {
                int end = labels.indexOf(';', from);
                if (end < 0) {
                    end = labels.length();
                }
                String pair = labels.substring(from, end);
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw fieldError(text, at + from, "labels", (eq == 0 ? "a label without a name: " : "expected name=value, found ")
                            + Text.quote(pair));
                }
                String name = pair.substring(0, eq);
                if (name.equals("__name__")) {
                    throw fieldError(text, at + from, "labels", "__name__ is not a label here: the metric field names the series");
                }
                if (out.containsKey(name)) {
                    throw fieldError(text, at + from, "labels", "label " + Text.quote(name) + " appears twice");
                }
                String value = pair.substring(eq + 1);
                out.put(name, value);
                from = end + 1;
            }
            out.values().removeIf(String::isEmpty);
            return out;
        }

        private ImportException fieldError(String text, int charIndex, String field, String problem) {
            long offset = lineOffset + text.substring(0, charIndex).getBytes(StandardCharsets.UTF_8).length;
            return new ImportException(source, lineNumber, offset, "field " + field + ": " + problem);
        }

        /** Reads the next line into {@code line} without its LF (and CR); false at the end of the input. */
        private boolean nextLine() throws IOException, ImportException {
            lineLength = 0;
            lineOffset = nextOffset;
            boolean any = false;
            while (true) {
                if (position == limit) {
                    limit = in.read(buffer, 0, buffer.length);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        if (!any) {
                            return false;
                        }
                        break;
                    }
                }
                any = true;
                int start = position;
                int end = start;
                while (end < limit && buffer[end] != '\n') {
                    end++;
                }
                append(start, end);
                nextOffset += end - start;
                position = end;
                if (end < limit) {
                    position++;
                    nextOffset++;
                    break;
                }
            }
            lineNumber++;
            if (lineLength > 0 && line[lineLength - 1] == '\r') {
                lineLength--;
            }
            return true;
        }

        private void append(int from, int to) throws ImportException {
            int n = to - from;
            if (lineLength + n > maxLineBytes) {
                throw new ImportException(source, lineNumber + 1, lineOffset, "line longer than " + maxLineBytes
                        + " bytes: no sample needs that much; the input is damaged or not this CSV format");
            }
            if (lineLength + n > line.length) {
                line = Arrays.copyOf(line, Math.max(lineLength + n, Math.min(line.length * 2, maxLineBytes)));
            }
            System.arraycopy(buffer, from, line, lineLength, n);
            lineLength += n;
        }

        private String decode(int from) throws ImportException {
            ByteBuffer bytes = ByteBuffer.wrap(line, from, lineLength - from);
            if (chars.capacity() < lineLength) {
                chars = CharBuffer.allocate(lineLength);
            }
            chars.clear();
            decoder.reset();
            CoderResult r = decoder.decode(bytes, chars, true);
            if (r.isError()) {
                throw new ImportException(source, lineNumber, lineOffset + bytes.position(), "not UTF-8: byte 0x"
                        + String.format("%02x", line[bytes.position()] & 0xff) + " at column " + (bytes.position() + 1)
                        + " of the line; the file must be UTF-8");
            }
            decoder.flush(chars);
            chars.flip();
            return chars.toString();
        }
    }
}
