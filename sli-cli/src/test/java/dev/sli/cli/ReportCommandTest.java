package dev.sli.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
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
        assertEquals(1, run.exitCode(), String.join("\n", run.err()));
        return new ObjectMapper().readTree(String.join("\n", run.out()));
    }

    /** Good and bad one-minute probe slices from {@code fromSecond} to {@code toSecond}; see the next method. */
    static long[] probeSlices(long fromSecond, long toSecond) throws IOException {
        return probeSlices(fromSecond, toSecond, 1);
    }

    /**
     * Good and bad probe slices of {@code sliceMinutes} from {@code fromSecond} to {@code toSecond}, by a
     * second-by-second walk: probe results hold for 2 minutes (twice the 1-minute interval); a slice is good
     * only if all its known time is up, unknown if none of it is known.
     */
    static long[] probeSlices(long fromSecond, long toSecond, int sliceMinutes) throws IOException {
        TreeMap<Long, Boolean> checks = new TreeMap<>();
        for (Event e : events()) {
            if (e.sli.equals("uptime-probe")) {
                checks.put(e.millis, e.fields[0].equals("up"));
            }
        }
        long good = 0;
        long bad = 0;
        long sliceMillis = sliceMinutes * 60_000L;
        for (long slice = fromSecond * 1000 / sliceMillis; slice < toSecond * 1000 / sliceMillis; slice++) {
            boolean known = false;
            boolean down = false;
            for (long ms = slice * sliceMillis; ms < (slice + 1) * sliceMillis; ms += 1000) {
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
        return new long[] {good, bad};
    }

    @Test
    void uptimeSlicesMatchASecondBySecondWalkOfTheProbe() throws IOException {
        long[] slices = probeSlices(WINDOW_START, AT);
        long good = slices[0];
        long bad = slices[1];
        JsonNode sla = objective(report(), "uptime-sla");
        assertEquals(good, sla.get("measurement").get("good").asLong());
        assertEquals(bad, sla.get("measurement").get("bad").asLong());
        assertEquals(SLICES - good - bad, sla.get("measurement").get("unknown").asLong());
        assertEquals(302.4, sla.get("budget").get("allowedMinutes").asDouble(), 0.0);
        assertEquals((double) bad, sla.get("budget").get("consumedMinutes").asDouble(), 0.0);
        assertEquals((double) good / (good + bad), sla.get("ratio").asDouble(), 1e-12);
        // two days of three weeks observed, not overspent, but burning faster than the target allows
        assertEquals((good + bad) * 60_000, sla.get("coverage").get("observedMillis").asLong());
        assertEquals(false, sla.get("coverage").get("complete").asBoolean());
        assertEquals(false, sla.get("budget").get("overspent").asBoolean());
        assertEquals("AT_RISK", sla.get("verdict").asText());
        // at the current burn: bad + bad × unobserved ÷ observed minutes; spent after (302.4 − bad) × observed ÷ bad
        long observed = good + bad;
        long unobserved = SLICES - observed;
        assertEquals(unobserved * 60_000, sla.get("projection").get("undecidedMillis").asLong());
        assertEquals(new BigDecimal(bad).add(new BigDecimal(bad * unobserved).divide(new BigDecimal(observed),
                MathContext.DECIMAL128)).doubleValue(), sla.get("projection").get("consumedMinutes").asDouble(), 0.0);
        assertEquals(new BigDecimal("302.4").subtract(new BigDecimal(bad)).multiply(new BigDecimal(observed * 60_000))
                .divide(new BigDecimal(bad), 0, RoundingMode.CEILING).longValue(),
                sla.get("projection").get("timeToExhaustionMillis").asLong());
        assertEquals(241.92, objective(report(), "uptime-slo").get("budget").get("allowedMinutes").asDouble(), 0.0);
    }

    @Test
    void fiveMinuteSlicesOnTheOneMinuteGridAreBudgetedAsFiveMinutesEach(@TempDir Path dir) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode root = mapper.readTree(Path.of(CONFIG).toFile());
        for (JsonNode o : root.get("services").get(0).get("objectives")) {
            if (o.get("name").asText().equals("uptime-sla")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) o.get("budgeting")).put("slice", "5m");
            }
        }
        Path config = dir.resolve("five-minute-slices.json");
        mapper.writeValue(config.toFile(), root);
        long[] slices = probeSlices(WINDOW_START, AT, 5);
        long good = slices[0];
        long bad = slices[1];
        long all = SLICES / 5; // 6048 slices in 3 weeks
        long observed = good + bad;

        LintCommandTest.Run run = LintCommandTest.sli("report", config.toString(), "--data", DATA.toString(),
                "--format", "json");
        assertEquals(1, run.exitCode(), String.join("\n", run.err()));
        JsonNode sla = objective(mapper.readTree(String.join("\n", run.out())), "uptime-sla");
        assertEquals(good, sla.get("measurement").get("good").asLong());
        assertEquals(bad, sla.get("measurement").get("bad").asLong());
        assertEquals(all - observed, sla.get("measurement").get("unknown").asLong());
        // 1 % of 6048 slices: 60.48 slices of 5 min = 302.4 min
        JsonNode budget = sla.get("budget");
        assertEquals(60.48, budget.get("allowed").asDouble(), 0.0);
        assertEquals(302.4, budget.get("allowedMinutes").asDouble(), 0.0);
        assertEquals(5.0 * bad, budget.get("consumedMinutes").asDouble(), 0.0);
        assertEquals(new BigDecimal("302.4").subtract(BigDecimal.valueOf(5 * bad)).doubleValue(),
                budget.get("remainingMinutes").asDouble(), 0.0);
        // at the current burn: bad + bad × unobserved ÷ observed slices; spent after (60.48 − bad) × observed time ÷ bad
        JsonNode projection = sla.get("projection");
        assertEquals((all - observed) * 300_000, projection.get("undecidedMillis").asLong());
        BigDecimal projected = BigDecimal.valueOf(bad).add(BigDecimal.valueOf(bad * (all - observed))
                .divide(BigDecimal.valueOf(observed), MathContext.DECIMAL128));
        assertEquals(projected.doubleValue(), projection.get("consumed").asDouble(), 0.0);
        assertEquals(projected.multiply(BigDecimal.valueOf(5)).doubleValue(), projection.get("consumedMinutes").asDouble(), 0.0);
        boolean over = projected.compareTo(new BigDecimal("60.48")) > 0;
        assertEquals(over, projection.get("overspent").asBoolean());
        assertEquals(over ? "AT_RISK" : "ON_TRACK", sla.get("verdict").asText());
        if (over) {
            assertEquals(new BigDecimal("60.48").subtract(BigDecimal.valueOf(bad)).multiply(BigDecimal.valueOf(observed * 300_000))
                    .divide(BigDecimal.valueOf(bad), 0, RoundingMode.CEILING).longValue(),
                    projection.get("timeToExhaustionMillis").asLong());
        }
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
        // events are observed from the minute of the first to the end of the minute of the last outcome
        long firstMinute = Long.MAX_VALUE;
        long lastMinute = Long.MIN_VALUE;
        for (Event e : events()) {
            if (e.sli.equals("request-outcome")) {
                firstMinute = Math.min(firstMinute, e.millis / 60_000);
                lastMinute = Math.max(lastMinute, e.millis / 60_000);
            }
        }
        long observedMillis = (lastMinute + 1 - firstMinute) * 60_000;
        assertEquals(Instant.ofEpochMilli(firstMinute * 60_000).toString(),
                success.get("coverage").get("observedStart").asText());
        assertEquals(Instant.ofEpochMilli((lastMinute + 1) * 60_000).toString(),
                success.get("coverage").get("observedEnd").asText());
        assertEquals(observedMillis, success.get("coverage").get("observedMillis").asLong());
        assertEquals("ON_TRACK", success.get("verdict").asText());
        // at the current burn the errors and the allowance both grow by window ÷ observed
        BigDecimal growth = new BigDecimal(SLICES * 60_000L).divide(new BigDecimal(observedMillis), MathContext.DECIMAL128);
        assertEquals(new BigDecimal(errors).multiply(growth).doubleValue(),
                success.get("projection").get("consumed").asDouble(), 0.0);
        assertTrue(success.get("projection").get("timeToExhaustionMillis").isNull());
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

    /** A latency objective's figures from a plain count over the events file, with 99 % as the target. */
    record LatencyCounts(long good, long bad, long firstMinute, long lastMinute) {

        static LatencyCounts under(double thresholdSeconds) throws IOException {
            long good = 0;
            long bad = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (Event e : events()) {
                if (e.sli.equals("response-time")) {
                    if (Double.parseDouble(e.fields[0]) <= thresholdSeconds) {
                        good++;
                    } else {
                        bad++;
                    }
                    first = Math.min(first, e.millis / 60_000);
                    last = Math.max(last, e.millis / 60_000);
                }
            }
            return new LatencyCounts(good, bad, first, last);
        }

        long total() {
            return good + bad;
        }

        /** Events are observed from the start of the minute of the first to the end of the minute of the last. */
        long observedMillis() {
            return (lastMinute + 1 - firstMinute) * 60_000;
        }

        BigDecimal allowed() {
            return new BigDecimal("0.01").multiply(BigDecimal.valueOf(total()));
        }

        boolean overspent() {
            return BigDecimal.valueOf(bad).compareTo(allowed()) > 0;
        }

        /** Window ÷ observed: by how much consumed and allowed grow by the end of the window at this burn. */
        BigDecimal growth() {
            return BigDecimal.valueOf(SLICES * 60_000L).divide(BigDecimal.valueOf(observedMillis()), MathContext.DECIMAL128);
        }

        /** The report's lines after the objective's header, as they must read. */
        List<String> lines() {
            BigDecimal percentOfBudget = BigDecimal.valueOf(bad).movePointRight(2).divide(allowed(), 2, RoundingMode.HALF_UP);
            return List.of(
                    "  verdict  ON_TRACK  (window not completely observed; at the current burn the budget lasts to its end)",
                    "  SLI      " + plain(BigDecimal.valueOf(good).movePointRight(2)
                            .divide(BigDecimal.valueOf(total()), 4, RoundingMode.HALF_UP)) + "%  (good " + good + ", bad "
                            + bad + ", unknown 0 events; unknown excluded)",
                    "  coverage " + BigDecimal.valueOf(observedMillis()).divide(BigDecimal.valueOf(86_400_000L), 1,
                            RoundingMode.HALF_UP) + " d of 21 d observed, " + Instant.ofEpochMilli(firstMinute * 60_000)
                            + " to " + Instant.ofEpochMilli((lastMinute + 1) * 60_000),
                    "  budget   allowed " + plain(allowed()) + " events, consumed " + bad + " (" + percentOfBudget
                            + "%), remaining " + plain(allowed().subtract(BigDecimal.valueOf(bad))),
                    "  forecast " + plain(BigDecimal.valueOf(bad).multiply(growth()).setScale(4, RoundingMode.HALF_UP))
                            + " of " + plain(allowed().multiply(growth()).setScale(4, RoundingMode.HALF_UP)) + " events ("
                            + percentOfBudget + "%) by the end of the window at the current burn",
                    "  alerts   none configured");
        }

        private static String plain(BigDecimal value) {
            return value.stripTrailingZeros().toPlainString();
        }
    }

    @Test
    void latencyObjectivesPrintTheVerdictCoverageBudgetAndForecastOfAPlainCount() throws IOException {
        LatencyCounts sla = LatencyCounts.under(2);
        LatencyCounts slo = LatencyCounts.under(8);
        // neither overspent, and the window not fully observed: on track (the events' allowance grows with them)
        assertEquals(false, sla.overspent());
        assertEquals(false, slo.overspent());
        assertEquals("  coverage 2.0 d of 21 d observed, 2024-01-01T00:00:00Z to 2024-01-03T00:00:00Z", sla.lines().get(2));

        LintCommandTest.Run run = LintCommandTest.sli("report", CONFIG, "--data", DATA.toString());
        assertEquals(1, run.exitCode(), String.join("\n", run.err()));
        int slaAt = run.out().indexOf("registry/response-time-sla  SLA  response-time (latency)  target 99%  rolling 3w  "
                + "occurrences");
        int sloAt = run.out().indexOf("registry/response-time-slo  SLO  response-time (latency)  target 99%  rolling 3w  "
                + "occurrences");
        assertTrue(slaAt > 0 && sloAt > 0, String.join("\n", run.out()));
        assertEquals(sla.lines(), run.out().subList(slaAt + 1, slaAt + 7));
        assertEquals(slo.lines(), run.out().subList(sloAt + 1, sloAt + 7));
    }

    @Test
    void latencyObjectivesInJsonCarryTheVerdictCoverageBudgetAndProjectionOfAPlainCount() throws IOException {
        JsonNode report = report();
        for (Map.Entry<String, LatencyCounts> e : Map.of("response-time-sla", LatencyCounts.under(2),
                "response-time-slo", LatencyCounts.under(8)).entrySet()) {
            String name = e.getKey();
            LatencyCounts counts = e.getValue();
            JsonNode o = objective(report, name);
            assertEquals("ON_TRACK", o.get("verdict").asText(), name);
            assertEquals((double) counts.good() / counts.total(), o.get("ratio").asDouble(), 0.0, name);
            JsonNode coverage = o.get("coverage");
            assertEquals("2.0 d of 21 d observed", coverage.get("text").asText(), name);
            assertEquals(counts.observedMillis(), coverage.get("observedMillis").asLong(), name);
            assertEquals(Instant.ofEpochMilli(counts.firstMinute() * 60_000).toString(),
                    coverage.get("observedStart").asText(), name);
            assertEquals(Instant.ofEpochMilli((counts.lastMinute() + 1) * 60_000).toString(),
                    coverage.get("observedEnd").asText(), name);
            assertEquals(false, coverage.get("complete").asBoolean(), name);
            JsonNode budget = o.get("budget");
            BigDecimal bad = BigDecimal.valueOf(counts.bad());
            assertEquals(counts.allowed().doubleValue(), budget.get("allowed").asDouble(), 0.0, name);
            assertEquals((double) counts.bad(), budget.get("consumed").asDouble(), 0.0, name);
            assertEquals(counts.allowed().subtract(bad).doubleValue(), budget.get("remaining").asDouble(), 0.0, name);
            assertEquals(bad.divide(counts.allowed(), MathContext.DECIMAL128).doubleValue(),
                    budget.get("consumedFraction").asDouble(), 0.0, name);
            assertEquals(false, budget.get("overspent").asBoolean(), name);
            assertTrue(budget.get("allowedMinutes") == null, name);
            JsonNode projection = o.get("projection");
            assertEquals(SLICES * 60_000L - counts.observedMillis(), projection.get("undecidedMillis").asLong(), name);
            assertEquals(bad.multiply(counts.growth()).doubleValue(), projection.get("consumed").asDouble(), 0.0, name);
            assertEquals(counts.allowed().multiply(counts.growth()).doubleValue(), projection.get("allowed").asDouble(),
                    0.0, name);
            assertEquals(false, projection.get("overspent").asBoolean(), name);
            assertTrue(projection.get("timeToExhaustionMillis").isNull(), name);
        }
    }

    /** The lines of an objective that observed nothing in its 3-week window, after its header. */
    static List<String> nothingObserved(String unit, String budget) {
        return List.of("  verdict  NO_DATA  (nothing observed in the window)",
                "  SLI      no data  (good 0, bad 0, unknown " + ("slices".equals(unit) ? SLICES : 0) + " " + unit
                        + "; unknown excluded)",
                "  coverage 0.0 d of 21 d observed",
                "  budget   " + budget);
    }

    @Test
    void anInstantBeforeTheDataOrLongAfterItReportsEveryObjectiveAsNothingObserved() throws IOException {
        String noEvents = "allowed 0 events, consumed 0 (0.00%), remaining 0";
        // 1 % and 0.8 % of 30 240 min: 302.4 and 241.92 min
        String slices99 = "allowed 302.40 min, consumed 0.00 min (0.00%), remaining 302.40 min";
        String slices992 = "allowed 241.92 min, consumed 0.00 min (0.00%), remaining 241.92 min";
        String noAlerts = "  alerts   none configured";
        String quietTiers = "  alerts   NONE  [page 1h/5m >= 10.08: 0.00/0.00]  [page 6h/30m >= 4.2: 0.00/0.00]"
                + "  [ticket 1d/2h >= 2.1: 0.00/0.00]  [ticket 3d/6h >= 0.7: 0.00/0.00]";
        List<String> objectives = new ArrayList<>();
        objectives.add("");
        objectives.add("registry/uptime-sla  SLA  uptime-probe (probe)  target 99%  rolling 3w  timeslices >= 100%");
        objectives.addAll(nothingObserved("slices", slices99));
        objectives.add(noAlerts);
        objectives.add("");
        objectives.add("registry/uptime-slo  SLO  uptime-probe (probe)  target 99.2%  rolling 3w  timeslices >= 100%");
        objectives.addAll(nothingObserved("slices", slices992));
        objectives.add(quietTiers);
        objectives.add("");
        objectives.add("registry/pod-uptime-slo  SLO  pod-readiness (readiness)  target 99.2%  rolling 3w  ratio-timeslices");
        objectives.addAll(nothingObserved("slices", slices992));
        objectives.add(noAlerts);
        for (String name : List.of("response-time-sla  SLA  response-time (latency)  target 99%",
                "response-time-slo  SLO  response-time (latency)  target 99%",
                "provision-sla  SLA  provision-time (work)  target 80%",
                "provision-slo  SLO  provision-time (work)  target 80%",
                "success-rate-sla  SLA  request-outcome (outcome)  target 99%",
                "error-rate-slo  SLO  request-outcome (outcome)  target 99%")) {
            objectives.add("");
            objectives.add("registry/" + name + "  rolling 3w  occurrences");
            objectives.addAll(nothingObserved("events", noEvents));
            objectives.add(name.startsWith("error-rate") ? quietTiers : noAlerts);
            if (name.startsWith("provision-slo")) {
                objectives.add("  open     0 open past 1h");
            }
        }
        // a month before the first event, and five months after the last (the window then starts long after it)
        for (String at : List.of("2023-12-01T00:00:00Z", "2024-06-01T00:00:00Z")) {
            LintCommandTest.Run run = LintCommandTest.sli("report", CONFIG, "--data", DATA.toString(), "--at", at);
            assertEquals(0, run.exitCode(), String.join("\n", run.err()));
            assertEquals(List.of(), run.err());
            List<String> expected = new ArrayList<>(List.of("sli report: " + CONFIG + " on " + DATA,
                    "read 34651 events from 2024-01-01T00:00:07Z to 2024-01-02T23:59:58.775Z; evaluated at " + at));
            expected.addAll(objectives);
            assertEquals(expected, run.out(), at);

            run = LintCommandTest.sli("report", CONFIG, "--data", DATA.toString(), "--at", at, "--format", "json");
            assertEquals(0, run.exitCode(), String.join("\n", run.err()));
            JsonNode json = new ObjectMapper().readTree(String.join("\n", run.out()));
            assertEquals(at, json.get("evaluatedAt").asText());
            assertEquals(9, json.get("objectives").size());
            for (JsonNode o : json.get("objectives")) {
                String name = o.get("name").asText();
                assertEquals("NO_DATA", o.get("verdict").asText(), name);
                assertTrue(o.get("ratio").isNull(), name);
                assertEquals(0, o.get("coverage").get("observedMillis").asLong(), name);
                assertTrue(o.get("coverage").get("observedStart").isNull(), name);
                assertEquals("0.0 d of 21 d observed", o.get("coverage").get("text").asText(), name);
                assertEquals(Instant.parse(at).minusSeconds(21 * 86_400L).toString(), o.get("spanStart").asText(), name);
                assertEquals(false, o.get("budget").get("overspent").asBoolean(), name);
                assertEquals(0.0, o.get("budget").get("consumed").asDouble(), name);
                assertTrue(o.get("projection").get("timeToExhaustionMillis").isNull(), name);
            }
        }
    }

    @Test
    void textReportStartsWithWhatItReadAndWhen() {
        LintCommandTest.Run run = LintCommandTest.sli("report", CONFIG, "--data", DATA.toString());
        assertEquals(1, run.exitCode());
        assertEquals("read 34651 events from 2024-01-01T00:00:07Z to 2024-01-02T23:59:58.775Z; evaluated at "
                + "2024-01-03T00:00:00Z", run.out().get(1));
        assertTrue(run.out().contains("  budget   allowed 302.40 min, consumed 31.00 min (10.25%), remaining 271.40 min"));
        int sla = run.out().indexOf("registry/uptime-sla  SLA  uptime-probe (probe)  target 99%  rolling 3w  timeslices >= 100%");
        assertEquals(List.of(
                "  verdict  AT_RISK  (window not completely observed; at the current burn the budget is overspent by its end)",
                "  SLI      98.9221%  (good 2845, bad 31, unknown 27364 slices; unknown excluded)",
                "  coverage 2.0 d of 21 d observed, 2024-01-01T00:00:00Z to 2024-01-03T00:00:00Z",
                "  budget   allowed 302.40 min, consumed 31.00 min (10.25%), remaining 271.40 min",
                "  forecast 325.95 of 302.40 min (107.79%) by the end of the window at the current burn; exhausted in 17.5 d",
                "  alerts   none configured"), run.out().subList(sla + 1, sla + 7));
        int success = run.out().indexOf("registry/success-rate-sla  SLA  request-outcome (outcome)  target 99%  rolling 3w  "
                + "occurrences");
        assertEquals(List.of(
                "  verdict  ON_TRACK  (window not completely observed; at the current burn the budget lasts to its end)",
                "  SLI      99.6701%  (good 11482, bad 38, unknown 0 events; unknown excluded)",
                "  coverage 2.0 d of 21 d observed, 2024-01-01T00:00:00Z to 2024-01-03T00:00:00Z",
                "  budget   allowed 115.2 events, consumed 38 (32.99%), remaining 77.2",
                "  forecast 399 of 1209.6 events (32.99%) by the end of the window at the current burn"),
                run.out().subList(success + 1, success + 6));
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
        assertEquals(2, run.exitCode());
        assertEquals(List.of("sli report: " + bad + ":3: field 3 (seconds): 'fast' is not a number of seconds"), run.err());
        Files.writeString(bad, "#sli-events 1\n2024-01-01T00:00:00Z,response-tim,0.2,ok\n");
        run = LintCommandTest.sli("report", CONFIG, "--data", bad.toString());
        assertEquals(List.of("sli report: " + bad + ":2: field 2 (sli): unknown SLI 'registry/response-tim'; known: "
                + "[registry/uptime-probe, registry/pod-readiness, registry/response-time, registry/response-time-sysdig, registry/request-outcome, "
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

    @Test
    void anEventFarInTheFutureIsCountedAsRejectedAndMovesNothing(@TempDir Path dir) throws IOException {
        Path events = dir.resolve("events.csv");
        Files.writeString(events, Files.readString(DATA) + "2100-01-01T00:00:00Z,request-outcome,error\n"
                + Long.MAX_VALUE + ",uptime-probe,down,0.1\n");
        LintCommandTest.Run run = LintCommandTest.sli("report", CONFIG, "--data", events.toString(), "--format", "json");
        assertEquals(1, run.exitCode(), String.join("\n", run.err()));
        JsonNode withFuture = new ObjectMapper().readTree(String.join("\n", run.out()));
        JsonNode without = report();
        assertEquals("2024-01-03T00:00:00Z", withFuture.get("evaluatedAt").asText());
        assertEquals(without.get("objectives"), withFuture.get("objectives"));
        assertEquals(1, withFuture.get("rejected").get("registry/request-outcome").get("FUTURE_TIMESTAMP").asLong());
        assertEquals(1, withFuture.get("rejected").get("registry/uptime-probe").get("FUTURE_TIMESTAMP").asLong());

        LintCommandTest.Run text = LintCommandTest.sli("report", CONFIG, "--data", events.toString());
        assertEquals(List.of("read 34653 events from 2024-01-01T00:00:07Z to 2024-01-02T23:59:58.775Z; evaluated at "
                + "2024-01-03T00:00:00Z", "rejected registry/uptime-probe: 1 future timestamp",
                "rejected registry/request-outcome: 1 future timestamp"), text.out().subList(1, 4));
    }

    @Test
    void anInstantOutsideYearsZeroToNineThousandNineHundredNinetyNineIsAUsageError() {
        for (String at : List.of("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
                "-0001-12-31T23:59:59.999Z")) {
            LintCommandTest.Run run = LintCommandTest.sli("report", CONFIG, "--data", DATA.toString(), "--at", at);
            assertEquals(2, run.exitCode());
            assertEquals("sli report: Invalid value for option '--at': '" + at + "' is out of range: give an instant from "
                    + "0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z", run.err().get(0));
        }
        for (String at : List.of("9999-12-31T23:59:59.999Z", "0000-01-01T00:00:00Z")) {
            LintCommandTest.Run run = LintCommandTest.sli("report", CONFIG, "--data", DATA.toString(), "--at", at);
            assertEquals(0, run.exitCode(), String.join("\n", run.err()));
            assertTrue(run.out().contains("  verdict  NO_DATA  (nothing observed in the window)"), at);
        }
    }

    @Test
    void refusesAConfigWithLintErrorsPrintingWhatLintPrints(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("probe.json");
        Files.writeString(config, """
                {"format": 1, "services": [{"name": "svc",
                  "slis": [{"name": "up", "kind": "probe", "check": "https://example.org/"}],
                  "objectives": [{"name": "up", "type": "SLO", "sli": "up", "target": 0.99, "window": {"rolling": "1d"},
                    "budgeting": {"method": "occurrences"}, "missingData": "exclude"}]}]}
                """);
        Path events = dir.resolve("events.csv");
        Files.writeString(events, "#sli-events 1\n2024-01-01T00:00:00Z,up,up,0.1\n");
        LintCommandTest.Run lint = LintCommandTest.sli("lint", config.toString());
        LintCommandTest.Run run = LintCommandTest.sli("report", config.toString(), "--data", events.toString());
        assertEquals(2, run.exitCode());
        assertEquals(List.of(), run.out());
        assertEquals(List.of("ERROR services[0].objectives[0].budgeting: probe SLI up measures time, not events; budget "
                + "it with timeslices or ratioTimeslices", config + ": 1 error, 0 warnings, 0 notes",
                "sli report: " + config + " has lint errors; nothing was evaluated"), run.err());
        assertEquals(lint.out(), run.err().subList(0, 2));
    }
}
