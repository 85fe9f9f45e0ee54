package dev.sli.store.imports;

import static dev.sli.store.imports.ExpositionImporterTest.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every kind of bad exposition input, each with the exact message: source, line, byte offset and problem. */
class ExpositionErrorsTest {

    private static final ExpositionImporter PROMETHEUS = ExpositionImporter.prometheusText().build();
    private static final ExpositionImporter OPEN_METRICS = ExpositionImporter.openMetrics().build();

    private static void assertFails(ExpositionImporter importer, String text, long line, long byteOffset, String message) {
        ImportException e = failure(importer, text);
        assertEquals(message, e.getMessage());
        assertEquals("in.prom", e.source());
        assertEquals(line, e.line());
        assertEquals(byteOffset, e.byteOffset());
    }

    @Test
    void aSampleWithoutTimestampNamesTheLine() {
        assertFails(PROMETHEUS, "a 1 1704067200000\nhttp_requests_total{code=\"200\"} 1027\n", 2, 54,
                "in.prom:2 (byte 54): the sample of \"http_requests_total{code=\\\"200\\\"}\" has no timestamp: a replay needs "
                        + "timestamped samples (integer milliseconds after the value), or a default timestamp for samples without one");
        assertFails(OPEN_METRICS, "up 1 # {a=\"b\"} 1 1704067200\n# EOF\n", 1, 5,
                "in.prom:1 (byte 5): the sample of \"up\" has no timestamp: a replay needs timestamped samples (decimal "
                        + "seconds after the value), or a default timestamp for samples without one");
    }

    @Test
    void timestampsInTheOtherFormatsUnitAreRefused() {
        assertFails(PROMETHEUS, "up 1 1704067200\n", 1, 5, "in.prom:1 (byte 5): the timestamp \"1704067200\" is 1704067200 ms, "
                + "not between 1973-03-03 and 5138: Prometheus text timestamps are milliseconds; this looks like seconds (OpenMetrics)");
        assertFails(OPEN_METRICS, "up 1 1704067200000\n# EOF\n", 1, 5, "in.prom:1 (byte 5): the timestamp \"1704067200000\" is "
                + "1704067200000000 ms, not between 1973-03-03 and 5138: OpenMetrics timestamps are seconds; this looks like "
                + "milliseconds (Prometheus text format)");
        assertFails(PROMETHEUS, "up 1 1704067200.5\n", 1, 5, "in.prom:1 (byte 5): expected a timestamp in integer milliseconds "
                + "(Prometheus text format 0.0.4) after the value, found \"1704067200.5\": not an integer");
        assertFails(PROMETHEUS, "up 1 99999999999999999999\n", 1, 5, "in.prom:1 (byte 5): expected a timestamp in integer "
                + "milliseconds (Prometheus text format 0.0.4) after the value, found \"99999999999999999999\": beyond the int64 range");
        assertFails(OPEN_METRICS, "up 1 NaN\n# EOF\n", 1, 5, "in.prom:1 (byte 5): expected a timestamp in decimal seconds "
                + "(OpenMetrics) after the value, found \"NaN\"");
        assertFails(OPEN_METRICS, "up 1 1e30\n# EOF\n", 1, 5, "in.prom:1 (byte 5): expected a timestamp in decimal seconds "
                + "(OpenMetrics) after the value, found \"1e30\": beyond the int64 range of milliseconds");
    }

    @Test
    void badValuesNameTheLineAndValue() {
        assertFails(PROMETHEUS, "# TYPE a gauge\na{x=\"é\"} 0x1p3 1704067200000\n", 2, 25,
                "in.prom:2 (byte 25): expected a sample value (a decimal number, NaN, +Inf or -Inf), found \"0x1p3\"");
        assertFails(PROMETHEUS, "a 1e999 1704067200000\n", 1, 2,
                "in.prom:1 (byte 2): expected a sample value (a decimal number, NaN, +Inf or -Inf), found \"1e999\": beyond the float64 range");
        assertFails(PROMETHEUS, "a\n", 1, 1, "in.prom:1 (byte 1): expected a space and the sample value after \"a\", found the end of the line");
        assertFails(PROMETHEUS, "a{b=\"c\"}1 1704067200000\n", 1, 8,
                "in.prom:1 (byte 8): expected a space and the sample value after \"a{b=\\\"c\\\"}\", found \"1 1704067200000\"");
        assertFails(PROMETHEUS, "a 1 1704067200000 7\n", 1, 18, "in.prom:1 (byte 18): expected the end of the line or an exemplar "
                + "(\" # {…}\") after the timestamp, found \"7\"");
        assertFails(OPEN_METRICS, "a 1 1704067200 # trace\n# EOF\n", 1, 15,
                "in.prom:1 (byte 15): expected an exemplar (\" # {labels} value\") after the sample, found \"# trace\"");
    }

