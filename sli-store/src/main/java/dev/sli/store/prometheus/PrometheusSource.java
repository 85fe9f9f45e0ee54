package dev.sli.store.prometheus;

import dev.sli.core.source.Selector;
import dev.sli.store.imports.ImportException;
import dev.sli.store.imports.ImportSummary;
import dev.sli.store.imports.InOrderSink;
import dev.sli.store.imports.MetricType;
import dev.sli.store.imports.PrometheusJsonImporter;
import dev.sli.store.imports.SampleSink;
import dev.sli.store.imports.SeriesKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Reads the raw samples of series from a Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir,
 * Sysdig's Prometheus API) between two instants, both included, into a {@link SampleSink}. Each selector is
 * read in chunks of {@link Builder#chunk} (6 h by default), one instant query of a range selector per chunk
 * ({@code /api/v1/query?query=sel[21600000ms]&time=t}), which returns the stored samples unchanged; a
 * chunk keeps only samples in {@code (start, end]}, so whether the server's range is closed on the left
 * (Prometheus 2) or open (Prometheus 3), no sample is lost or doubled at a chunk edge. Answers stream
 * through {@link PrometheusJsonImporter} and an {@link InOrderSink}.
 *
 * <p>A bearer token comes from an environment variable or a file (read at every query, so a rotated token
 * is picked up), never from a command line, and is not sent over plain HTTP to a host other than loopback
 * unless allowed. Server errors (5xx, 429) and timeouts are retried with exponential backoff up to
 * {@link Builder#maxAttempts}; any other non-200 answer is an {@link ImportException} naming the query
 * (bounded) and the server's own error message. Redirects are not followed (they would carry the token).
 * Other I/O failures (a connection reset inside an answer) are not retried: they end the read with the
 * IOException. Thread-safe: queries share one {@link HttpClient}; each {@link #read} call reads on the caller's thread.
 */
public final class PrometheusSource {

    private static final int EXCERPT = 200;
    private static final int ERROR_BODY_BYTES = 64 * 1024;

    private final URI queryUri;
    private final Supplier<String> token;
    private final Duration chunk;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final HttpClient client;
    private final PrometheusJsonImporter importer = new PrometheusJsonImporter();

    private PrometheusSource(Builder b) {
        String base = b.baseUrl.toString();
        this.queryUri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1/query");
        this.token = b.token;
        this.chunk = b.chunk;
        this.requestTimeout = b.requestTimeout;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.client = HttpClient.newBuilder().connectTimeout(b.connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A builder for a source at {@code baseUrl}, the server's root ({@code http://prometheus:9090}, or with a path prefix). */
    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /**
     * Reads every series each of {@code selectors} selects, samples with {@code from ≤ t ≤ to} (epoch
     * milliseconds; sub-millisecond parts of the instants are dropped), selector after selector, chunk after
     * chunk.
     *
     * @return the series and samples delivered, and duplicates or out-of-order samples dropped
     * @throws ImportException for an answer that is an error or cannot be read, naming the query and time
     * @throws IOException when the server cannot be reached after every attempt
     * @throws InterruptedException when interrupted while waiting for the server or between attempts
     */
    public ImportSummary read(List<Selector> selectors, Instant from, Instant to, SampleSink sink)
            throws IOException, ImportException, InterruptedException {
        long fromMillis = from.toEpochMilli();
        long toMillis = to.toEpochMilli();
        if (fromMillis > toMillis) {
            throw new IllegalArgumentException("from (" + from + ") is after to (" + to + ")");
        }
        InOrderSink inOrder = new InOrderSink(sink);
        long chunkMillis = chunk.toMillis();
        for (Selector selector : selectors) {
            long start = fromMillis - 1; // chunks are (start, end]: the first includes fromMillis
            while (start < toMillis) {
                long end = Math.min(toMillis, start + chunkMillis);
                query(selector, start, end, inOrder);
                start = end;
            }
        }
        return inOrder.summary();
    }

    private void query(Selector selector, long startMillis, long endMillis, SampleSink sink)
            throws IOException, ImportException, InterruptedException {
        String query = selector + "[" + (endMillis - startMillis) + "ms]";
        String time = BigDecimal.valueOf(endMillis, 3).toPlainString();
        URI uri = URI.create(queryUri + "?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&time=" + time);
        String source = queryUri + " query " + quote(query) + " time " + time;
        SampleSink window = new SampleSink() {
            @Override
            public void type(String metric, MetricType type) {
                sink.type(metric, type);
            }

            @Override
            public void sample(SeriesKey series, long timestampMillis, double value) {
                if (timestampMillis > startMillis && timestampMillis <= endMillis) {
                    sink.sample(series, timestampMillis, value);
                }
            }
        };
        long backoffMillis = initialBackoff.toMillis();
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json").GET();
            String bearer;
            try {
                bearer = token == null ? null : token.get();
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage(), e.getCause());
            }
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            String retryReason;
            try {
                HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                try (InputStream body = response.body()) {
                    if (status == 200) {
                        importer.read(body, source, window);
                        return;
                    }
                    byte[] head = body.readNBytes(ERROR_BODY_BYTES);
                    String serverSays = serverMessage(head, source);
                    if (status >= 500 || status == 429) {
                        retryReason = "HTTP " + status + ": " + serverSays;
                    } else {
                        String where = response.headers().firstValue("Location").map(l -> " to " + quote(l)).orElse("");
                        throw new ImportException(source, 0, -1, "HTTP " + status + (status >= 300 && status < 400
                                ? " (a redirect" + where + "; give the final URL)" : "") + ": " + serverSays);
                    }
                }
            } catch (HttpTimeoutException | ConnectException e) {
                retryReason = (e instanceof HttpTimeoutException ? "no answer within " + requestTimeout.toMillis() + " ms"
                        : "connection refused") + (e.getMessage() == null ? "" : " (" + quote(e.getMessage()) + ")");
                if (attempt >= maxAttempts) {
                    throw new IOException(source + ": " + retryReason + ", after " + attempt + " attempts", e);
                }
            }
            if (attempt >= maxAttempts) {
                throw new ImportException(source, 0, -1, retryReason + ", after " + attempt + " attempts");
            }
            Thread.sleep(backoffMillis);
            backoffMillis = Math.min(backoffMillis * 2, 60_000);
        }
    }

    /** What an error answer says: Prometheus's errorType and error when it is its JSON, else the body's start. */
    private String serverMessage(byte[] body, String source) throws IOException {
        try {
            importer.read(new ByteArrayInputStream(body), source, (k, t, v) -> { });
        } catch (ImportException e) {
            int at = e.getMessage().indexOf("the server answered with an error: ");
            if (at >= 0) {
                return e.getMessage().substring(at + "the server answered with an error: ".length());
            }
        }
        return body.length == 0 ? "(empty body)" : "body " + quote(new String(body, StandardCharsets.UTF_8));
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        int n = Math.min(s.length(), EXCERPT);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        return s.length() > EXCERPT ? out + "… (" + s.length() + " characters)" : out.toString();
    }

    /** Configuration of a {@link PrometheusSource}; {@link #build} checks it. Not thread-safe. */
    public static final class Builder {
        private final URI baseUrl;
        private Supplier<String> token;
        private String tokenOrigin;
        private boolean plainHttpToken;
        private Duration chunk = Duration.ofHours(6);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofMillis(500);

        private Builder(URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        }

        /** Sends the bearer token held by environment variable {@code variable} (read now; build fails when unset or empty). */
        public Builder tokenFromEnv(String variable) {
            String value = System.getenv(Objects.requireNonNull(variable, "variable"));
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("environment variable " + variable + " is not set or empty: no bearer token");
            }
            String trimmed = value.strip();
            this.token = () -> trimmed;
            this.tokenOrigin = "environment variable " + variable;
            return this;
        }

        /**
         * Sends the bearer token in {@code file} (surrounding whitespace dropped), read at every query so a
         * rotated token is used; an unreadable or empty file fails the query.
         */
        public Builder tokenFromFile(Path file) {
            Objects.requireNonNull(file, "file");
            this.token = () -> {
                try {
                    String t = Files.readString(file, StandardCharsets.UTF_8).strip();
                    if (t.isEmpty()) {
                        throw new IllegalStateException("the token file " + file + " is empty");
                    }
                    return t;
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read the token file " + file + ": " + e.getMessage(), e);
                }
            };
            this.tokenOrigin = "token file " + file;
            return this;
        }

        /** Allows sending the token over plain HTTP to a host that is not loopback (it travels in clear text). */
        public Builder allowTokenOverPlainHttp() {
            this.plainHttpToken = true;
            return this;
        }

        /** The span of one query (default 6 h); keep it small enough for the server's per-query sample limit. */
        public Builder chunk(Duration chunk) {
            this.chunk = chunk;
            return this;
        }

        /** How long one query may take before it is retried (default 60 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** How long connecting may take (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** Attempts per query for 5xx, 429, timeouts and refused connections (default 4). */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /** The wait before the second attempt, doubled for each next one up to 60 s (default 500 ms). */
        public Builder initialBackoff(Duration backoff) {
            this.initialBackoff = backoff;
            return this;
        }

        /**
         * The source.
         *
         * @throws IllegalArgumentException naming the setting that is wrong
         */
        public PrometheusSource build() {
            String scheme = baseUrl.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("baseUrl must be an http or https URL with a host, was " + quote(baseUrl.toString()));
            }
            if (baseUrl.getQuery() != null || baseUrl.getFragment() != null) {
                throw new IllegalArgumentException("baseUrl must not carry a query or fragment, was " + quote(baseUrl.toString()));
            }
            if (chunk == null || chunk.toMillis() < 1000) {
                throw new IllegalArgumentException("chunk must be at least 1 s, was " + chunk);
            }
            if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
            }
            if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
            }
            if (maxAttempts < 1 || maxAttempts > 20) {
                throw new IllegalArgumentException("maxAttempts must be 1 to 20, was " + maxAttempts);
            }
            if (initialBackoff == null || initialBackoff.isNegative()) {
                throw new IllegalArgumentException("initialBackoff must not be negative, was " + initialBackoff);
            }
            if (token != null && scheme.equals("http") && !plainHttpToken && !isLoopback(baseUrl.getHost())) {
                throw new IllegalArgumentException("the bearer token (" + tokenOrigin + ") would travel in clear text to "
                        + quote(baseUrl.getHost()) + " over plain http: use https, or allowTokenOverPlainHttp()");
            }
            return new PrometheusSource(this);
        }

        private static boolean isLoopback(String host) {
            if (host.equals("localhost")) {
                return true;
            }
            try {
                boolean literal = host.matches("[0-9.]+") || host.startsWith("[") || host.indexOf(':') >= 0;
                return literal && InetAddress.getByName(host).isLoopbackAddress(); // never a DNS lookup
            } catch (IOException e) {
                return false;
            }
        }
    }
}
