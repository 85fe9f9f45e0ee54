package dev.sli.store.directory;

import dev.sli.core.record.SeriesKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Writes the golden header files kept in {@code src/test/resources/dev/sli/store/directory/}, which
 * {@link GoldenHeaderTest} reads. Run once per format version and commit the output; never regenerate an
 * old version's file, it is the proof that later code still reads what earlier code wrote:
 * <pre>
 * java -cp sli-store/target/test-classes:sli-store/target/classes:sli-core/target/classes \
 *     dev.sli.store.directory.GoldenHeaders sli-store/src/test/resources/dev/sli/store/directory/v1/store.header
 * java -cp … dev.sli.store.directory.GoldenHeaders sli-store/src/test/resources/dev/sli/store/directory/v2/store.header 2
 * </pre>
 */
final class GoldenHeaders {

    /** Every kind, a retired series, a name added again after it was retired, a non-ASCII name. */
    static final StoreHeader VERSION_1 = new StoreHeader(1, 60_000,
            Instant.parse("2024-01-01T00:00:00Z").toEpochMilli(), 7, true, 8, List.of(
                    new SeriesEntry(1, "shop/checkout", SeriesKind.LATENCY, false),
                    new SeriesEntry(2, "shop/orders", SeriesKind.WORK, false),
                    new SeriesEntry(3, "shop/legacy", SeriesKind.OUTCOME, true),
                    new SeriesEntry(4, "platform/pod-readiness", SeriesKind.READINESS, false),
                    new SeriesEntry(5, "registry/uptime", SeriesKind.PROBE, false),
                    new SeriesEntry(6, "shop/legacy", SeriesKind.LATENCY, false),
                    new SeriesEntry(7, "boutique/délai-réponse", SeriesKind.OUTCOME, false)));

    /** Version 2: the same registry, with labels (none, one, several sorted, a non-ASCII value, an empty value). */
    static final StoreHeader VERSION_2 = new StoreHeader(2, 60_000,
            Instant.parse("2026-11-28T00:00:00Z").toEpochMilli(), 3, true, 6, List.of(
                    new SeriesEntry(1, "shop/checkout", SeriesKind.LATENCY, false, java.util.Map.of()),
                    new SeriesEntry(2, "shop/orders", SeriesKind.WORK, false, java.util.Map.of("queue", "orders")),
                    new SeriesEntry(3, "shop/legacy", SeriesKind.OUTCOME, true,
                            java.util.Map.of("route", "/pay", "code", "5xx")),
                    new SeriesEntry(4, "platform/pod-readiness", SeriesKind.READINESS, false,
                            java.util.Map.of("région", "île-de-france", "zone", "")),
                    new SeriesEntry(5, "shop/legacy", SeriesKind.LATENCY, false, java.util.Map.of("route", "/pay"))));

    private GoldenHeaders() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out.getParent());
        Files.write(out, HeaderCodec.encode(args.length > 1 && args[1].equals("2") ? VERSION_2 : VERSION_1));
        System.out.println("wrote " + out + " (" + Files.size(out) + " bytes)");
    }
}