    @Test
    void badNamesAndLabelsNameThePlace() {
        assertFails(PROMETHEUS, "9a 1 1704067200000\n", 1, 0,
                "in.prom:1 (byte 0): expected a metric name at the start of a sample line, found \"9a 1 1704067200000\"");
        assertFails(PROMETHEUS, "a{b=\"c} 1 1704067200000\n", 1, 4,
                "in.prom:1 (byte 4): the value of label b of a has no closing '\"': \"\\\"c} 1 1704067200000\"");
        assertFails(PROMETHEUS, "a{b=c} 1 1704067200000\n", 1, 4,
                "in.prom:1 (byte 4): expected '\"' starting the value of label b of a, found \"c} 1 1704067200000\"");
        assertFails(PROMETHEUS, "a{b=\"1\",b=\"2\"} 1 1704067200000\n", 1, 8, "in.prom:1 (byte 8): the label b appears twice in the labels of a");
        assertFails(PROMETHEUS, "a{__name__=\"x\"} 1 1704067200000\n", 1, 2,
                "in.prom:1 (byte 2): the label __name__ in the labels of a: the metric name is written before '{'");
        assertFails(PROMETHEUS, "a{b=\"1\" c=\"2\"} 1 1704067200000\n", 1, 8,
                "in.prom:1 (byte 8): expected ',' or '}' after the value of label b of a, found \"c=\\\"2\\\"} 1 1704067200000\"");
        assertFails(PROMETHEUS, "a{\"b\"=\"1\"} 1 1704067200000\n", 1, 2,
                "in.prom:1 (byte 2): expected a label name or '}' in the labels of a, found \"\\\"b\\\"=\\\"1\\\"} 1 1704067200000\"");
        assertFails(PROMETHEUS, "a{b\t\"1\"} 1 1704067200000\n", 1, 4,
                "in.prom:1 (byte 4): expected '=' after the label name b of a, found \"\\\"1\\\"} 1 1704067200000\"");
    }

    @Test
    void typeLinesAreChecked() {
        assertFails(PROMETHEUS, "# TYPE a counter\n# TYPE a gauge\n", 2, 26,
                "in.prom:2 (byte 26): metric family a is declared gauge here but counter at line 1: one family has one type");
        assertFails(PROMETHEUS, "# TYPE a histo\n", 1, 9, "in.prom:1 (byte 9): expected a metric type after \"# TYPE a\" (counter, gauge, "
                + "histogram, summary or untyped), found \"histo\"");
        assertFails(PROMETHEUS, "# TYPE a unknown\n", 1, 9, "in.prom:1 (byte 9): expected a metric type after \"# TYPE a\" (counter, "
                + "gauge, histogram, summary or untyped), found \"unknown\"");
        assertFails(OPEN_METRICS, "# TYPE a untyped\n# EOF\n", 1, 9, "in.prom:1 (byte 9): expected a metric type after \"# TYPE a\" "
                + "(counter, gauge, histogram, gaugehistogram, summary, info, stateset or unknown), found \"untyped\"");
        assertFails(PROMETHEUS, "# TYPE a gauge extra\n", 1, 15, "in.prom:1 (byte 15): expected the end of the line after the type "
                + "gauge, found \"extra\"");
        assertFails(PROMETHEUS, "# TYPE\n", 1, 6, "in.prom:1 (byte 6): expected a metric name after # TYPE, found the end of the line");
    }

    @Test
    void openMetricsEndsAtEofAndOnlyThere() {
        assertFails(OPEN_METRICS, "a 1 1704067200\n# EOF\na 2 1704067260\n", 3, 21,
                "in.prom:3 (byte 21): expected the end of the input after \"# EOF\" (OpenMetrics ends there), found \"a 2 1704067260\"");
        assertFails(OPEN_METRICS, "a 1 1704067200\n# EOF\n\n", 3, 21,
                "in.prom:3 (byte 21): expected the end of the input after \"# EOF\" (OpenMetrics ends there), found \"\"");
        assertFails(OPEN_METRICS, "a 1 1704067200\na 2 1704067260", 3, -1,
                "in.prom:3: the input ends without \"# EOF\": OpenMetrics input must end with it, so this file may be truncated");
        assertFails(OPEN_METRICS, "", 1, -1,
                "in.prom:1: the input ends without \"# EOF\": OpenMetrics input must end with it, so this file may be truncated");
        assertFails(OPEN_METRICS, "a 1 1704067200\n\n# EOF\n", 2, 15,
                "in.prom:2 (byte 15): expected a sample or a # line, found an empty line (OpenMetrics has none)");
        assertFails(OPEN_METRICS, "# some comment\n# EOF\n", 1, 2,
                "in.prom:1 (byte 2): expected \"# HELP\", \"# TYPE\", \"# UNIT\" or \"# EOF\", found \"# some comment\"");
    }

