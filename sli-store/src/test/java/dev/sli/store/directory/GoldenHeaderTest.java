package dev.sli.store.directory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.record.SeriesKind;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Header files written by earlier versions, kept in {@code src/test/resources} (made by
 * {@link GoldenHeaders}), still read field for field. Never regenerate them; add one per new version.
 */
class GoldenHeaderTest {

    @TempDir
    Path tmp;

    static byte[] version1() throws Exception {
        try (InputStream in = GoldenHeaderTest.class.getResourceAsStream("v1/store.header")) {
            assertNotNull(in, "the golden file v1/store.header is missing from the test resources");
            return in.readAllBytes();
        }
    }

    @Test
    void version1HeaderReadsFieldForField() throws Exception {
        byte[] bytes = version1();
        assertEquals(219, bytes.length);
        assertEquals(0xe6c44e0c, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(215)); // CRC32C
        StoreHeader h = HeaderCodec.decode(Path.of("v1/store.header"), bytes);
        assertEquals(1, h.formatVersion());
        assertEquals(60_000, h.resolutionMillis());
        assertEquals(Duration.ofMinutes(1), h.resolution());
        assertEquals(1_704_067_200_000L, h.createdEpochMillis());
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), h.created());
        assertEquals(7, h.generation());
        assertTrue(h.cleanShutdown());
        assertEquals(8, h.nextSeriesId());
        assertEquals(List.of(
                new SeriesEntry(1, "shop/checkout", SeriesKind.LATENCY, false),
                new SeriesEntry(2, "shop/orders", SeriesKind.WORK, false),
                new SeriesEntry(3, "shop/legacy", SeriesKind.OUTCOME, true),
                new SeriesEntry(4, "platform/pod-readiness", SeriesKind.READINESS, false),
                new SeriesEntry(5, "registry/uptime", SeriesKind.PROBE, false),
                new SeriesEntry(6, "shop/legacy", SeriesKind.LATENCY, false),
                new SeriesEntry(7, "boutique/d\u00e9lai-r\u00e9ponse", SeriesKind.OUTCOME, false)), h.series());
        assertEquals(Optional.of(new SeriesEntry(6, "shop/legacy", SeriesKind.LATENCY, false)), h.liveSeries("shop/legacy"));
    }

    @Test
    void aVersion1StoreOpensForReadingAndWritingAndGoesOnFromItsNextId() throws Exception {
        Path dir = tmp.resolve("v1");
        Files.createDirectory(dir);
        Files.write(dir.resolve("store.header"), version1());
        try (StoreDirectory reader = StoreDirectory.openReadOnly(dir)) {
            assertEquals(PreviousShutdown.CLEAN, reader.previousShutdown());
            assertEquals(7, reader.header().series().size());
        }
        try (StoreDirectory writer = StoreDirectory.openForWriting(dir)) {
            assertEquals(PreviousShutdown.CLEAN, writer.previousShutdown());
            assertFalse(writer.recoveryNeeded());
            assertEquals(new SeriesEntry(8, "shop/refunds", SeriesKind.OUTCOME, false),
                    writer.addSeries("shop/refunds", SeriesKind.OUTCOME));
        }
        StoreHeader after = HeaderFile.read(dir);
        assertEquals(10, after.generation()); // 7, +1 opened, +1 series added, +1 closed
        assertEquals(9, after.nextSeriesId());
        assertEquals(8, after.series().size());
        assertEquals(2, after.formatVersion()); // a writer's first rewrite upgrades it; a version-1 sli refuses that
        assertTrue(after.series().stream().allMatch(e -> e.labels().isEmpty()));
    }

    static byte[] version2() throws Exception {
        try (InputStream in = GoldenHeaderTest.class.getResourceAsStream("v2/store.header")) {
            assertNotNull(in, "the golden file v2/store.header is missing from the test resources");
            return in.readAllBytes();
        }
    }

    @Test
    void version2HeaderReadsFieldForFieldLabelsIncluded() throws Exception {
        byte[] bytes = version2();
        // 56 fixed + entries of 8 + name + 2 + (2 + name + 2 + value) per label:
        // 8+13+2, 8+11+2+15, 8+11+2+11+13, 8+22+2+(2+7+2+14)+(2+4+2+0), 8+11+2+13
        assertEquals(56 + 23 + 36 + 45 + 65 + 34, bytes.length);
        StoreHeader h = HeaderCodec.decode(Path.of("v2/store.header"), bytes);
        assertEquals(2, h.formatVersion());
        assertEquals(60_000, h.resolutionMillis());
        assertEquals(Instant.parse("2026-11-28T00:00:00Z"), h.created());
        assertEquals(3, h.generation());
        assertTrue(h.cleanShutdown());
        assertEquals(6, h.nextSeriesId());
        assertEquals(List.of(
                new SeriesEntry(1, "shop/checkout", SeriesKind.LATENCY, false),
                new SeriesEntry(2, "shop/orders", SeriesKind.WORK, false, java.util.Map.of("queue", "orders")),
                new SeriesEntry(3, "shop/legacy", SeriesKind.OUTCOME, true, java.util.Map.of("code", "5xx", "route", "/pay")),
                new SeriesEntry(4, "platform/pod-readiness", SeriesKind.READINESS, false,
                        java.util.Map.of("r\u00e9gion", "\u00eele-de-france", "zone", "")),
                new SeriesEntry(5, "shop/legacy", SeriesKind.LATENCY, false, java.util.Map.of("route", "/pay"))), h.series());
        assertEquals(List.of("code", "route"), List.copyOf(h.series().get(2).labels().keySet())); // stored sorted
        assertArrayEquals(bytes, HeaderCodec.encode(h)); // and written back byte for byte
    }
}
