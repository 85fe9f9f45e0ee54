package dev.sli.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sli.store.imports.CsvImporter;
import dev.sli.store.imports.ImportException;
import dev.sli.store.imports.PrometheusJsonImporter;
import dev.sli.store.imports.SampleSink;
import dev.sli.store.imports.SeriesKey;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Importing a three-week export: {@value #SERIES} series of one sample a minute for 21 days
 * ({@value #SAMPLES} samples) written once as Prometheus {@code query_range} JSON and as CSV, then read per
 * operation by {@code importJson} ({@link PrometheusJsonImporter} into a sink that only counts) and
 * {@code importCsv} ({@link CsvImporter}), beside {@code bareJsonParse}: Jackson's streaming parser walking
 * the same JSON file and reading every value as text, with nothing else done — the floor any JSON importer
 * stands on. Samples per second are {@value #SAMPLES} divided by the time of one operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class ReplayBench {

    static final int SERIES = 24;
    static final int MINUTES = 21 * 24 * 60;
    static final int SAMPLES = SERIES * MINUTES;
    static final long T0 = 1_704_067_200L;

    Path dir;
    Path json;
    Path csv;

    @Setup(Level.Trial)
    public void write() throws IOException {
        dir = Files.createTempDirectory("sli-replay-bench");
        json = dir.resolve("export.json");
        csv = dir.resolve("export.csv");
        SplittableRandom r = new SplittableRandom(21);
        try (BufferedWriter j = Files.newBufferedWriter(json, StandardCharsets.UTF_8);
                BufferedWriter c = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            j.write("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[");
            c.write(CsvImporter.HEADER + "\n");
            for (int s = 0; s < SERIES; s++) {
                String workload = "workload-" + (s % 6);
                String code = s % 2 == 0 ? "2xx" : "5xx";
                j.write((s == 0 ? "" : ",") + "{\"metric\":{\"__name__\":\"http_requests_total\",\"code\":\"" + code
                        + "\",\"kube_workload_name\":\"" + workload + "\",\"shard\":\"" + s + "\"},\"values\":[");
                long value = r.nextInt(1000);
                for (int m = 0; m < MINUTES; m++) {
                    value += r.nextInt(200);
                    long t = T0 + 60L * m;
                    j.write((m == 0 ? "" : ",") + "[" + t + ",\"" + value + "\"]");
                    c.write(t + ",http_requests_total,code=" + code + ";kube_workload_name=" + workload + ";shard=" + s
                            + "," + value + "\n");
                }
                j.write("]}");
            }
            j.write("]}}");
        }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(json);
        Files.deleteIfExists(csv);
        Files.deleteIfExists(dir);
    }

    /** Counts what it is given; a checksum keeps the JIT from dropping the work. */
    static final class Counting implements SampleSink {
        long samples;
        double sum;

        @Override
        public void sample(SeriesKey series, long timestampMillis, double value) {
            samples++;
            sum += value + timestampMillis;
        }
    }

    /** Samples read per operation, so that JMH also reports them as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Samples {
        public long samples;
    }

    @Benchmark
    public double bareJsonParse(Samples counted) throws IOException {
        JsonFactory factory = new JsonFactory();
        double sum = 0;
        long values = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(json), 1 << 16);
                JsonParser p = factory.createParser(in)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.VALUE_STRING) {
                    sum += p.getTextLength();
                    values++;
                } else if (t == JsonToken.VALUE_NUMBER_INT) {
                    sum += p.getTextLength();
                }
            }
        }
        counted.samples += values;
        return sum;
    }

    @Benchmark
    public double importJson(Samples counted) throws IOException, ImportException {
        Counting sink = new Counting();
        try (InputStream in = Files.newInputStream(json)) {
            new PrometheusJsonImporter().read(in, json.toString(), sink);
        }
        if (sink.samples != SAMPLES) {
            throw new IllegalStateException("read " + sink.samples + " samples, wrote " + SAMPLES);
        }
        counted.samples += sink.samples;
        return sink.sum;
    }

    @Benchmark
    public double importCsv(Samples counted) throws IOException, ImportException {
        Counting sink = new Counting();
        try (InputStream in = Files.newInputStream(csv)) {
            new CsvImporter().read(in, csv.toString(), sink);
        }
        if (sink.samples != SAMPLES) {
            throw new IllegalStateException("read " + sink.samples + " samples, wrote " + SAMPLES);
        }
        counted.samples += sink.samples;
        return sink.sum;
    }
}
