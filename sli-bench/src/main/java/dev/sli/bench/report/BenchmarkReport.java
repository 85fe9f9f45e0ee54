package dev.sli.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Turns a JMH JSON result file of {@code sli-bench} into {@code BENCHMARKS.md}: how the run was made,
 * the targets of the performance issue with the figures of this run, every result with its allocation
 * per operation, and each library figure as a ratio to its peers from the same run.
 *
 * <pre>
 * java -cp sli-bench/target/benchmarks.jar dev.sli.bench.report.BenchmarkReport results.json \
 *     [--command "..."] [--date "..."] [--machine "..."] &gt; BENCHMARKS.md
 * </pre>
 *
 * <p>Benchmarks are recognised by name: methods starting with {@code peer} are peers, a {@code _2t}
 * suffix marks the two-thread variant (the thread count itself is read from the JSON). Only
 * average-time results are accepted. Stateless; {@link #render} may be called from any thread.
 */
public final class BenchmarkReport {

    static final String RECORD_CLASS = "RecordBench";
    static final String QUERY_CLASS = "QueryBench";
    static final String TWO_THREADS_SUFFIX = "_2t";
    static final String ALLOCATION = "gc.alloc.rate.norm";
    /** Library record paths in the order the tables show them; others follow alphabetically. */
    static final List<String> RECORD_ORDER = List.of("liveLatency", "liveLatencyStored", "historicLatency",
            "historicLatencySparse",
            "liveOutcome", "liveReadiness");
    /** Peers in the order the tables show them; others follow alphabetically. */
    static final List<String> PEER_ORDER = List.of("peerHdrHistogramRaw", "peerHdrRecorder", "peerMicrometerTimer",
            "peerDropwizardSliding", "peerJdkLongAdder");
    /** Query benchmarks in the order the tables show them; others follow alphabetically. */
    static final List<String> QUERY_ORDER = List.of("p99_1h", "p99_1d", "p99_3w", "p99_3w_pastInstant", "fraction_1h",
            "fraction_1d", "fraction_3w", "fraction_undeclared_3w", "burnRateEvaluation", "errorBudget_3w", "sloStatus",
            "budgetSeries_3w_hourly", "peerHdrHistogramMerge_3w");
    /** Requests a minute in {@code historicLatencySparse}: one sealed bucket per this many operations. */
    static final int SPARSE_SAMPLES_PER_BUCKET = 1000;
    /** What sealing one bucket may allocate. */
    static final double SEAL_ALLOCATION_BYTES = 64 * 1024;
    /** What a figure is allowed to allocate to count as allocating nothing. */
    static final double ZERO_ALLOCATION_BYTES = 1.0;

    /** How a run was made, as told by the script that made it (the rest is read from the JSON). */
    public record RunInfo(String source, String command, String date, String machine) {
    }

    /** One benchmark result, with its score in nanoseconds per operation. */
    record Result(String className, String method, int threads, Map<String, String> params, double nanos,
            double errorNanos, OptionalDouble bytesPerOp) {

        /** The method name plus its parameters, as it appears in the tables. */
        String name() {
            if (params.isEmpty()) {
                return method;
            }
            StringBuilder b = new StringBuilder(method).append(" (");
            String sep = "";
            for (Map.Entry<String, String> p : params.entrySet()) {
                b.append(sep).append(p.getKey()).append('=').append(p.getValue());
                sep = ", ";
            }
            return b.append(')').toString();
        }

        /** The method name without the two-thread suffix. */
        String base() {
            return method.endsWith(TWO_THREADS_SUFFIX)
                    ? method.substring(0, method.length() - TWO_THREADS_SUFFIX.length()) : method;
        }

        boolean isPeer() {
            return method.startsWith("peer");
        }
    }

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args.length % 2 == 0) {
            System.err.println("usage: BenchmarkReport results.json [--command CMD] [--date DATE] [--machine TEXT]");
            System.exit(2);
        }
        String command = "(not given)";
        String date = "(not given)";
        String machine = "(not given)";
        for (int i = 1; i < args.length; i += 2) {
            switch (args[i]) {
                case "--command" -> command = args[i + 1];
                case "--date" -> date = args[i + 1];
                case "--machine" -> machine = args[i + 1];
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        JsonNode root = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        String report = render(root, new RunInfo(args[0], command, date, machine));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.print(report);
        out.flush();
    }

    /**
     * The Markdown report of a JMH JSON result array.
     *
     * @throws IllegalArgumentException if the JSON is not a JMH result array, or holds a result that is
     *     not in average-time mode
     */
    public static String render(JsonNode root, RunInfo run) {
        if (!root.isArray() || root.isEmpty()) {
            throw new IllegalArgumentException(run.source() + ": expected a non-empty JSON array of JMH results");
        }
        List<Result> results = new ArrayList<>();
        for (JsonNode node : root) {
            results.add(parse(node, run.source()));
        }
        StringBuilder md = new StringBuilder();
        header(md, root, run, results);
        targets(md, results);
        recording(md, results);
        queries(md, results);
        others(md, results);
        return md.toString();
    }

    // ---- parsing ---------------------------------------------------------------------------------

    static Result parse(JsonNode node, String source) {
        String benchmark = text(node, "benchmark", source);
        String mode = text(node, "mode", source);
        if (!mode.equals("avgt") && !mode.equals("thrpt") && !mode.equals("ss")) {
            throw new IllegalArgumentException(source + ": " + benchmark + " is in mode " + mode
                    + "; the report reads average-time (avgt), single-shot (ss) and throughput (thrpt) results only");
        }
        int dot = benchmark.lastIndexOf('.');
        String method = benchmark.substring(dot + 1);
        String qualifiedClass = benchmark.substring(0, Math.max(0, dot));
        String className = qualifiedClass.substring(qualifiedClass.lastIndexOf('.') + 1);
        Map<String, String> params = new TreeMap<>();
        JsonNode p = node.get("params");
        if (p != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
        }
        JsonNode primary = node.get("primaryMetric");
        if (primary == null) {
            throw new IllegalArgumentException(source + ": " + benchmark + " has no primaryMetric");
        }
        double score;
        double error;
        if (mode.equals("thrpt")) { // operations per time unit, reported here as time per operation
            double opsPerNano = 1 / nanosPer(text(primary, "scoreUnit", source).replace("ops/", "").concat("/op"), benchmark, source);
            double ops = primary.path("score").asDouble() * opsPerNano;
            score = 1 / ops;
            error = primary.path("scoreError").asDouble(Double.NaN) * opsPerNano / (ops * ops);
        } else {
            double perUnit = nanosPer(text(primary, "scoreUnit", source), benchmark, source);
            score = primary.path("score").asDouble() * perUnit;
            error = primary.path("scoreError").asDouble(Double.NaN) * perUnit;
        }
        OptionalDouble bytes = OptionalDouble.empty();
        JsonNode secondary = node.get("secondaryMetrics");
        if (secondary != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = secondary.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey().startsWith("\u00b7") ? e.getKey().substring(1) : e.getKey();
                if (key.equals(ALLOCATION)) {
                    bytes = OptionalDouble.of(e.getValue().path("score").asDouble());
                }
            }
        }
        return new Result(className, method, node.path("threads").asInt(1), params, score, error, bytes);
    }

    private static String text(JsonNode node, String field, String source) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(source + ": a result has no text field '" + field + "'");
        }
        return v.asText();
    }

    private static double nanosPer(String unit, String benchmark, String source) {
        return switch (unit) {
            case "ns/op" -> 1;
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            case "s/op" -> 1e9;
            default -> throw new IllegalArgumentException(source + ": " + benchmark + " has unit " + unit
                    + "; expected ns/op, us/op, ms/op or s/op");
        };
    }

    // ---- sections --------------------------------------------------------------------------------

    private static void header(StringBuilder md, JsonNode root, RunInfo run, List<Result> results) {
        JsonNode first = root.get(0);
        md.append("# sli benchmarks\n\n");
        md.append("Generated by `dev.sli.bench.report.BenchmarkReport` from the JMH results in `")
                .append(run.source()).append("`; do not edit by hand, rerun `sli-bench/run-benchmarks.sh`.\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| command | `").append(run.command()).append("` |\n");
        md.append("| date | ").append(run.date()).append(" |\n");
        md.append("| machine | ").append(run.machine()).append(" |\n");
        md.append("| JDK | ").append(first.path("jdkVersion").asText("?")).append(", ")
                .append(first.path("vmName").asText("?")).append(' ')
                .append(first.path("vmVersion").asText("?")).append(" |\n");
        md.append("| JMH | ").append(first.path("jmhVersion").asText("?")).append(" |\n");
        md.append("| JVM options of every fork | ").append(distinct(root, n -> {
            List<String> args = new ArrayList<>();
            n.path("jvmArgs").forEach(a -> args.add(a.asText()));
            return "`" + String.join(" ", args) + "`";
        })).append(" |\n");
        md.append("| iterations | ").append(distinct(root, n -> n.path("forks").asInt() + " fork, warmup "
                + n.path("warmupIterations").asInt() + " × " + n.path("warmupTime").asText() + ", measurement "
                + n.path("measurementIterations").asInt() + " × " + n.path("measurementTime").asText()))
                .append(" |\n");
        boolean gc = results.stream().anyMatch(r -> r.bytesPerOp().isPresent());
        md.append("| allocation | ").append(gc ? "measured with `-prof gc` (`gc.alloc.rate.norm`, bytes per operation)"
                : "not measured (run without `-prof gc`)").append(" |\n\n");
        md.append("Times are JMH average times per operation (per thread for two-thread runs) with their 99.9 % "
                + "confidence half-width (±). With one fork per benchmark on a shared 2-core machine, treat "
                + "differences under about 20 % as noise.\n\n");
    }

    private static String distinct(JsonNode root, java.util.function.Function<JsonNode, String> f) {
        Set<String> values = new LinkedHashSet<>();
        root.forEach(n -> values.add(f.apply(n)));
        return String.join("; ", values);
    }

    private static void targets(StringBuilder md, List<Result> results) {
        md.append("## Targets\n\n");
        md.append("| target | goal | this run | result |\n|---|---|---|---|\n");
        ratioTarget(md, results, "live latency record, 1 thread, vs raw `Histogram.recordValue`",
                "≤ 2× its time", "liveLatency", 1, "peerHdrHistogramRaw", 1, 2.0, false, "× the time");
        ratioTarget(md, results, "live latency record, 2 threads, vs `Recorder`, 2 threads",
                "≥ 3× its throughput", "peerHdrRecorder_2t", 2, "liveLatency_2t", 2, 3.0, true, "× the throughput");
        ratioTarget(md, results, "live latency record, 2 threads, vs Micrometer `Timer`, 2 threads",
                "≥ 10× its throughput", "peerMicrometerTimer_2t", 2, "liveLatency_2t", 2, 10.0, true,
                "× the throughput");
        ratioTarget(md, results, "live latency record with a store attached vs without", "≤ 1.2× its time",
                "liveLatencyStored", 1, "liveLatency", 1, 1.2, false, "× the time");
        ratioTarget(md, results, "Micrometer `Timer.record` on `SliMeterRegistry`, feeding an SLI, vs on a `SimpleMeterRegistry`",
                "≤ 1.2× its time", "sliRegistry", 1, "simpleRegistry", 1, 1.2, false, "× the time");
        ratioTarget(md, results, "importing a 3-week Prometheus JSON export vs a bare Jackson streaming parse of it",
                "≤ 2× its time", "importJson", 1, "bareJsonParse", 1, 2.0, false, "× the time");
        for (Result r : sorted(results, x -> x.className().equals(RECORD_CLASS) && !x.isPeer(), RECORD_ORDER)) {
            boolean sparse = r.base().endsWith("Sparse");
            String figure;
            String verdict;
            if (r.bytesPerOp().isEmpty()) {
                figure = "not measured";
                verdict = "—";
            } else if (sparse) {
                double perBucket = r.bytesPerOp().getAsDouble() * SPARSE_SAMPLES_PER_BUCKET;
                figure = bytes(r.bytesPerOp().getAsDouble()) + " B/op × " + SPARSE_SAMPLES_PER_BUCKET + " = "
                        + String.format(java.util.Locale.ROOT, "%.1f KiB", perBucket / 1024) + " per sealed bucket";
                verdict = perBucket <= SEAL_ALLOCATION_BYTES ? "met" : "**missed**";
            } else {
                figure = bytes(r.bytesPerOp().getAsDouble()) + " B/op";
                verdict = r.bytesPerOp().getAsDouble() < ZERO_ALLOCATION_BYTES ? "met" : "**missed**";
            }
            md.append("| allocation of `").append(r.name()).append("`, ").append(r.threads())
                    .append(r.threads() == 1 ? " thread" : " threads")
                    .append(sparse ? " | ≤ 64 KiB per sealed bucket | " : " | ≈ 0 B/op (under 1) | ")
                    .append(figure).append(" | ").append(verdict).append(" |\n");
        }
        Optional<Result> p99 = find(results, "p99_3w", 1);
        md.append("| p99 over 3 weeks | ≤ 50 µs | ");
        if (p99.isPresent()) {
            double ns = p99.get().nanos();
            md.append(time(ns)).append(" | ").append(ns <= 50_000 ? "met" : "**missed**").append(" |\n");
        } else {
            md.append("not measured | — |\n");
        }
        ratioTarget(md, results, "p99 over 3 weeks vs the same query over 1 h", "≤ 2× its time",
                "p99_3w", 1, "p99_1h", 1, 2.0, false, "× the time");
        absoluteTarget(md, results, "p99 over an undeclared 3-week window at a past instant", "p99_3w_pastInstant",
                1_000_000, "≤ 1 ms");
        ratioTarget(md, results, "p99 over 3 weeks at a past instant vs the 1 h query", "≤ 3× its time",
                "p99_3w_pastInstant", 1, "p99_1h", 1, 3.0, false, "× the time");
        absoluteTarget(md, results, "share within an undeclared threshold over 3 weeks", "fraction_undeclared_3w",
                1_000_000, "≤ 1 ms");
        absoluteTarget(md, results, "SLO status at every hour of 3 weeks (burn-down chart)", "budgetSeries_3w_hourly",
                500_000_000, "≤ 500 ms");
        Optional<Result> burn = find(results, "burnRateEvaluation", 1);
        md.append("| full multi-window burn-rate evaluation of one SLO | ≤ 1 µs | ");
        if (burn.isPresent()) {
            double ns = burn.get().nanos();
            md.append(time(ns)).append(" | ").append(ns <= 1_000 ? "met" : "**missed**").append(" |\n");
        } else {
            md.append("not measured | — |\n");
        }
        md.append('\n');
    }

    /** A target on one benchmark's time: at most {@code goalNanos}. */
    private static void absoluteTarget(StringBuilder md, List<Result> results, String what, String name,
            double goalNanos, String goalText) {
        md.append("| ").append(what).append(" | ").append(goalText).append(" | ");
        Optional<Result> r = find(results, name, 1);
        if (r.isEmpty()) {
            md.append("not measured | — |\n");
            return;
        }
        double ns = r.get().nanos();
        md.append(time(ns)).append(" (`").append(name).append("`) | ").append(ns <= goalNanos ? "met" : "**missed**")
                .append(" |\n");
    }

    /** A target on {@code a ÷ b} (times): at most {@code goal}, or at least it when {@code atLeast}. */
    private static void ratioTarget(StringBuilder md, List<Result> results, String what, String goalText,
            String a, int aThreads, String b, int bThreads, double goal, boolean atLeast, String unit) {
        md.append("| ").append(what).append(" | ").append(goalText).append(" | ");
        Optional<Result> ra = find(results, a, aThreads);
        Optional<Result> rb = find(results, b, bThreads);
        if (ra.isEmpty() || rb.isEmpty()) {
            md.append("not measured | — |\n");
            return;
        }
        double ratio = ra.get().nanos() / rb.get().nanos();
        boolean met = atLeast ? ratio >= goal : ratio <= goal;
        md.append(ratio(ratio)).append(unit).append(" (`").append(a).append("` ").append(time(ra.get().nanos()))
                .append(", `").append(b).append("` ").append(time(rb.get().nanos())).append(") | ")
                .append(met ? "met" : "**missed**").append(" |\n");
    }

    private static void recording(StringBuilder md, List<Result> results) {
        List<Result> library = sorted(results, r -> r.className().equals(RECORD_CLASS) && !r.isPeer(), RECORD_ORDER);
        List<Result> peers = sorted(results, r -> r.className().equals(RECORD_CLASS) && r.isPeer(), PEER_ORDER);
        if (library.isEmpty() && peers.isEmpty()) {
            return;
        }
        md.append("## Recording (`RecordBench`)\n\n");
        md.append("One sample per operation. `live*` record now, by a `CoarseClock` (1 ms tick). `historicLatency` "
                + "records with an explicit timestamp, replaying ascending timestamps at a million requests a "
                + "minute (the record path itself); `historicLatencySparse` replays 1,000 a minute, so every "
                + "thousandth sample closes a minute bucket and the recording thread pays for sealing it. "
                + "`_2t`: two threads share one recorder, except the raw HdrHistogram, which is not thread-safe "
                + "and gets one per thread.\n\n");
        md.append("| benchmark | threads | time/op | ± | B/op |\n|---|---:|---:|---:|---:|\n");
        List<Result> all = new ArrayList<>(library);
        all.addAll(peers);
        for (Result r : all) {
            row(md, r);
        }
        List<String> peerNames = new ArrayList<>();
        for (Result p : peers) {
            if (!peerNames.contains(p.base())) {
                peerNames.add(p.base());
            }
        }
        if (!library.isEmpty() && !peerNames.isEmpty()) {
            md.append("\nSpeed-up of each library record path over each peer with the same number of threads "
                    + "(peer time ÷ library time; above 1 the library is faster):\n\n");
            md.append("| benchmark | threads |");
            for (String p : peerNames) {
                md.append(" vs ").append(p).append(" |");
            }
            md.append("\n|---|---:|");
            peerNames.forEach(p -> md.append("---:|"));
            md.append('\n');
            for (Result r : library) {
                md.append("| ").append(r.name()).append(" | ").append(r.threads()).append(" |");
                for (String p : peerNames) {
                    Optional<Result> peer = peers.stream()
                            .filter(x -> x.base().equals(p) && x.threads() == r.threads()).findFirst();
                    md.append(' ').append(peer.map(x -> ratio(x.nanos() / r.nanos()) + "×").orElse("—")).append(" |");
                }
                md.append('\n');
            }
        }
        md.append('\n');
    }

    private static void queries(StringBuilder md, List<Result> results) {
        List<Result> queries = sorted(results, r -> r.className().equals(QUERY_CLASS), QUERY_ORDER);
        if (queries.isEmpty()) {
            return;
        }
        md.append("## Queries (`QueryBench`)\n\n");
        md.append("Three weeks of minute buckets at about 1,000 requests a minute (30,240 buckets, about 30 million "
                + "requests), nothing declared but the 2 s threshold: every window is composed of sealed minute, "
                + "hour and day blocks when asked. `*_1h`, `*_1d`, `*_3w` are evaluated at the end of the data (a "
                + "day boundary); `p99_3w_pastInstant` and `fraction_undeclared_3w` (within 1.5 s) at 5 min and "
                + "3 h 17 min before it, alternately; `budgetSeries_3w_hourly` is the full status of a Timeslices "
                + "objective (the p99 of each minute within 2 s, 99 % of minutes) at each of the 504 hours, "
                + "slices decided from scratch. "
                + "`peerHdrHistogramMerge_3w` decodes and adds the 30,240 minute histograms of the window (held "
                + "in HdrHistogram's uncompressed byte encoding), then takes the p99. The SLO: 99 % of requests "
                + "within 2 s over a rolling 3 weeks, with the four default burn-rate tiers (1 h/5 min and "
                + "6 h/30 min page, 1 d/2 h and 3 d/6 h ticket); `sloStatus` is SLI, budget and alerts at once.\n\n");
        md.append("| benchmark | threads | time/op | ± | B/op |\n|---|---:|---:|---:|---:|\n");
        for (Result r : queries) {
            row(md, r);
        }
        String[][] comparisons = {
            {"p99_1d", "p99_1h", "p99: 1 d window ÷ 1 h window"},
            {"p99_3w", "p99_1h", "p99: 3-week window ÷ 1 h window"},
            {"p99_3w_pastInstant", "p99_1h", "p99: 3 weeks at a past instant ÷ 1 h window"},
            {"fraction_1d", "fraction_1h", "fraction within 2 s: 1 d ÷ 1 h"},
            {"fraction_3w", "fraction_1h", "fraction within 2 s: 3 weeks ÷ 1 h"},
            {"peerHdrHistogramMerge_3w", "p99_3w", "3-week p99: naive merge ÷ library (speed-up)"},
        };
        StringBuilder rows = new StringBuilder();
        for (String[] c : comparisons) {
            Optional<Result> a = find(results, c[0], 1);
            Optional<Result> b = find(results, c[1], 1);
            if (a.isPresent() && b.isPresent()) {
                rows.append("| ").append(c[2]).append(" | `").append(c[0]).append("` ÷ `").append(c[1]).append("` | ")
                        .append(ratio(a.get().nanos() / b.get().nanos())).append("× |\n");
            }
        }
        if (rows.length() > 0) {
            md.append("\n| comparison | ratio of times | value |\n|---|---|---:|\n").append(rows);
        }
        md.append('\n');
    }

    private static void others(StringBuilder md, List<Result> results) {
        List<Result> rest = sorted(results, r -> !r.className().equals(RECORD_CLASS)
                && !r.className().equals(QUERY_CLASS), List.of());
        if (rest.isEmpty()) {
            return;
        }
        md.append("## Other benchmarks\n\n");
        md.append("| benchmark | threads | time/op | ± | B/op |\n|---|---:|---:|---:|---:|\n");
        for (Result r : rest) {
            md.append("| ").append(r.className()).append('.').append(r.name()).append(" | ").append(r.threads())
                    .append(" | ").append(time(r.nanos())).append(" | ").append(time(r.errorNanos())).append(" | ")
                    .append(r.bytesPerOp().isPresent() ? bytes(r.bytesPerOp().getAsDouble()) : "—").append(" |\n");
        }
        md.append('\n');
    }

    private static void row(StringBuilder md, Result r) {
        md.append("| ").append(r.name()).append(" | ").append(r.threads()).append(" | ").append(time(r.nanos()))
                .append(" | ").append(time(r.errorNanos())).append(" | ")
                .append(r.bytesPerOp().isPresent() ? bytes(r.bytesPerOp().getAsDouble()) : "—").append(" |\n");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** The result of {@code method} with {@code threads} threads and no parameters. */
    static Optional<Result> find(List<Result> results, String method, int threads) {
        return results.stream()
                .filter(r -> r.method().equals(method) && r.threads() == threads && r.params().isEmpty())
                .findFirst();
    }

    private static List<Result> sorted(List<Result> results, Predicate<Result> filter, List<String> order) {
        List<Result> out = new ArrayList<>(results.stream().filter(filter).toList());
        out.sort(Comparator.<Result>comparingInt(r -> r.threads())
                .thenComparingInt(r -> order.contains(r.base()) ? order.indexOf(r.base()) : order.size())
                .thenComparing(Result::base)
                .thenComparing(Result::name));
        return out;
    }

    /** A time in nanoseconds with three significant digits and a fitting unit; "—" if unknown. */
    static String time(double nanos) {
        if (Double.isNaN(nanos)) {
            return "—";
        }
        if (nanos < 1e3) {
            return sig3(nanos) + " ns";
        }
        if (nanos < 1e6) {
            return sig3(nanos / 1e3) + " µs";
        }
        if (nanos < 1e9) {
            return sig3(nanos / 1e6) + " ms";
        }
        return sig3(nanos / 1e9) + " s";
    }

    private static String sig3(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String ratio(double r) {
        return sig3(r);
    }

    /** Bytes: two decimals under 100, whole bytes up to a million, then decimal M and G. */
    static String bytes(double b) {
        if (b < 0.01) {
            return "< 0.01";
        }
        if (b >= 1e9) {
            return sig3(b / 1e9) + " G";
        }
        if (b >= 1e6) {
            return sig3(b / 1e6) + " M";
        }
        return b >= 100 ? String.format(Locale.ROOT, "%.0f", b) : String.format(Locale.ROOT, "%.2f", b);
    }
}
