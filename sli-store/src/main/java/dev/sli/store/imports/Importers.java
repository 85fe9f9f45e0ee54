package dev.sli.store.imports;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads an export file whatever its format: opens it, decompresses gzip (recognised by its magic bytes,
 * whatever the file name), detects the format from the content unless told, and hands it to the importer
 * registered for that format, through an {@link InOrderSink}. Immutable and thread-safe; each call reads one
 * file.
 */
public final class Importers {

    private final Map<Format, Importer> importers;

    private Importers(Map<Format, Importer> importers) {
        this.importers = Collections.unmodifiableMap(new EnumMap<>(importers));
    }

    /** The importers of every format this build reads. */
    public static Importers defaults() {
        Map<Format, Importer> m = new EnumMap<>(Format.class);
        m.put(Format.PROMETHEUS_JSON, new PrometheusJsonImporter());
        m.put(Format.CSV, new CsvImporter());
        m.put(Format.EXPOSITION, Importers::exposition);
        m.put(Format.HLOG, HlogImporter.nanoseconds().metric(HLOG_METRIC).build());
        return new Importers(m);
    }

    /**
     * The metric name HdrHistogram interval logs are read under (their tags become the label {@code tag}),
     * in nanoseconds: a latency SLI selects them with {@code "histogram": "hdr_latency{tag=\"checkout\"}"}.
     */
    public static final String HLOG_METRIC = "hdr_latency";

    /**
     * Prometheus text (timestamps in integer milliseconds) or OpenMetrics (decimal seconds), told apart by
     * the first sample's timestamp in the first 64 KiB: a decimal point, or a value below 10^11 (seconds
     * until the year 5138), means OpenMetrics. A wrong guess cannot pass silently: both readers refuse
     * timestamps outside 1973 to 5138.
     */
    static void exposition(InputStream in, String source, SampleSink sink) throws IOException, ImportException {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in, 1 << 16);
        buffered.mark(1 << 16);
        byte[] head = buffered.readNBytes(1 << 16);
        buffered.reset();
        boolean openMetrics = false;
        for (String line : new String(head, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            String l = line.strip();
            if (l.equals("# EOF") || l.startsWith("# UNIT ")) {
                openMetrics = true;
                break;
            }
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int exemplar = l.indexOf(" # ");
            String sample = exemplar >= 0 ? l.substring(0, exemplar) : l;
            int close = sample.lastIndexOf('}');
            String[] fields = (close >= 0 ? sample.substring(close + 1) : sample.substring(Math.max(0, sample.indexOf(' ')))).trim().split("\\s+");
            if (fields.length >= 2) {
                String ts = fields[fields.length - 1];
                try {
                    openMetrics = ts.contains(".") || Double.parseDouble(ts) < 1e11;
                } catch (NumberFormatException e) {
                    openMetrics = false; // the reader says what is wrong with it
                }
            }
            break;
        }
        (openMetrics ? ExpositionImporter.openMetrics() : ExpositionImporter.prometheusText()).build().read(buffered, source, sink);
    }

    /** A facade over exactly {@code importers}. */
    public static Importers of(Map<Format, Importer> importers) {
        return new Importers(importers.isEmpty() ? new EnumMap<>(Format.class) : importers);
    }

    /** The formats this facade reads. */
    public java.util.Set<Format> formats() {
        return importers.keySet();
    }

    /**
     * Reads {@code file} into {@code sink}: samples in file order, each series' duplicates and out-of-order
     * samples dropped and counted as Prometheus does (see {@link InOrderSink}).
     *
     * @param format the format, or empty to detect it from the content
     * @return what was read and dropped
     * @throws ImportException for an empty, unrecognised, damaged or badly formed file, naming the file (with
     *     "after gunzip" when compressed), the line or byte offset, and what was expected
     * @throws IOException when the file cannot be read
     */
    public ImportSummary read(Path file, Optional<Format> format, SampleSink sink) throws IOException, ImportException {
        String name = file.toString();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            byte[] magic = raw.readNBytes(2);
            raw.reset();
            boolean gzip = Format.isGzip(magic);
            String source = gzip ? name + " (after gunzip)" : name;
            InputStream in;
            try {
                in = gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
            } catch (ZipException | EOFException e) {
                throw new ImportException(name, 0, 0, "starts like gzip but its header is damaged or cut: " + printable(e));
            }
            in.mark(Format.HEAD_BYTES);
            byte[] head;
            try {
                head = in.readNBytes(Format.HEAD_BYTES);
            } catch (ZipException | EOFException e) {
                throw gzipError(name, e);
            }
            in.reset();
            if (head.length == 0) {
                throw new ImportException(source, 0, 0, "the file is empty: expected " + accepted());
            }
            Format f = format.isPresent() ? format.get() : Format.detect(head).orElseThrow(() -> unrecognised(source, head));
            Importer importer = importers.get(f);
            if (importer == null) {
                throw new ImportException(source, 0, -1, "the file is " + f.description() + ", which this build does not read yet; "
                        + "accepted: " + accepted());
            }
            InOrderSink inOrder = new InOrderSink(sink);
            try {
                importer.read(in, source, inOrder);
            } catch (ZipException | EOFException e) {
                throw gzipError(name, e);
            }
            return inOrder.summary();
        }
    }

    private static ImportException gzipError(String name, IOException e) {
        return new ImportException(name, 0, -1, (e instanceof EOFException ? "the gzip stream ends early (truncated?): "
                : "the gzip stream is damaged: ") + printable(e));
    }

    private static String printable(IOException e) {
        return Text.quote(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), 120);
    }

    private ImportException unrecognised(String source, byte[] head) {
        String text = Format.headText(head);
        if (text.startsWith("#sli-events")) {
            return new ImportException(source, 1, 0, "an sli events file, not a metric export: replay it as events "
                    + "(dev.sli.store.replay.EventsFile); metric exports accepted here: " + accepted());
        }
        return new ImportException(source, 0, 0, "not a recognised export: it starts with "
                + Text.describeBytes(head, Math.min(head.length, 24)) + "; accepted: " + accepted()
                + "; name the format to skip detection");
    }

    private String accepted() {
        return importers.keySet().stream().map(Format::description).collect(Collectors.joining(", "))
                + (importers.isEmpty() ? "nothing" : "") + ", each plain or gzip-compressed";
    }
}
