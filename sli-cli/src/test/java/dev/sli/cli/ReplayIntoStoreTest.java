package dev.sli.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sli.cli.LintCommandTest.Run;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sli replay --store} never counts a request twice: the same export replayed again is refused
 * (exit 2, nothing added), so is an export that repeats the boundary sample of a latency gauge already stored
 * (that observation would count twice), while consecutive exports (counters sharing their boundary sample, the
 * gauge not), replayed one after the other, give exactly the counts of the whole export replayed at once.
 */
class ReplayIntoStoreTest {

    @TempDir
    Path dir;

    /** The request-outcome SLI's good and bad counts of the SLA, as {@code sli inspect --format json} gives them. */
    static double[] outcome(Path store) throws Exception {
        Run r = LintCommandTest.sli("inspect", store.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.toString());
        for (JsonNode o : ReplayCommandTest.JSON.readTree(String.join("\n", r.out())).get("objectives")) {
            if (o.get("name").asText().equals("success-rate-sla")) {
                return new double[] {o.get("measurement").get("good").asDouble(), o.get("measurement").get("bad").asDouble()};
            }
        }
        throw new AssertionError("no success-rate-sla in " + r.out());
    }

    /**
     * The samples of {@code series.json} from {@code fromSeconds} to {@code toSeconds}, both included; the
     * Sysdig request-time gauge (one observation a sample) from {@code gaugeFromSeconds}.
     */
    static Path part(Path out, long fromSeconds, long gaugeFromSeconds, long toSeconds) throws Exception {
        return part(ReplayCommandTest.SEED7, out, fromSeconds, gaugeFromSeconds, toSeconds);
    }

    static Path part(Path data, Path out, long fromSeconds, long gaugeFromSeconds, long toSeconds) throws Exception {
        JsonNode root = ReplayCommandTest.JSON.readTree(data.toFile());
        for (JsonNode series : root.get("data").get("result")) {
            boolean gauge = series.get("metric").get("__name__").asText().equals("sysdig_container_net_http_request_time");
            ArrayNode kept = ReplayCommandTest.JSON.createArrayNode();
            for (JsonNode v : series.get("values")) {
                long t = v.get(0).asLong();
                if (t >= (gauge ? gaugeFromSeconds : fromSeconds) && t <= toSeconds) {
                    kept.add(v);
                }
            }
            ((ObjectNode) series).set("values", kept);
        }
        ReplayCommandTest.JSON.writeValue(out.toFile(), root);
        return out;
    }

    @Test
    void theSameExportTwiceIsRefusedAndCountsNothingTwice() throws Exception {
        Path store = dir.resolve("store");
        Run first = LintCommandTest.sli("replay", ReplayCommandTest.CONFIG, "--data", ReplayCommandTest.SEED7.toString(),
                "--store", store.toString());
        assertEquals(List.of(), first.err());
        double[] once = outcome(store);
        assertTrue(once[0] > 1_000_000, "requests were replayed: " + once[0]);
        Run again = LintCommandTest.sli("replay", ReplayCommandTest.CONFIG, "--data", ReplayCommandTest.SEED7.toString(),
                "--store", store.toString());
        assertEquals(2, again.exitCode(), again.toString());
        assertEquals(1, again.err().size(), again.toString());
        assertTrue(again.err().get(0).contains("already holds registry/response-time through 2024-01-03T00:00:00Z (the newest"
                + " instant a replay recorded), and this replay would record it from 2024-01-01T00:01:00Z"), again.err().get(0));
        assertTrue(again.err().get(0).endsWith("would be counted twice. Replay into a new store, or only data after"
                + " 2024-01-03T00:00:00Z; no data was written"), again.err().get(0));
        assertEquals(once[0], outcome(store)[0]);
        assertEquals(once[1], outcome(store)[1]);
    }

