package dev.sli.store.imports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ImportersTest {

    static final Path CONFORMANCE = Path.of(System.getProperty("sli.conformance.dir", (java.nio.file.Files.isDirectory(java.nio.file.Path.of("../../shared/conformance")) ? "../../shared/conformance" : "/work/shared/conformance")));

    static Stream<Path> dataSets() throws IOException {
        Path dir = Path.of(System.getProperty("sli.conformance.dir", CONFORMANCE.toString()));
        try (Stream<Path> s = Files.list(dir)) {
            Path[] sets = s.filter(p -> Files.isRegularFile(p.resolve("series.json"))).sorted().toArray(Path[]::new);
            assertTrue(sets.length >= 3, "expected the three conformance data sets under " + dir);
            return Arrays.stream(sets);
        }
    }

    @ParameterizedTest
    @MethodSource("dataSets")
    void jsonAndCsvOfEachDataSetGiveTheSameSeriesBitForBit(Path set) throws Exception {
        SeriesSet fromJson = SeriesSet.all();
        ImportSummary js = Importers.defaults().read(set.resolve("series.json"), Optional.empty(), fromJson);
        SeriesSet fromCsv = SeriesSet.all();
        ImportSummary cs = Importers.defaults().read(set.resolve("series.csv.gz"), Optional.empty(), fromCsv);

        // independent count: a plain tree read of the JSON
        JsonNode result = new ObjectMapper().readTree(set.resolve("series.json").toFile()).path("data").path("result");
        long samples = 0;
        for (JsonNode s : result) {
            samples += s.path("values").size();
        }
        assertEquals(result.size(), fromJson.series().size());
        assertEquals(result.size(), js.series());
        assertEquals(samples, js.samples());
        assertEquals(samples, cs.samples());
        assertEquals(0, js.duplicates() + js.outOfOrder() + cs.duplicates() + cs.outOfOrder());

        Map<SeriesKey, SeriesSet.Samples> a = fromJson.series();
        Map<SeriesKey, SeriesSet.Samples> b = fromCsv.series();
        assertEquals(a.keySet(), b.keySet());
        long total = 0;
        for (JsonNode s : result) {
            JsonNode metric = s.path("metric");
            java.util.Map<String, String> labels = new java.util.HashMap<>();
            metric.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            SeriesKey key = SeriesKey.of(labels.get("__name__"), labels);
            SeriesSet.Samples x = a.get(key);
            SeriesSet.Samples y = b.get(key);
            JsonNode values = s.path("values");
            assertEquals(values.size(), x.size(), key.toString());
            assertEquals(values.size(), y.size(), key.toString());
            for (int i = 0; i < x.size(); i++) {
                assertEquals(values.get(i).get(0).asLong() * 1000, x.timeMillis(i), key + " sample " + i);
                assertEquals(x.timeMillis(i), y.timeMillis(i), key + " sample " + i);
                assertEquals(Double.doubleToRawLongBits(x.value(i)), Double.doubleToRawLongBits(y.value(i)), key + " sample " + i);
                String text = values.get(i).get(1).asText();
                double expected = text.equals("NaN") ? Double.NaN : text.equals("+Inf") ? Double.POSITIVE_INFINITY
                        : text.equals("-Inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(text);
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(x.value(i)), key + " sample " + i);
            }
            total += x.size();
        }
        assertEquals(samples, total);
    }

    @Test
    void detectsEachFormatFromItsFirstBytes() {
        assertEquals(Optional.of(Format.PROMETHEUS_JSON), Format.detect(bytes(" \n{\"status\":\"success\"")));
        assertEquals(Optional.of(Format.PROMETHEUS_JSON), Format.detect(bytes("\ufeff{")));
        assertEquals(Optional.of(Format.CSV), Format.detect(bytes("timestamp,metric,labels,value\n1,x,,1\n")));
        assertEquals(Optional.of(Format.EXPOSITION), Format.detect(bytes("# HELP up Whether up.\n# TYPE up gauge\n")));
        assertEquals(Optional.of(Format.EXPOSITION), Format.detect(bytes("# TYPE up gauge\n")));
        assertEquals(Optional.of(Format.EXPOSITION), Format.detect(bytes("up{job=\"a\"} 1 1704067200\nup 0 1704067260\n")));
        assertEquals(Optional.of(Format.EXPOSITION), Format.detect(bytes("http_requests_total 12")));
        assertEquals(Optional.of(Format.HLOG), Format.detect(bytes("#[Histogram log format version 1.3]\n#[StartTime: 1.0]\n")));
        assertEquals(Optional.of(Format.HLOG), Format.detect(bytes("#[StartTime: 1704067200.000 (seconds since epoch)]\n")));
        assertEquals(Optional.of(Format.HLOG), Format.detect(bytes("Tag=api,0.127,1.007,2.769,HISTFAAAAEV42pNpmSzMwMDAxAABzFCaEUoz\n")));
        assertEquals(Optional.of(Format.CSV), Format.detect(gzip(bytes("timestamp,metric,labels,value\n"))));
        assertEquals(Optional.empty(), Format.detect(bytes("#sli-events 1\n")));
        assertEquals(Optional.empty(), Format.detect(bytes("# a comment\n")));
        assertEquals(Optional.empty(), Format.detect(new byte[] {0x50, 0x4b, 0x03, 0x04}));
        assertEquals(Optional.empty(), Format.detect(new byte[0]));
    }

    @Test
    void readsGzipByMagicWhateverTheName(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("export.dat");
        Files.write(f, gzip(bytes("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"__name__\":\"up\"},\"value\":[1704067200,\"1\"]}]}}")));
        SeriesSet set = SeriesSet.all();
        ImportSummary s = Importers.defaults().read(f, Optional.empty(), set);
        assertEquals(1, s.samples());
        assertArrayEquals(new long[] {1704067200000L}, new long[] {set.series().get(SeriesKey.of("up", Map.of())).timeMillis(0)});
    }

    @Test
    void errorsAfterGunzipNameTheDecompressedSource(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.csv.gz");
        Files.write(f, gzip(bytes("timestamp,metric,labels,value\n1,x,,oops\n")));
        ImportException e = assertThrows(ImportException.class, () -> Importers.defaults().read(f, Optional.empty(), SeriesSet.all()));
        assertEquals(f + " (after gunzip):2 (byte 35): field value: expected a sample value (a number, \"NaN\", \"+Inf\" or \"-Inf\"), "
                + "found \"oops\"", e.getMessage());
    }

    @Test
    void aTruncatedGzipIsAnError(@TempDir Path dir) throws Exception {
        byte[] whole = gzip(bytes("timestamp,metric,labels,value\n" + "1704067200,x,,1\n".repeat(2000)));
        Path f = dir.resolve("cut.csv.gz");
        Files.write(f, Arrays.copyOf(whole, whole.length / 2));
        ImportException e = assertThrows(ImportException.class, () -> Importers.defaults().read(f, Optional.empty(), SeriesSet.all()));
        assertEquals(f + ": the gzip stream ends early (truncated?): \"Unexpected end of ZLIB input stream\"", e.getMessage());
    }

    @Test
    void anUnrecognisedFileSaysWhatItStartsWithAndWhatIsAccepted(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.bin");
        Files.write(f, new byte[] {0x1b, '[', '2', 'J', 'h', 'i', 0x00, (byte) 0xff});
        ImportException e = assertThrows(ImportException.class, () -> Importers.defaults().read(f, Optional.empty(), SeriesSet.all()));
        assertEquals(f + " (byte 0): not a recognised export: it starts with 1b 5b 32 4a 68 69 00 ff (\".[2Jhi..\"); accepted: "
                + "Prometheus query_range JSON ({\"status\":\"success\",\"data\":...}), CSV with the header timestamp,metric,labels,value, "
                + "Prometheus text exposition / OpenMetrics (# TYPE lines, name{labels} value timestamp), "
                + "HdrHistogram interval log (#[StartTime ..., Tag=...), "
                + "each plain or gzip-compressed; name the format to skip detection", e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20));
    }

    @Test
    void anEventsFileIsNamedAsSuch(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("events.csv");
        Files.writeString(f, "#sli-events 1\n2024-01-01T00:00:00Z,api/latency,0.1,ok\n");
        ImportException e = assertThrows(ImportException.class, () -> Importers.defaults().read(f, Optional.empty(), SeriesSet.all()));
        assertTrue(e.getMessage().startsWith(f + ":1 (byte 0): an sli events file, not a metric export: replay it as events"), e.getMessage());
    }

    @Test
    void anEmptyFileAndAFormatWithoutImporterAreErrors(@TempDir Path dir) throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.json"));
        assertEquals(empty + " (byte 0): the file is empty: expected Prometheus query_range JSON ({\"status\":\"success\",\"data\":...}), "
                + "CSV with the header timestamp,metric,labels,value, "
                + "Prometheus text exposition / OpenMetrics (# TYPE lines, name{labels} value timestamp), "
                + "HdrHistogram interval log (#[StartTime ..., Tag=...), each plain or gzip-compressed",
                assertThrows(ImportException.class, () -> Importers.defaults().read(empty, Optional.empty(), SeriesSet.all())).getMessage());
        Path expo = dir.resolve("metrics.txt");
        Files.writeString(expo, "# TYPE up gauge\nup 1 1704067200000\n");
        Map<Format, Importer> jsonOnly = Map.of(Format.PROMETHEUS_JSON, new PrometheusJsonImporter());
        assertTrue(assertThrows(ImportException.class, () -> Importers.of(jsonOnly).read(expo, Optional.empty(), SeriesSet.all()))
                .getMessage().startsWith(expo + ": the file is Prometheus text exposition / OpenMetrics"));
    }

    @Test
    void aNamedFormatOverridesDetection(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.json");
        Files.writeString(f, "{\"status\":\"success\"}");
        ImportException e = assertThrows(ImportException.class, () -> Importers.defaults().read(f, Optional.of(Format.CSV), SeriesSet.all()));
        assertEquals(f + ":1 (byte 0): expected the header line timestamp,metric,labels,value, found \"{\\\"status\\\":\\\"success\\\"}\"",
                e.getMessage());
        Importers csvOnly = Importers.of(Map.of(Format.CSV, new CsvImporter()));
        assertEquals(f + ": the file is Prometheus query_range JSON ({\"status\":\"success\",\"data\":...}), which this build does "
                + "not read yet; accepted: CSV with the header timestamp,metric,labels,value, each plain or gzip-compressed",
                assertThrows(ImportException.class, () -> csvOnly.read(f, Optional.empty(), SeriesSet.all())).getMessage());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] b) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (OutputStream z = new GZIPOutputStream(out)) {
                z.write(b);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
