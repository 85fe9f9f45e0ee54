package dev.sli.store.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusJsonImporterTest {

    private static final String HEAD = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[";

    private static List<String> read(String json) throws Exception {
        Recorder r = new Recorder();
        new PrometheusJsonImporter().read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t.json", r);
        return r.lines;
    }

    private static ImportException fails(String json) {
        return fails(json.getBytes(StandardCharsets.UTF_8));
    }

    private static ImportException fails(byte[] json) {
        return assertThrows(ImportException.class,
                () -> new PrometheusJsonImporter().read(new ByteArrayInputStream(json), "t.json", new Recorder()));
    }

    @Test
    void readsMatrixWithExactMillisecondsAndEveryValueSpelling() throws Exception {
        List<String> got = read(HEAD
                + "{\"metric\":{\"__name__\":\"up\",\"job\":\"api\",\"a\":\"1\",\"empty\":\"\"},\"values\":[[1704067200,\"1\"],"
                + "[1704067200.5,\"0.1\"],[1704067200.001,\"NaN\"],[1704067201.999,\"+Inf\"],[1704067202,\"-Inf\"],"
                + "[1704067203,\"Inf\"],[1704067204,\"-2.5e-3\"],[17040672.05e2,\"1e3\"]]},"
                + "{\"metric\":{\"__name__\":\"down\"},\"values\":[]}]},\"warnings\":[\"ignored\"]}");
        String k = "up{a=\"1\", job=\"api\"}";
        assertEquals(List.of(
                k + " @1704067200000 = 1.0 (0x3ff0000000000000)",
                k + " @1704067200500 = 0.1 (0x3fb999999999999a)",
                k + " @1704067200001 = NaN (0x7ff8000000000000)",
                k + " @1704067201999 = Infinity (0x7ff0000000000000)",
                k + " @1704067202000 = -Infinity (0xfff0000000000000)",
                k + " @1704067203000 = Infinity (0x7ff0000000000000)",
                k + " @1704067204000 = -0.0025 (0xbf647ae147ae147b)",
                k + " @1704067205000 = 1000.0 (0x408f400000000000)"), got);
    }

    @Test
    void readsInstantVector() throws Exception {
        List<String> got = read("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"__name__\":\"up\",\"job\":\"a\"},\"value\":[1704067200.25,\"1\"]},"
                + "{\"metric\":{\"__name__\":\"up\",\"job\":\"b\"},\"value\":[1704067200.25,\"0\"]}]}}");
        assertEquals(List.of("up{job=\"a\"} @1704067200250 = 1.0 (0x3ff0000000000000)",
                "up{job=\"b\"} @1704067200250 = 0.0 (0x0)"), got);
    }

    @Test
    void timestampsAreExactFromTheDecimalTextNotThroughADouble() throws Exception {
        // 9007199254740993 ms is 2^53 + 1: no double holds it, so going through a double cannot give it
        assertEquals(9007199254740992L, (long) (9007199254740.993 * 1000));
        List<String> got = read(HEAD + "{\"metric\":{\"__name__\":\"x\"},\"values\":[[1704067200.123,\"1\"],[-1.5,\"1\"],"
                + "[9007199254740.993,\"1\"]]}]}}");
        assertEquals(List.of("x{} @1704067200123 = 1.0 (0x3ff0000000000000)", "x{} @-1500 = 1.0 (0x3ff0000000000000)",
                "x{} @9007199254740993 = 1.0 (0x3ff0000000000000)"), got);
    }

    @Test
    void refusesSubMillisecondTimestamps() {
        String json = HEAD + "{\"metric\":{\"__name__\":\"x\"},\"values\":[[1704067200.0005,\"1\"]]}]}}";
        ImportException e = fails(json);
        assertEquals("t.json:1 (byte " + json.indexOf("1704067200.0005") + "): timestamp \"1704067200.0005\" has a fraction finer than a millisecond; "
                + "Prometheus keeps milliseconds", e.getMessage());
    }

    @Test
    void refusesAnEmptyInput() {
        ImportException e = fails("");
        assertEquals("t.json (byte 0): the input is empty: expected a Prometheus API response "
                + "({\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[...]}})", e.getMessage());
    }

    @Test
    void refusesTruncatedJson() {
        String json = HEAD + "{\"metric\":{\"__name__\":\"x\"},\"values\":[[1704067200,\"1\"],[17040672";
        ImportException e = fails(json);
        assertEquals(1, e.line());
        assertEquals(json.length(), e.byteOffset());
        assertTrue(e.getMessage().startsWith("t.json:1 (byte " + json.length() + "): the input ends early (truncated?)"), e.getMessage());

        String cut = HEAD + "{\"metric\":{\"__name__\":\"x\"},\"values\":[[1704067200,\"1\"]";
        ImportException e2 = fails(cut);
        assertEquals("t.json:1 (byte " + cut.length() + "): the input ends early (truncated?): \"Unexpected end-of-input: "
                + "expected close marker for Array\"", e2.getMessage());
    }

    @Test
    void truncatedOnALaterLineNamesThatLine() {
        String json = "{\"status\":\"success\",\n\"data\":{\"resultType\":\"matrix\",\n\"result\":[\n{\"metric\":{\"__name__\":\"x\"},\"values\":[[1,\"2";
        ImportException e = fails(json);
        assertEquals(4, e.line());
        assertEquals(json.length(), e.byteOffset());
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "string"})
    void refusesScalarAndStringResults(String type) {
        String json = "{\"status\":\"success\",\"data\":{\"resultType\":\"" + type + "\",\"result\":[1704067200,\"1\"]}}";
        ImportException e = fails(json);
        assertEquals("t.json:1 (byte " + json.indexOf("\"" + type + "\"") + "): resultType \"" + type + "\": a " + type + " has no series; expected \"matrix\" "
                + "(a range query, or an instant query of a range selector) or \"vector\"", e.getMessage());
    }

    @Test
    void refusesAnErrorResponseQuotingItBounded() {
        String longMessage = "x".repeat(5000) + "\\u001b[31m";
        ImportException e = fails("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"" + longMessage + "\"}");
        assertEquals("t.json:1 (byte 10): the server answered with an error: errorType \"bad_data\", error \""
                + "x".repeat(300) + "\"… (5005 characters)", e.getMessage());
        ImportException e2 = fails("{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"query timed out\\u001b[0m\"}");
        assertEquals("t.json:1 (byte 10): the server answered with an error: errorType \"execution\", error \"query timed out\\u001b[0m\"",
                e2.getMessage());
    }

    @Test
    void refusesNonNumericValues() {
        String json = HEAD + "{\"metric\":{\"__name__\":\"x\",\"a\":\"b\"},\"values\":[[1704067200,\"12abc\"]]}]}}";
        ImportException e = fails(json);
        assertEquals("t.json:1 (byte " + json.indexOf("\"12abc\"") + "): expected a sample value (a number, \"NaN\", \"+Inf\" or \"-Inf\"), found \"12abc\" in "
                + "\"x{a=\\\"b\\\"}\"", e.getMessage());
        assertTrue(fails(HEAD + "{\"metric\":{\"__name__\":\"x\"},\"values\":[[1704067200,\"1d\"]]}]}}").getMessage()
                .contains("found \"1d\""));
        assertTrue(fails(HEAD + "{\"metric\":{\"__name__\":\"x\"},\"values\":[[1704067200,\" 1\"]]}]}}").getMessage()
                .contains("found \" 1\""));
        assertTrue(fails(HEAD + "{\"metric\":{\"__name__\":\"x\"},\"values\":[[1704067200,\"0x10\"]]}]}}").getMessage()
                .contains("found \"0x10\""));
        assertTrue(fails(HEAD + "{\"metric\":{\"__name__\":\"x\"},\"values\":[[1704067200,\"1e400\"]]}]}}").getMessage()
                .contains("value \"1e400\" is out of range of a 64-bit float"));
        String unquoted = HEAD + "{\"metric\":{\"__name__\":\"x\"},\"values\":[[1704067200,3]]}]}}";
        assertEquals("t.json:1 (byte " + (unquoted.indexOf(",3]") + 1) + "): expected the sample's value as a string (\"3\", \"NaN\", \"+Inf\"), found \"3\"",
                fails(unquoted).getMessage());
        String date = HEAD + "{\"metric\":{\"__name__\":\"x\"},\"values\":[[\"2024-01-01\",\"3\"]]}]}}";
        assertEquals("t.json:1 (byte " + date.indexOf("\"2024") + "): expected the sample's timestamp in Unix seconds (a number), found the string \"2024-01-01\"",
                fails(date).getMessage());
    }

    @Test
    void refusesASeriesWithoutMetricNameSayingWhy() {
        String json = HEAD + "{\"metric\":{\"job\":\"api\"},\"values\":[[1704067200,\"0.5\"]]}]}}";
        ImportException e = fails(json);
        assertEquals("t.json:1 (byte " + json.indexOf("{\"job") + "): the series \"{job=\\\"api\\\"}\" has no metric name (no \"__name__\" label): a query "
                + "that applies a function or an operator (rate(), sum(), arithmetic) drops it; export the raw series, "
                + "a range query of a plain selector", e.getMessage());
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        byte[] json = (HEAD + "{\"metric\":{\"__name__\":\"x\",\"a\":\"caf??\"},\"values\":[]}]}}").getBytes(StandardCharsets.ISO_8859_1);
        int at = HEAD.length() + "{\"metric\":{\"__name__\":\"x\",\"a\":\"caf".length();
        json[at] = (byte) 0xe9; // Latin-1 é
        json[at + 1] = (byte) 0x22;
        ImportException e = fails(json);
        assertTrue(e.getMessage().startsWith("t.json:1 (byte "), e.getMessage());
        assertTrue(e.getMessage().contains("not UTF-8: \"Invalid UTF-8 middle byte 0x22"), e.getMessage());
        assertTrue(Math.abs(e.byteOffset() - at) <= 2, e.getMessage());

        byte[] utf16 = "{\"status\":\"success\"}".getBytes(StandardCharsets.UTF_16LE);
        assertEquals("t.json:1 (byte 0): not UTF-8: the input starts with 7b 00 22 00 (\"{.\\\".\"), which looks like UTF-16 or "
                + "UTF-32; a Prometheus response is UTF-8", fails(utf16).getMessage());
    }

    @Test
    void refusesNativeHistogramsAndMisplacedFields() {
        String hist = HEAD + "{\"metric\":{\"__name__\":\"x\"},\"histograms\":[[1,{\"count\":\"1\"}]]}]}}";
        assertEquals("t.json:1 (byte " + hist.indexOf("[[1") + "): native histogram samples (\"histograms\") in \"x{}\" are not supported: export the "
                + "classic histogram's _bucket, _count and _sum series", fails(hist).getMessage());
        assertEquals("t.json:1 (byte " + (HEAD.length() + 10) + "): \"values\" before \"metric\": expected the series' \"metric\" first, as Prometheus writes it",
                fails(HEAD + "{\"values\":[[1,\"1\"]],\"metric\":{\"__name__\":\"x\"}}]}}").getMessage());
        String vectorInMatrix = HEAD + "{\"metric\":{\"__name__\":\"x\"},\"value\":[1,\"1\"]}]}}";
        assertEquals("t.json:1 (byte " + vectorInMatrix.indexOf("[1,") + "): \"value\" in a matrix result: expected \"values\"",
                fails(vectorInMatrix).getMessage());
        assertEquals("t.json:1 (byte 8): \"data\" before \"status\": expected \"status\":\"success\" first, as Prometheus writes it",
                fails("{\"data\":1}").getMessage());
        assertEquals("t.json:1 (byte 19): no \"data\" in the response: expected \"data\":{\"resultType\":\"matrix\",\"result\":[...]}",
                fails("{\"status\":\"success\"}").getMessage());
        assertTrue(fails("[1,2]").getMessage().startsWith("t.json:1 (byte 0): expected a Prometheus API response"));
        assertTrue(fails(HEAD + "]}} trailing").getMessage().contains("malformed JSON"));
        assertTrue(fails(HEAD + "{\"metric\":{\"__name__\":\"x\",\"a\":\"1\",\"a\":\"2\"},\"values\":[]}]}}").getMessage()
                .contains("Duplicate field 'a'"));
    }

    @Test
    void outOfOrderAndDuplicateSamplesAreDroppedAndCountedInFrontOfTheSink() throws Exception {
        SeriesSet set = SeriesSet.all();
        InOrderSink inOrder = new InOrderSink(set);
        String json = HEAD + "{\"metric\":{\"__name__\":\"x\"},\"values\":[[10,\"1\"],[20,\"2\"],[20,\"3\"],[15,\"4\"],[30,\"5\"]]},"
                + "{\"metric\":{\"__name__\":\"y\"},\"values\":[[5,\"1\"]]}]}}";
        new PrometheusJsonImporter().read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t.json", inOrder);
        ImportSummary s = inOrder.summary();
        assertEquals(2, s.series());
        assertEquals(4, s.samples());
        assertEquals(1, s.duplicates());
        assertEquals(1, s.outOfOrder());
        SeriesSet.Samples x = set.series().get(SeriesKey.of("x", java.util.Map.of()));
        assertEquals(3, x.size());
        assertEquals(10_000, x.timeMillis(0));
        assertEquals(20_000, x.timeMillis(1));
        assertEquals(2.0, x.value(1)); // the first at 20 s is kept, as Prometheus keeps the first appended
        assertEquals(30_000, x.timeMillis(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json-string", "json-number"})
    void aTwoGibibyteValueIsAClearErrorInASmallHeap(String which) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), HugeInputChild.class.getName(), which);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child did not finish in 120 s");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        String what = "a string or number longer than 1048576 characters";
        assertTrue(out.startsWith("IMPORT-ERROR generated:1 (byte "), out);
        assertTrue(out.contains("): " + what + ": no label or sample value is that long; the input is damaged or not a Prometheus response"), out);
        long read = Long.parseLong(out.substring(out.indexOf("READ-BYTES ") + 11).trim());
        assertTrue(read < 64L << 20, "read " + read + " bytes before refusing");
    }
}
