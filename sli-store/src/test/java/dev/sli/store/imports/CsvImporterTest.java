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

class CsvImporterTest {

    private static final String HEADER = "timestamp,metric,labels,value\n";

    private static List<String> read(String csv) throws Exception {
        Recorder r = new Recorder();
        new CsvImporter().read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "s.csv", r);
        return r.lines;
    }

    private static ImportException fails(byte[] csv) {
        return assertThrows(ImportException.class,
                () -> new CsvImporter(256).read(new ByteArrayInputStream(csv), "s.csv", new Recorder()));
    }

    private static ImportException fails(String csv) {
        return fails(csv.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsRowsWithLabelsValuesAndFractionalSeconds() throws Exception {
        List<String> got = read("\ufeff" + HEADER
                + "1704067200,up,job=api;a=x=y,1\r\n"
                + "\n"
                + "1704067200.5,up,,NaN\n"
                + "1704067201.25,up,job=api;a=x=y,+Inf\n"
                + "1704067202,req,zone=é,b;empty=,-0.1");
        assertEquals(List.of(
                "up{a=\"x=y\", job=\"api\"} @1704067200000 = 1.0 (0x3ff0000000000000)",
                "up{} @1704067200500 = NaN (0x7ff8000000000000)",
                "up{a=\"x=y\", job=\"api\"} @1704067201250 = Infinity (0x7ff0000000000000)",
                "req{zone=\"é,b\"} @1704067202000 = -0.1 (0xbfb999999999999a)"), got);
    }

    @Test
    void headerOnlyIsNoSamples() throws Exception {
        assertEquals(List.of(), read(HEADER));
    }

    @Test
    void refusesAnEmptyInputAndAWrongHeader() {
        assertEquals("s.csv (byte 0): the input is empty: expected the header line timestamp,metric,labels,value",
                fails("").getMessage());
        assertEquals("s.csv:1 (byte 0): expected the header line timestamp,metric,labels,value, found \"time,metric,value\"",
                fails("time,metric,value\n1,x,1\n").getMessage());
    }

    @Test
    void errorsNameLineByteOffsetAndField() {
        String bad = HEADER + "1704067200,up,,1\n" + "17040672x0,up,,1\n";
        int line3 = (HEADER + "1704067200,up,,1\n").length();
        assertEquals("s.csv:3 (byte " + line3 + "): field timestamp: expected Unix seconds (a number such as 1704067200.5), "
                + "found \"17040672x0\"", fails(bad).getMessage());
        String value = HEADER + "1704067200,up,job=é,12abc\n";
        assertEquals("s.csv:2 (byte " + (HEADER.length() + "1704067200,up,job=é,".getBytes(StandardCharsets.UTF_8).length)
                + "): field value: expected a sample value (a number, \"NaN\", \"+Inf\" or \"-Inf\"), found \"12abc\"",
                fails(value).getMessage());
        assertEquals("s.csv:2 (byte " + (HEADER.length() + 14) + "): field labels: expected name=value, found \"job\"",
                fails(HEADER + "1704067200,up,job,1\n").getMessage());
        assertEquals("s.csv:2 (byte " + (HEADER.length() + 22) + "): field labels: label \"a\" appears twice",
                fails(HEADER + "1704067200,up,a=1;b=2;a=3,1\n").getMessage());
        assertEquals("s.csv:2 (byte " + (HEADER.length() + 14) + "): field labels: __name__ is not a label here: the metric "
                + "field names the series", fails(HEADER + "1704067200,up,__name__=x,1\n").getMessage());
        assertEquals("s.csv:2 (byte " + (HEADER.length() + 11) + "): field metric: the metric name is empty",
                fails(HEADER + "1704067200,,a=1,1\n").getMessage());
        assertEquals("s.csv:2 (byte " + HEADER.length() + "): expected 4 fields (timestamp,metric,labels,value), found 3: "
                + "\"1704067200,up,1\"", fails(HEADER + "1704067200,up,1\n").getMessage());
        assertEquals("s.csv:2 (byte " + HEADER.length() + "): quoted fields are not supported: \"1704067200,\\\"up\\\",,1\"",
                fails(HEADER + "1704067200,\"up\",,1\n").getMessage());
        assertEquals("s.csv:2 (byte " + HEADER.length() + "): field timestamp: timestamp \"1704067200.0001\" has a fraction "
                + "finer than a millisecond; Prometheus keeps milliseconds", fails(HEADER + "1704067200.0001,up,,1\n").getMessage());
    }

    @Test
    void controlCharactersFromTheInputAreEscapedInErrors() {
        String msg = fails(HEADER + "1704067200,up,,\u001b[31mred\n").getMessage();
        assertEquals("s.csv:2 (byte " + (HEADER.length() + 15) + "): field value: expected a sample value (a number, \"NaN\", "
                + "\"+Inf\" or \"-Inf\"), found \"\\u001b[31mred\"", msg);
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        byte[] csv = (HEADER + "1704067200,up,zone=caf?,1\n").getBytes(StandardCharsets.ISO_8859_1);
        int at = (HEADER + "1704067200,up,zone=caf").length();
        csv[at] = (byte) 0xe9;
        assertEquals("s.csv:2 (byte " + at + "): not UTF-8: byte 0xe9 at column " + (at - HEADER.length() + 1)
                + " of the line; the file must be UTF-8", fails(csv).getMessage());
    }

    @Test
    void aLineOverTheLimitIsAnErrorNamingTheLine() {
        String longLine = "1704067200,up,a=" + "b".repeat(300) + ",1\n";
        assertEquals("s.csv:3 (byte " + (HEADER.length() + 17) + "): line longer than 256 bytes: no sample needs that much; "
                + "the input is damaged or not this CSV format", fails(HEADER + "1704067200,up,,1\n" + longLine).getMessage());
    }

    @Test
    void aTwoGibibyteLineIsAClearErrorInASmallHeap() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), HugeInputChild.class.getName(), "csv-line");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child did not finish in 120 s");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("IMPORT-ERROR generated:2 (byte 30): line longer than 1048576 bytes: no sample needs that much;"), out);
        long read = Long.parseLong(out.substring(out.indexOf("READ-BYTES ") + 11).trim());
        assertTrue(read < 4L << 20, "read " + read + " bytes before refusing");
    }
}
