package dev.sli.store.imports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.sli.core.source.Selector;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a Prometheus HTTP API response of series, as {@code /api/v1/query_range} returns it
 * ({@code "resultType":"matrix"}, a {@code "values"} array per series) or {@code /api/v1/query} of an
 * instant vector ({@code "vector"}, one {@code "value"}) or of a range selector ({@code "matrix"}):
 *
 * <pre>
 * {"status":"success","data":{"resultType":"matrix","result":[
 *   {"metric":{"__name__":"up","job":"api"},"values":[[1704067200,"1"],[1704067215.5,"0"]]}]}}
 * </pre>
 *
 * Streaming with Jackson's {@link JsonParser}: memory is bounded by the longest string (label or sample
 * value), never the document; a string longer than {@link #DEFAULT_MAX_STRING_CHARS} (or the limit given)
 * is an error, not an allocation. Timestamps are Unix seconds with at most millisecond precision, converted
 * from their decimal text exactly; values are strings as Prometheus writes them ({@code "3"},
 * {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"}). A label with an empty value is left out, as Prometheus
 * treats it as absent. Within each series the samples are passed to the sink in file order: a
 * {@code query_range} answer is sorted and unique per series, and an {@link InOrderSink} in front of the
 * sink drops and counts any sample that is not (as Prometheus's own TSDB would refuse it);
 * {@link SeriesSet} alone keeps the first of duplicates and sorts.
 *
 * <p>Errors name the source, the line and byte offset, and what was expected: malformed or truncated JSON,
 * bytes that are not UTF-8, a response with {@code "status":"error"} (its errorType and message quoted,
 * bounded), a scalar or string result, a series without a metric name (the result of a function or an
 * operator), a native-histogram sample, a timestamp or value that is not a number, an empty input. The
 * fields of the response must come in Prometheus's own order ({@code metric} before {@code values};
 * {@code resultType} before {@code result}); samples read before a later error stay with the sink.
 * Stateless and thread-safe.
 */
public final class PrometheusJsonImporter implements Importer {

    /** The longest string (label value, sample value, error message) read by default: 1 Mi characters. */
    public static final int DEFAULT_MAX_STRING_CHARS = 1 << 20;

    private final JsonFactory factory;
    private final int maxStringChars;

    /** An importer with the default string limit. */
    public PrometheusJsonImporter() {
        this(DEFAULT_MAX_STRING_CHARS);
    }

    /**
     * An importer refusing strings longer than {@code maxStringChars} characters.
     *
     * @throws IllegalArgumentException when {@code maxStringChars} is below 1024
     */
    public PrometheusJsonImporter(int maxStringChars) {
        if (maxStringChars < 1024) {
            throw new IllegalArgumentException("maxStringChars must be at least 1024, was " + maxStringChars);
        }
        this.maxStringChars = maxStringChars;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(maxStringChars)
                        .maxNameLength(Math.min(maxStringChars, 50_000))
                        .maxNumberLength(1000)
                        .maxNestingDepth(64)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
    }

    @Override
    public void read(InputStream in, String source, SampleSink sink) throws IOException, ImportException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        checkUtf8Start(buffered, source);
        try (JsonParser p = factory.createParser(buffered)) {
            new Reading(p, source, sink).document();
        }
    }

    private static void checkUtf8Start(BufferedInputStream in, String source) throws IOException, ImportException {
        in.mark(4);
        byte[] head = new byte[4];
        int n = in.readNBytes(head, 0, 4);
        in.reset();
        if (n >= 2) {
            int b0 = head[0] & 0xff;
            int b1 = head[1] & 0xff;
            if (b0 == 0 || b1 == 0 || (b0 == 0xfe && b1 == 0xff) || (b0 == 0xff && b1 == 0xfe)) {
                throw new ImportException(source, 1, 0, "not UTF-8: the input starts with " + Text.describeBytes(head, n)
                        + ", which looks like UTF-16 or UTF-32; a Prometheus response is UTF-8");
            }
        }
    }

    /** Jackson's message without its own location part, printable and bounded. */
    private static String withoutLocation(String message) {
        String m = message == null ? "" : message;
        int cut = m.indexOf(" (start marker at");
        if (cut < 0) {
            cut = m.indexOf("\n at [Source");
        }
        return Text.quote(cut < 0 ? m : m.substring(0, cut), 200);
    }

    /** One read: the parser, where errors point, and the sink. */
    private final class Reading {
        private final JsonParser p;
        private final String source;
        private final SampleSink sink;

        Reading(JsonParser p, String source, SampleSink sink) {
            this.p = p;
            this.source = source;
            this.sink = sink;
        }

        void document() throws IOException, ImportException {
            try {
                JsonToken t = p.nextToken();
                if (t == null) {
                    throw new ImportException(source, 0, 0, "the input is empty: expected a Prometheus API response "
                            + "({\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[...]}})");
                }
                expect(t == JsonToken.START_OBJECT, "expected a Prometheus API response, a JSON object starting with {\"status\"");
                response();
                if (p.nextToken() != null) {
                    throw error("content after the end of the response: expected the end of the input");
                }
            } catch (StreamConstraintsException e) {
                JsonLocation at = e.getLocation() != null ? e.getLocation() : p.currentLocation();
                String m = e.getOriginalMessage();
                String what = m.startsWith("Number") ? "a number longer than 1000 digits"
                        : m.startsWith("Document nesting") ? "JSON nested deeper than 64 levels"
                        : m.startsWith("Name") ? "a field name longer than " + Math.min(maxStringChars, 50_000) + " characters"
                        : "a string or number longer than " + maxStringChars + " characters";
                throw new ImportException(source, at.getLineNr(), at.getByteOffset(), what
                        + ": no label or sample value is that long; the input is damaged or not a Prometheus response");
            } catch (JsonEOFException e) {
                JsonLocation at = e.getLocation() != null ? e.getLocation() : p.currentLocation();
                throw new ImportException(source, at.getLineNr(), at.getByteOffset(),
                        "the input ends early (truncated?): " + withoutLocation(e.getOriginalMessage()));
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation() != null ? e.getLocation() : p.currentLocation();
                String m = e.getOriginalMessage();
                String what = m != null && m.startsWith("Invalid UTF-8") ? "not UTF-8: " : "malformed JSON: ";
                throw new ImportException(source, at.getLineNr(), at.getByteOffset(), what + withoutLocation(m));
            }
        }

        private void response() throws IOException, ImportException {
            String status = null;
            JsonLocation statusAt = null;
            String errorType = null;
            String errorMessage = null;
            boolean data = false;
            while (field()) {
                String name = p.currentName();
                JsonToken t = next("the value of \"" + name + "\"");
                switch (name) {
                    case "status":
                        expectFound(t == JsonToken.VALUE_STRING, "expected \"status\" to be \"success\" or \"error\", found ");
                        status = p.getText();
                        statusAt = p.currentTokenLocation();
                        if (!status.equals("success") && !status.equals("error")) {
                            throw error("expected \"status\" to be \"success\" or \"error\", found " + found());
                        }
                        break;
                    case "errorType":
                        errorType = t == JsonToken.VALUE_STRING ? p.getText() : found();
                        p.skipChildren();
                        break;
                    case "error":
                        errorMessage = t == JsonToken.VALUE_STRING ? p.getText() : found();
                        p.skipChildren();
                        break;
                    case "data":
                        if ("error".equals(status) || t == JsonToken.VALUE_NULL) {
                            p.skipChildren();
                        } else {
                            if (status == null) {
                                throw error("\"data\" before \"status\": expected \"status\":\"success\" first, as Prometheus writes it");
                            }
                            data(t);
                            data = true;
                        }
                        break;
                    default:
                        p.skipChildren(); // warnings, infos, and fields of later API versions
                        break;
                }
            }
            if ("error".equals(status)) {
                throw new ImportException(source, statusAt.getLineNr(), statusAt.getByteOffset(),
                        "the server answered with an error: errorType " + Text.quote(errorType == null ? "" : errorType)
                                + ", error " + Text.quote(errorMessage == null ? "" : errorMessage, 300));
            }
            if (status == null) {
                throw error("no \"status\" in the response: not a Prometheus API response");
            }
            if (!data) {
                throw error("no \"data\" in the response: expected \"data\":{\"resultType\":\"matrix\",\"result\":[...]}");
            }
        }

        private void data(JsonToken t) throws IOException, ImportException {
            expectFound(t == JsonToken.START_OBJECT, "expected \"data\" to be an object, found ");
            String resultType = null;
            boolean result = false;
            while (field()) {
                String name = p.currentName();
                JsonToken v = next("the value of \"" + name + "\"");
                if (name.equals("resultType")) {
                    expectFound(v == JsonToken.VALUE_STRING, "expected \"resultType\" to be a string, found ");
                    resultType = p.getText();
                    if (resultType.equals("scalar") || resultType.equals("string")) {
                        throw error("resultType " + Text.quote(resultType) + ": a " + resultType + " has no series; expected "
                                + "\"matrix\" (a range query, or an instant query of a range selector) or \"vector\"");
                    }
                    if (!resultType.equals("matrix") && !resultType.equals("vector")) {
                        throw error("expected resultType \"matrix\" or \"vector\", found " + found());
                    }
                } else if (name.equals("result")) {
                    if (resultType == null) {
                        throw error("\"result\" before \"resultType\": expected \"resultType\" first, as Prometheus writes it");
                    }
                    expectFound(v == JsonToken.START_ARRAY, "expected \"result\" to be an array of series, found ");
                    boolean matrix = resultType.equals("matrix");
                    while (next("a series or the end of \"result\"") != JsonToken.END_ARRAY) {
                        expect(p.currentToken() == JsonToken.START_OBJECT,
                                "expected a series ({\"metric\":{...},\"" + (matrix ? "values" : "value") + "\":...}), found " + found());
                        series(matrix);
                    }
                    result = true;
                } else {
                    p.skipChildren();
                }
            }
            if (resultType == null) {
                throw error("no \"resultType\" in \"data\": expected \"matrix\" or \"vector\"");
            }
            if (!result) {
                throw error("no \"result\" in \"data\": expected an array of series");
            }
        }

        private void series(boolean matrix) throws IOException, ImportException {
            SeriesKey key = null;
            while (field()) {
                String name = p.currentName();
                JsonToken t = next("the value of \"" + name + "\"");
                switch (name) {
                    case "metric":
                        key = metric(t);
                        break;
                    case "values":
                    case "value":
                        if (matrix != name.equals("values")) {
                            throw error("\"" + name + "\" in a " + (matrix ? "matrix" : "vector") + " result: expected \""
                                    + (matrix ? "values" : "value") + "\"");
                        }
                        if (key == null) {
                            throw error("\"" + name + "\" before \"metric\": expected the series' \"metric\" first, as Prometheus writes it");
                        }
                        if (matrix) {
                            expectFound(t == JsonToken.START_ARRAY, "expected \"values\" to be an array of [timestamp, \"value\"], found ");
                            while (next("a sample or the end of \"values\"") != JsonToken.END_ARRAY) {
                                sample(key);
                            }
                        } else {
                            sample(key);
                        }
                        break;
                    case "histogram":
                    case "histograms":
                        throw error("native histogram samples (\"" + name + "\") in " + (key == null ? "a series" : Text.quote(key.toString(), 200))
                                + " are not supported: export the classic histogram's _bucket, _count and _sum series");
                    default:
                        p.skipChildren();
                        break;
                }
            }
            if (key == null) {
                throw error("a series without \"metric\": expected {\"metric\":{\"__name__\":...},...}");
            }
        }

        private SeriesKey metric(JsonToken t) throws IOException, ImportException {
            expectFound(t == JsonToken.START_OBJECT, "expected \"metric\" to be an object of labels, found ");
            JsonLocation at = p.currentTokenLocation();
            String metricName = null;
            Map<String, String> labels = new LinkedHashMap<>();
            while (field()) {
                String name = p.currentName();
                JsonToken v = next("the value of label \"" + name + "\"");
                expectFound(v == JsonToken.VALUE_STRING, "expected label " + Text.quote(name) + " to have a string value, found ");
                if (name.isEmpty()) {
                    throw error("a label with an empty name");
                }
                String value = p.getText();
                if (name.equals(Selector.NAME_LABEL)) {
                    metricName = value;
                } else if (!value.isEmpty()) {
                    labels.put(name, value);
                }
            }
            if (metricName == null || metricName.isEmpty()) {
                StringBuilder shown = new StringBuilder("{");
                labels.forEach((k, v) -> shown.append(shown.length() > 1 ? ", " : "").append(k).append("=\"").append(v).append('"'));
                shown.append('}');
                throw new ImportException(source, at.getLineNr(), at.getByteOffset(), "the series " + Text.quote(shown, 200)
                        + " has no metric name (no \"__name__\" label): a query that applies a function or an operator "
                        + "(rate(), sum(), arithmetic) drops it; export the raw series, a range query of a plain selector");
            }
            return SeriesKey.of(metricName, labels);
        }

        private void sample(SeriesKey key) throws IOException, ImportException {
            expectFound(p.currentToken() == JsonToken.START_ARRAY, "expected a sample [timestamp, \"value\"], found ");
            JsonToken t = next("the sample's timestamp");
            expectFound(t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT, "expected the sample's timestamp in Unix seconds (a number), found ");
            long millis = t == JsonToken.VALUE_NUMBER_INT ? Text.fastSecondsToMillis(p.getTextCharacters(),
                    p.getTextOffset(), p.getTextLength()) : Long.MIN_VALUE;
            if (millis == Long.MIN_VALUE) {
                try {
                    millis = Text.secondsToMillis(p.getText());
                } catch (IllegalArgumentException e) {
                    throw error(e.getMessage());
                }
            }
            t = next("the sample's value");
            expectFound(t == JsonToken.VALUE_STRING, "expected the sample's value as a string (\"3\", \"NaN\", \"+Inf\"), found ");
            double value = Text.fastValue(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            if (Double.isNaN(value)) { // not a plain short decimal (or really NaN): the full reading decides
                try {
                    value = Text.value(p.getText());
                } catch (IllegalArgumentException e) {
                    throw error(e.getMessage() + " in " + Text.quote(key.toString(), 200));
                }
            }
            t = next("the end of the sample");
            expectFound(t == JsonToken.END_ARRAY, "expected the end of the sample ], a sample is [timestamp, \"value\"], found ");
            sink.sample(key, millis, value);
        }

        /** Moves to the next field name; false at the end of the object. */
        private boolean field() throws IOException, ImportException {
            JsonToken t = next("a field or the end of the object");
            if (t == JsonToken.END_OBJECT) {
                return false;
            }
            expectFound(t == JsonToken.FIELD_NAME, "expected a field name, found ");
            return true;
        }

        private JsonToken next(String expected) throws IOException, ImportException {
            JsonToken t = p.nextToken();
            if (t == null) {
                JsonLocation at = p.currentLocation();
                throw new ImportException(source, at.getLineNr(), at.getByteOffset(),
                        "the input ends early (truncated?): expected " + expected);
            }
            return t;
        }

        /** Like {@link #expect}, the message ending with what was found, built only when it is needed. */
        private void expectFound(boolean ok, String problem) throws IOException, ImportException {
            if (!ok) {
                throw error(problem + found());
            }
        }

        private void expect(boolean ok, String problem) throws ImportException {
            if (!ok) {
                throw error(problem);
            }
        }

        private ImportException error(String problem) {
            JsonLocation at = p.currentTokenLocation();
            return new ImportException(source, at.getLineNr(), at.getByteOffset(), problem);
        }

        private String found() throws IOException {
            JsonToken t = p.currentToken();
            if (t == null) {
                return "the end of the input";
            }
            switch (t) {
                case START_OBJECT: return "an object";
                case START_ARRAY: return "an array";
                case END_OBJECT: return "the end of an object";
                case END_ARRAY: return "the end of an array";
                case FIELD_NAME: return "field " + Text.quote(p.currentName());
                case VALUE_STRING: return "the string " + Text.quote(p.getText());
                case VALUE_NULL: return "null";
                case VALUE_TRUE: return "true";
                case VALUE_FALSE: return "false";
                default: return Text.quote(p.getText());
            }
        }
    }
}