    @Test
    void theStartOfATruncatedLastLineIsStillRead() {
        // A Prometheus text file cut in the middle of a timestamp: the cut sample is read as what it says.
        assertFails(PROMETHEUS, "a 1 1704067200000\na 2 17040", 2, 22, "in.prom:2 (byte 22): the timestamp \"17040\" is 17040 ms, not "
                + "between 1973-03-03 and 5138: Prometheus text timestamps are milliseconds; this looks like seconds (OpenMetrics)");
    }

    @Test
    void bytesThatAreNotUtf8NameLineAndOffset() {
        byte[] head = "a 1 1704067200000\nb{x=\"ok é\"} 1 1704067200000\nc{x=\"".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 30];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = 'z';
        bytes[head.length + 1] = (byte) 0xC3; // a lead byte followed by an ASCII byte
        bytes[head.length + 2] = '"';
        byte[] tail = "} 1 1704067200000\n".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(tail, 0, bytes, head.length + 3, tail.length);
        ImportException e = failure(PROMETHEUS, java.util.Arrays.copyOf(bytes, head.length + 3 + tail.length));
        assertEquals("in.prom:3 (byte 53): the text is not UTF-8: byte 0xC3 (byte 7 of the line) does not start or continue a "
                + "UTF-8 character", e.getMessage());
        assertEquals(3, e.line());
        assertEquals(53, e.byteOffset());
        assertEquals((byte) 0xC3, bytes[53]);
    }

    @Test
    void controlCharactersFromTheInputAreEscapedInMessages() {
        assertFails(PROMETHEUS, "a{b=\"\u001b[31mred\u0007\"} x\u202e 1704067200000\n", 1, 17,
                "in.prom:1 (byte 17): expected a sample value (a decimal number, NaN, +Inf or -Inf), found \"x\\u202e\"");
        ImportException e = failure(PROMETHEUS, "\u001b[2J\u0085 1 1704067200000\n");
        assertEquals("in.prom:1 (byte 0): expected a metric name at the start of a sample line, found "
                + "\"\\u001b[2J\\u0085 1 1704067200000\"", e.getMessage());
    }

    @Test
    void aLineLongerThanTheLimitIsAnErrorNamingIt() {
        ExpositionImporter small = ExpositionImporter.prometheusText().maxLineBytes(256).build();
        String longLine = "a{b=\"" + "x".repeat(300) + "\"} 1 1704067200000\n";
        ImportException e = failure(small, "a 1 1704067200000\n" + longLine);
        assertEquals("in.prom:2 (byte 18): the line is longer than 256 bytes, the limit for one line; it starts "
                + "\"a{b=\\\"" + "x".repeat(55) + "…\"", e.getMessage());
        assertEquals(2, e.line());
        assertEquals(18, e.byteOffset());
    }

    @Test
    void tooManySeriesIsAnError() {
        ExpositionImporter two = ExpositionImporter.prometheusText().maxSeries(2).build();
        assertFails(two, "a 1 1704067200000\nb 1 1704067200000\na 2 1704067260000\nc 1 1704067200000\n", 4, 54,
                "in.prom:4 (byte 54): more than 2 series: raise maxSeries if the input really has that many");
    }

    @Test
    void builderRefusesBadSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExpositionImporter.prometheusText().defaultTimestampMillis(1704067200L));
        assertEquals("defaultTimestampMillis 1704067200 is not between 10^11 (1973-03-03) and 10^14 (year 5138): give Unix epoch "
                + "milliseconds", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ExpositionImporter.openMetrics().maxLineBytes(100));
        assertEquals("maxLineBytes 100 is not between 256 and 67108864 (64 MiB)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ExpositionImporter.openMetrics().maxSeries(0));
        assertEquals("maxSeries 0 is not positive", e.getMessage());
    }

    @Test
    void samplesBeforeTheErrorReachedTheSink() throws Exception {
        RecordingSink sink = new RecordingSink();
        assertThrows(ImportException.class, () -> PROMETHEUS.read(
                new ByteArrayInputStream("a 1 1704067200000\nb 2\n".getBytes(StandardCharsets.UTF_8)), "in.prom", sink));
        assertEquals(List.of("a{} 1704067200000 1.0"), sink.calls);
    }

    /** A child JVM with a 256 MB heap reads a 2 GB line from a generator stream: one error, no OutOfMemoryError. */
    @Test
    void aTwoGigabyteLineIsAnErrorNotAnOutOfMemory() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), HugeLineChild.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
            }
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child did not finish");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), out.toString());
        // the limit is passed at byte 18 + 1 MiB + 1, in the 17th read of 64 KiB
        assertEquals("error: huge.prom:2 (byte 18): the line is longer than 1048576 bytes, the limit for one line; it starts "
                + "\"big{x=\\\"" + "y".repeat(53) + "…\"\n"
                + "samples before it: 1\n"
                + "bytes read at most: " + 17 * 65536 + " of 2147483648\n", out.toString());
    }
}
