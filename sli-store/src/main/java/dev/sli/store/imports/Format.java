package dev.sli.store.imports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** The export formats the importers read, and their detection from a file's first bytes. */
public enum Format {
    /** A Prometheus HTTP API response of series ({@code query_range} matrix or instant vector), JSON. */
    PROMETHEUS_JSON("Prometheus query_range JSON ({\"status\":\"success\",\"data\":...})"),
    /** Raw samples as {@code timestamp,metric,labels,value} lines. */
    CSV("CSV with the header " + CsvImporter.HEADER),
    /** Prometheus text exposition or OpenMetrics, samples with timestamps. */
    EXPOSITION("Prometheus text exposition / OpenMetrics (# TYPE lines, name{labels} value timestamp)"),
    /** An HdrHistogram interval log. */
    HLOG("HdrHistogram interval log (#[StartTime ..., Tag=...)");

    /** How many bytes {@link #detect} needs at most; more are ignored. */
    public static final int HEAD_BYTES = 512;

    private static final Pattern SAMPLE_LINE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:.]*(\\{[^\\n]*\\})?[ \\t]+[^ \\t\\n]+([ \\t]+[0-9.eE+-]+)?[ \\t]*(\\r?\\n.*)?", Pattern.DOTALL);

    private final String description;

    Format(String description) {
        this.description = description;
    }

    /** What the format looks like, for messages. */
    public String description() {
        return description;
    }

    /**
     * The format of a file starting with {@code head} (its first bytes, at most {@link #HEAD_BYTES} are
     * looked at; gzip-compressed heads are decompressed first), or empty when none is recognised.
     */
    public static Optional<Format> detect(byte[] head) {
        String text = headText(head);
        if (text.startsWith("{")) {
            return Optional.of(PROMETHEUS_JSON);
        }
        if (text.startsWith(CsvImporter.HEADER)) {
            return Optional.of(CSV);
        }
        if (text.startsWith("#[StartTime") || text.startsWith("#[Histogram log format") || text.startsWith("#[BaseTime")
                || text.startsWith("Tag=") || text.startsWith("\"StartTimestamp\"")) {
            return Optional.of(HLOG);
        }
        if (text.startsWith("# HELP ") || text.startsWith("# TYPE ") || text.startsWith("# UNIT ")
                || !text.startsWith("#") && SAMPLE_LINE.matcher(text).matches()) {
            return Optional.of(EXPOSITION);
        }
        return Optional.empty();
    }

    /** The head decompressed when gzip, without a UTF-8 BOM and leading whitespace, as Latin-1 text (one char a byte). */
    static String headText(byte[] head) {
        byte[] b = head;
        if (isGzip(head)) {
            b = gunzipHead(head);
        }
        int n = Math.min(b.length, HEAD_BYTES);
        int from = n >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf ? 3 : 0;
        while (from < n && (b[from] == ' ' || b[from] == '\t' || b[from] == '\r' || b[from] == '\n')) {
            from++;
        }
        return new String(b, from, n - from, StandardCharsets.ISO_8859_1);
    }

    /** Whether {@code head} starts with the gzip magic bytes. */
    static boolean isGzip(byte[] head) {
        return head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    }

    private static byte[] gunzipHead(byte[] head) {
        byte[] out = new byte[HEAD_BYTES];
        int n = 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(head))) {
            int r;
            while (n < out.length && (r = in.read(out, n, out.length - n)) > 0) {
                n += r;
            }
        } catch (IOException e) {
            // a head is a cut stream: keep what inflated
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
