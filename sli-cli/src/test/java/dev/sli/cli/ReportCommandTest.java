package dev.sli.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sli report} on the shipped example, checked against a brute-force pass over the events file
 * written here independently of the library: second-by-second walks for the time-based SLIs, plain
 * counting for the event SLIs.
 */
class ReportCommandTest {

    static final String CONFIG = LintCommandTest.EXAMPLE;
    static final Path DATA = Path.of("..", "examples", "registry-events.csv");
    static final long AT = Instant.parse("2024-01-03T00:00:00Z").getEpochSecond();
    static final long WINDOW_START = AT - 21 * 86_400;
    static final int SLICES = 21 * 24 * 60;

    record Event(long millis, String sli, String[] fields) {
    }

    static List<Event> events() throws IOException {
        List<Event> events = new ArrayList<>();
        for (String line : Files.readAllLines(DATA)) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",");
            String[] rest = new String[f.length - 2];
            System.arraycopy(f, 2, rest, 0, rest.length);
            events.add(new Event(Instant.parse(f[0]).toEpochMilli(), f[1], rest));
        }
        return events;
    }

    static JsonNode objective(JsonNode report, String name) {
        for (JsonNode o : report.get("objectives")) {
            if (o.get("name").asText().equals(name)) {
                return o;
            }
        }
        throw new AssertionError("no objective " + name);
    }

    static JsonNode report() throws IOException {
        LintCommandTest.Run run = LintCommandTest.sli("report", CONFIG, "--data", DATA.toString(), "--format", "json");
        assertEquals(0, run.exitCode(), String.join("\n", run.err()));
        return new ObjectMapper().readTree(String.join("\n", run.out()));
    }

    @Test
    void uptimeSlicesMatchASecondBySecondWalkOfTheProbe() throws IOException {
        // probe results hold for 2 minutes (twice the 1-minute interval); a minute is good only if all its known time is up
        TreeMap<Long, Boolean> checks = new TreeMap<>();
        for (Event e : events()) {
            if (e.sli.equals("uptime-probe")) {
                checks.put(e.millis, e.fields[0].equals("up"));
            }
        }
        long good = 0;
        long bad = 0;
        for (long minute = WINDOW_START / 60; minute < AT / 60; minute++) {
            boolean known = false;
            boolean down = false;
            for (long ms = minute * 60_000; ms < (minute + 1) * 60_000; ms += 1000) {
                // checks are on whole seconds (:07.000), so a walk on whole seconds is exact
                Map.Entry<Long, Boolean> c = checks.floorEntry(ms);
                if (c != null && ms < c.getKey() + 120_000) {
                    known = true;
                    down |= !c.getValue();
                }
            }
            if (known) {
                if (down) {
                    bad++;
                } else {
                    good++;
                }
            }
        }
        JsonNode sla = objective(report(), "uptime-sla");
        assertEquals(good, sla.get("measurement").get("good").asLong());
        assertEquals(bad, sla.get("measurement").get("bad").asLong());
        assertEquals(SLICES - good - bad, sla.get("measurement").get("unknown").asLong());
        assertEquals(302.4, sla.get("budget").get("allowedMinutes").asDouble(), 0.0);
        assertEquals((double) bad, sla.get("budget").get("consumedMinutes").asDouble(), 0.0);
        assertEquals((double) good / (good + bad), sla.get("ratio").asDouble(), 1e-12);
        assertEquals("MISSED", sla.get("status").asText());
        assertEquals(241.92, objective(report(), "uptime-slo").get("budget").get("allowedMinutes").asDouble(), 0.0);
    }

    @Test
    void podReadinessRatioSlicesMatchASecondBySecondWalkOfAllWorkloads() throws IOException {
        Map<String, TreeMap<Long, int[]>> samples = new HashMap<>();
        for (Event e : events()) {
            if (e.sli.equals("pod-readiness")) {
                samples.computeIfAbsent(e.fields[0], k -> new TreeMap<>())
                        .put(e.millis, new int[] {Integer.parseInt(e.fields[1]), Integer.parseInt(e.fields[2])});
            }
        }
        double good = 0;
        double bad = 0;
        long unknown = 0;
        for (long minute = WINDOW_START / 60; minute < AT / 60; minute++) {
            long observed = 0;
            long ready = 0;
            for (long ms = minute * 60_000; ms < (minute + 1) * 60_000; ms += 1000) {
                boolean any = false;
                boolean all = true;
                for (TreeMap<Long, int[]> w : samples.values()) {
                    Map.Entry<Long, int[]> s = w.floorEntry(ms);
                    if (s != null && ms < s.getKey() + 300_000) {
                        any = true;
                        all &= s.getValue()[1] >= s.getValue()[0];
                    }
                }
                if (any) {
                    observed++;
                    if (all) {
                        ready++;
                    }
                }
            }
            if (observed == 0) {
                unknown++;
            } else {
                good += (double) ready / observed;
                bad += 1 - (double) ready / observed;
            }
        }
        JsonNode pod = objective(report(), "pod-uptime-slo").get("measurement");
        assertEquals(good, pod.get("good").asDouble(), 1e-6);
        assertEquals(bad, pod.get("bad").asDouble(), 1e-6);
        assertEquals(unknown, pod.get("unknown").asLong());
    }

    @Test
    void requestObjectivesCountEveryEventOfTheFile() throws IOException {
        long under2s = 0;
        long under8s = 0;
        long latencies = 0;
        long ok = 0;
        long errors = 0;
        Map<String, Long> starts = new HashMap<>();
        long withinHour = 0;
        long finished = 0;
        for (Event e : events()) {
            switch (e.sli) {
                case "response-time":
                    latencies++;
                    double seconds = Double.parseDouble(e.fields[0]);
                    under2s += seconds <= 2 ? 1 : 0;
                    under8s += seconds <= 8 ? 1 : 0;
                    break;
                case "request-outcome":
                    if (e.fields[0].equals("ok")) {
                        ok++;
                    } else {
                        errors++;
                    }
                    break;
                case "provision-time":
                    if (e.fields[0].equals("start")) {
                        starts.put(e.fields[1], e.millis);
                    } else {
                        finished++;
                        long took = e.millis - starts.remove(e.fields[1]);
                        withinHour += e.fields[2].equals("ok") && took <= 3_600_000 ? 1 : 0;
                    }
                    break;
                default:
                    break;
            }
        }
        JsonNode report = report();
        JsonNode sla = objective(report, "response-time-sla").get("measurement");
        assertEquals(under2s, sla.get("good").asLong());
        assertEquals(latencies - under2s, sla.get("bad").asLong());
        JsonNode slo = objective(report, "response-time-slo").get("measurement");
        assertEquals(under8s, slo.get("good").asLong());
        assertEquals(latencies - under8s, slo.get("bad").asLong());
        JsonNode success = objective(report, "success-rate-sla");
        assertEquals(ok, success.get("measurement").get("good").asLong());
        assertEquals(errors, success.get("measurement").get("bad").asLong());
        assertEquals(0.01 * (ok + errors), success.get("budget").get("allowed").asDouble(), 1e-9);
        JsonNode provision = objective(report, "provision-slo");
        assertEquals(withinHour, provision.get("measurement").get("good").asLong());
        assertEquals(finished - withinHour, provision.get("measurement").get("bad").asLong());
        List<String> openTooLong = new ArrayList<>();
        starts.forEach((id, start) -> {
            if (AT * 1000 - start > 3_600_000) {
                openTooLong.add(id);
            }
        });
        assertEquals(List.of("req-0061"), openTooLong);
        assertEquals("req-0061", provision.get("openTooLong").get(0).get("id").asText());
        assertEquals(AT * 1000 - starts.get("req-0061"), provision.get("openTooLong").get(0).get("ageMillis").asLong());
    }

    @Test
    void textReportStartsWithWhatItReadAndWhen() {
        LintCommandTest.Run run = LintCommandTest.sli("report", CONFIG, "--data", DATA.toString());
        assertEquals(0, run.exitCode());
        assertEquals("read 34651 events from 2024-01-01T00:00:07Z to 2024-01-02T23:59:58.775Z; evaluated at "
                + "2024-01-03T00:00:00Z", run.out().get(1));
        assertTrue(run.out().contains("  budget   allowed 302.40 min, consumed 31.00 min (10.25%), remaining 271.40 min"));
        assertTrue(run.out().contains("  open     1 open past 1h: ALERT  req-0061 (2h30m)"));
    }

    @Test
    void valuesTheSeriesRefuseAreCountedAndReported(@TempDir Path dir) throws IOException {
        Path events = dir.resolve("events.csv");
        Files.writeString(events, "#sli-events 1\n"
                + "2024-01-01T00:00:00Z,response-time,-0.5,ok\n"
                + "2024-01-01T00:00:01Z,response-time,0.2,ok\n"
                + "2024-01-01T00:00:30Z,pod-readiness,platsrv-registry-api,-3,3\n"
                + "2024-01-01T00:01:30Z,pod-readiness,platsrv-registry-api,3,3\n"
                + "2024-01-01T00:01:00Z,pod-readiness,platsrv-registry-api,3,3\n"
                + "2024-01-01T00:02:00Z,provision-time,finish,nobody,ok\n");
        LintCommandTest.Run run = LintCommandTest.sli("report", CONFIG, "--data", events.toString());
        assertEquals(0, run.exitCode(), String.join("\n", run.err()));
        assertEquals(List.of("rejected registry/pod-readiness: 1 invalid value, 1 out of order",
                "rejected registry/response-time: 1 negative duration",
                "rejected registry/provision-time: 1 invalid event"),
                run.out().subList(2, 5));
        Files.writeString(events, "#sli-events 1\n2024-01-01T00:00:00Z,response-time,NaN,ok\n");
        run = LintCommandTest.sli("report", CONFIG, "--data", events.toString());
        assertEquals(List.of("sli report: " + events + ":2: field 3 (seconds): 'NaN' is not a finite number of seconds"),
                run.err());
    }

    @Test
    void aMalformedEventsFileIsRefusedWithFileLineAndField(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "#sli-events 1\n2024-01-01T00:00:00Z,response-time,0.2,ok\n"
                + "2024-01-01T00:00:01Z,response-time,fast,ok\n");
        LintCommandTest.Run run = LintCommandTest.sli("report", CONFIG, "--data", bad.toString());
        assertEquals(1, run.exitCode());
        assertEquals(List.of("sli report: " + bad + ":3: field 3 (seconds): 'fast' is not a number of seconds"), run.err());
        Files.writeString(bad, "#sli-events 1\n2024-01-01T00:00:00Z,response-tim,0.2,ok\n");
        run = LintCommandTest.sli("report", CONFIG, "--data", bad.toString());
        assertEquals(List.of("sli report: " + bad + ":2: field 2 (sli): unknown SLI 'registry/response-tim'; known: "
                + "[registry/uptime-probe, registry/pod-readiness, registry/response-time, registry/request-outcome, "
                + "registry/provision-time]"), run.err());
        Files.writeString(bad, "time,sli\n");
        run = LintCommandTest.sli("report", CONFIG, "--data", bad.toString());
        assertEquals(List.of("sli report: " + bad + ":1: not an sli events file: the first line must be '#sli-events 1'"),
                run.err());
        Files.writeString(bad, "#sli-events 1\n2024-01-01T00:00:00Z,pod-readiness,platsrv-registry-ap,3,3\n2024-01-01T0");
        run = LintCommandTest.sli("report", CONFIG, "--data", bad.toString());
        assertEquals(List.of("sli report: " + bad + ":2: field 3 (workload): 'platsrv-registry-ap' is not a workload of "
                + "registry/pod-readiness; its workloads: [platsrv-registry-api, platsrv-registry-web, pltsvc-mongodb]"),
                run.err());
        Files.writeString(bad, "#sli-events 1\n2024-01-01T00:00:00Z,uptime-probe,up,0.2\n2024-01-01T0");
        run = LintCommandTest.sli("report", CONFIG, "--data", bad.toString());
        assertEquals(List.of("sli report: " + bad + ":3: expected at least time,sli but found 1 field"), run.err());
    }
}