    @Test
    void consecutiveExportsSharingTheirBoundarySampleAddUpToTheWhole() throws Exception {
        long start = 1_704_067_200L; // 2024-01-01T00:00:00Z, the data set's first sample
        long middle = start + 86_400L;
        Path firstDay = part(dir.resolve("day1.json"), start, start, middle);
        Path secondDay = part(dir.resolve("day2.json"), middle, middle + 1, Long.MAX_VALUE);
        Path repeating = part(dir.resolve("day2-repeating.json"), middle, middle, Long.MAX_VALUE);
        Path whole = dir.resolve("whole");
        LintCommandTest.sli("replay", ReplayCommandTest.CONFIG, "--data", ReplayCommandTest.SEED7.toString(), "--store", whole.toString());
        Path parts = dir.resolve("parts");
        Run one = LintCommandTest.sli("replay", ReplayCommandTest.CONFIG, "--data", firstDay.toString(), "--store", parts.toString());
        assertEquals(List.of(), one.err());
        Run overlap = LintCommandTest.sli("replay", ReplayCommandTest.CONFIG, "--data", repeating.toString(), "--store", parts.toString());
        assertEquals(2, overlap.exitCode(), overlap.toString());
        assertTrue(overlap.err().get(0).contains("already holds registry/response-time-sysdig through 2024-01-02T00:00:00Z (the"
                + " newest instant a replay recorded), and this replay would record it from 2024-01-02T00:00:00Z"), overlap.err().get(0));
        Run two = LintCommandTest.sli("replay", ReplayCommandTest.CONFIG, "--data", secondDay.toString(), "--store", parts.toString());
        assertEquals(List.of(), two.err(), "the second day starts where the first ended: " + two);
        assertTrue(two.exitCode() == 0 || two.exitCode() == 1, two.toString());
        double[] expected = outcome(whole);
        double[] got = outcome(parts);
        assertEquals(expected[0], got[0]);
        assertEquals(expected[1], got[1]);
    }

    @Test
    void aSecondExportStartingInsideTheLastBucketOfTheFirstIsTakenExactly() throws Exception {
        // 30 s samples in 1 min buckets: the first export's last sample (00:00:00) opens a bucket that the store
        // then holds up to 00:01:00; the second export's first recorded increase is at 00:00:30, inside it. The
        // replay notes say the store holds data through 00:00:00 only, so it is taken, and nothing is counted twice.
        Path seed13 = ReplayCommandTest.SEED7.getParent().resolveSibling("seed13-2d-30s").resolve("series.json");
        long start = 1_704_067_200L;
        long middle = start + 86_400L;
        Path firstDay = part(seed13, dir.resolve("d1.json"), start, start, middle);
        Path secondDay = part(seed13, dir.resolve("d2.json"), middle, middle + 30, Long.MAX_VALUE);
        Path whole = dir.resolve("whole13");
        assertEquals(List.of(), LintCommandTest.sli("replay", ReplayCommandTest.CONFIG, "--data", seed13.toString(), "--store",
                whole.toString()).err());
        Path parts = dir.resolve("parts13");
        assertEquals(List.of(), LintCommandTest.sli("replay", ReplayCommandTest.CONFIG, "--data", firstDay.toString(), "--store",
                parts.toString()).err());
        Run two = LintCommandTest.sli("replay", ReplayCommandTest.CONFIG, "--data", secondDay.toString(), "--store", parts.toString());
        assertEquals(List.of(), two.err(), "the second day starts where the first ended, inside its last bucket: " + two);
        assertEquals(outcome(whole)[0], outcome(parts)[0]);
        assertEquals(outcome(whole)[1], outcome(parts)[1]);
        // and the same second export again is refused: it would record from 00:00:30, which the store now holds
        Run again = LintCommandTest.sli("replay", ReplayCommandTest.CONFIG, "--data", secondDay.toString(), "--store", parts.toString());
        assertEquals(2, again.exitCode(), again.toString());
        assertEquals(outcome(whole)[0], outcome(parts)[0]);
    }
}
