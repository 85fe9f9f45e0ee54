package dev.sli.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sli.core.config.ServiceSpec;
import dev.sli.core.config.SloDocument;
import dev.sli.core.source.Selector;
import dev.sli.store.imports.SeriesSet;
import dev.sli.store.promql.Evaluator;
import dev.sli.store.promql.InstantVector;
import dev.sli.store.promql.ParityQueries;
import dev.sli.store.promql.PromQlException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sli parity}: evaluates the document's two dashboard queries on exported series exactly as
 * Prometheus 2.42 would (5-minute lookback, 1-minute subquery steps on the epoch grid, the {@code > 0}
 * and {@code < 2} filters dropping samples) next to the SLIs computed correctly, and says why each pair
 * differs. The config's SLI sources supply the selectors; the evaluation instant is the last sample and
 * W = min(3w, the data's span). The series come from export files or a Prometheus-compatible server
 * ({@link SeriesInput}). Exit 0 when it ran; 2 for bad input (an unreadable config or data file, a
 * config with no source a query can read) or usage; 3 for an internal error. One instance per invocation.
 */
@Command(name = "parity", mixinStandardHelpOptions = true,
        description = "Reproduce the dashboard PromQL on exported series, beside the SLIs computed correctly.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the queries were evaluated",
            "2:bad input (the config or a data file is invalid or unreadable, no SLI of the config has a source) or usage",
            "3:internal error (one line; the stack trace with --debug)"})
final class ParityCommand implements Callable<Integer> {

    static final long THREE_WEEKS_MILLIS = 21L * 86_400_000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    enum Format { TEXT, JSON }

    @Parameters(index = "0", paramLabel = "<config.json>", description = "The SLO config; its SLIs' sources give the selectors.")
    private Path config;

    @picocli.CommandLine.Mixin
    private SeriesInput input;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "Output as text or as one JSON object (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws BadInputException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int run(PrintWriter out, PrintWriter err) throws BadInputException {
        SloDocument document = ConfigFiles.load(config);
        ServiceSpec service = document.services().get(0);
        List<String> used = ParityQueries.builder().sources(service);
        if (used.isEmpty()) {
            throw new BadInputException(config + ": no SLI of service " + service.name()
                    + " has a \"source\" (readiness desired/ready, a latency gauge or histogram, outcome total/bad)");
        }
        List<Selector> selectors = selectorsOf(service);
        SeriesSet set = new SeriesSet(k -> selectors.stream().anyMatch(k::matches));
        input.read(document, set, DefaultImport.INSTANCE, err);
        Evaluator evaluator = Evaluator.over(set);
        if (evaluator.lastSampleMillis().isEmpty()) {
            throw new BadInputException("no sample in " + input.describe() + " belongs to a series the config selects ("
                    + selectors.stream().map(Selector::toString).collect(Collectors.joining(", ")) + ")");
        }
        long at = evaluator.lastSampleMillis().getAsLong();
        long span = at - evaluator.firstSampleMillis().getAsLong();
        long w = Math.max(Math.min(span, THREE_WEEKS_MILLIS), 60_000); // a single instant of data still gets a 1-minute window
        ParityQueries.Builder builder = ParityQueries.builder().windowMillis(w);
        builder.sources(service);
        ParityQueries queries = builder.build();
        Map<String, InstantVector> results = new LinkedHashMap<>();
        try {
            for (ParityQueries.Query q : queries.queries()) {
                results.put(q.id(), evaluator.evaluate(q.expr(), at));
            }
        } catch (PromQlException e) {
            err.println(clean("sli parity: " + e.getMessage()));
            return 1;
        }
        if (format == Format.JSON) {
            out.println(json(results));
        } else {
            text(out, service, queries, results, at, w, span);
        }
        return 0;
    }

    /**
     * The dashboard-parity pairs for the HTML report: each of the document's two dashboard queries as
     * Prometheus returns it on {@code set}, the SLI computed correctly, and why they differ; empty when the
     * config's sources or the data do not allow them. Evaluated at the last sample over W = min(3w, span).
     */
    static List<dev.sli.cli.html.ParityRow> rows(ServiceSpec service, SeriesSet set) {
        List<dev.sli.cli.html.ParityRow> rows = new ArrayList<>();
        if (ParityQueries.builder().sources(service).isEmpty()) {
            return rows;
        }
        Evaluator evaluator = Evaluator.over(set);
        if (evaluator.lastSampleMillis().isEmpty()) {
            return rows;
        }
        long at = evaluator.lastSampleMillis().getAsLong();
        long span = at - evaluator.firstSampleMillis().getAsLong();
        long w = Math.max(Math.min(span, THREE_WEEKS_MILLIS), 60_000);
        ParityQueries.Builder builder = ParityQueries.builder().windowMillis(w);
        builder.sources(service);
        ParityQueries queries = builder.build();
        Map<String, InstantVector> r = new LinkedHashMap<>();
        try {
            for (ParityQueries.Query q : queries.queries()) {
                r.put(q.id(), evaluator.evaluate(q.expr(), at));
            }
        } catch (PromQlException e) {
            return rows;
        }
        String window = ParityQueries.windowName(w);
        if (r.containsKey("availability_dashboard")) {
            rows.add(new dev.sli.cli.html.ParityRow("availability_dashboard", shown(r.get("availability_dashboard")),
                    percent(single(r, "time_availability_all")) + " of the time every workload had all desired replicas ready",
                    availabilityWhy(r)));
        }
        String under = "hist_under_2s_" + window;
        if (r.containsKey("latency_dashboard")) {
            rows.add(new dev.sli.cli.html.ParityRow("latency_dashboard", shown(r.get("latency_dashboard")),
                    r.containsKey(under) ? percent(single(r, under)) + " of requests under 2 s over " + window : "no histogram source",
                    latencyWhy(r, r.containsKey(under) ? single(r, under) : Double.NaN)));
        }
        return rows;
    }

    private static List<Selector> selectorsOf(ServiceSpec service) {
        ParityQueries.Builder b = ParityQueries.builder().windowMillis(60_000);
        b.sources(service);
        return b.build().selectors();
    }

    static String json(Map<String, InstantVector> results) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("queries");
        results.forEach((id, v) -> {
            ObjectNode q = list.addObject();
            q.put("id", id);
            ArrayNode r = q.putArray("result");
            for (InstantVector.Sample s : v.samples()) {
                ObjectNode o = r.addObject();
                ObjectNode labels = o.putObject("labels");
                s.labels().forEach(labels::put);
                putValue(o, "value", s.value());
            }
            if (v.single().isPresent()) {
                putValue(q, "value", v.single().getAsDouble());
            } else {
                q.putNull("value");
            }
        });
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** NaN and ±Inf as Prometheus writes them ("NaN", "+Inf", "-Inf"); other values as JSON numbers. */
    private static void putValue(ObjectNode o, String field, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.put(field, promValue(v));
        } else {
            o.put(field, v);
        }
    }

    /** A value as Prometheus's API prints it: shortest round-trip digits, plain notation, NaN, +Inf, -Inf. */
    static String promValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        String plain = new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
        return plain.equals("-0") ? "-0" : plain;
    }

    private void text(PrintWriter out, ServiceSpec service, ParityQueries queries, Map<String, InstantVector> r,
            long at, long w, long span) {
        String window = ParityQueries.windowName(w);
        List<String> lines = new ArrayList<>();
        lines.add("sli parity: " + config + " on " + input.describe());
        lines.add("evaluated at " + Instant.ofEpochMilli(at) + " (the last sample) over W = " + window
                + (w == span ? " (the data's span)" : " (3 weeks; the data spans more)"));
        if (r.containsKey("availability_dashboard")) {
            lines.add("");
            lines.add("Pod availability (the document's dashboard query)");
            lines.add("  PromQL      " + queries.query("availability_dashboard").get());
            lines.add("  Prometheus  " + shown(r.get("availability_dashboard")));
            double steps = single(r, "time_availability_all_steps");
            double bad = single(r, "time_availability_all_bad_steps");
            lines.add("  SLI         " + percent(single(r, "time_availability_all")) + " of the time every workload had all desired replicas ready ("
                    + count(steps - bad) + " of " + count(steps) + " one-minute steps with data; "
                    + "counting steps without data as down: " + percent(single(r, "time_availability_all_missing_as_bad")) + ")");
            lines.add("  Why         " + availabilityWhy(r));
        }
        if (r.containsKey("latency_dashboard")) {
            lines.add("");
            lines.add("Network latency (the document's dashboard query)");
            lines.add("  PromQL      " + queries.query("latency_dashboard").get());
            lines.add("  Prometheus  " + shown(r.get("latency_dashboard")));
            String under = "hist_under_2s_" + window;
            if (r.containsKey(under)) {
                lines.add("  SLI         " + percent(single(r, under)) + " of requests took under 2 s over " + window
                        + " (from the request-duration histogram)");
            }
            lines.add("  Why         " + latencyWhy(r, r.containsKey(under) ? single(r, under) : Double.NaN));
        }
        if (r.containsKey("ratio_1h")) {
            lines.add("");
            lines.add("Requests: error ratio and burn rate (burn = ratio / (1 - " + promValue(queries.target()) + "))");
            List<String> windows = new ArrayList<>(List.of("5m", "30m", "1h", "6h", "1d", "3d"));
            if (!windows.contains(window) && r.containsKey("ratio_" + window)) {
                windows.add(window);
            }
            for (String x : windows) {
                lines.add(String.format(Locale.ROOT, "  %-4s ratio %s  burn %s", x,
                        percent(single(r, "ratio_" + x)), trim(single(r, "burn_" + x))));
            }
        }
        lines.forEach(l -> out.println(clean(l)));
    }

    private static String availabilityWhy(Map<String, InstantVector> r) {
        InstantVector dash = r.get("availability_dashboard");
        if (dash.isEmpty()) {
            return "Prometheus returns no data: no workload had a replica missing at any step, so '> 0' dropped every "
                    + "sample and sum() of nothing is empty; a dashboard shows \"No data\" where availability is 100 %.";
        }
        String parts = r.get("availability_dashboard_inner_avg").samples().stream()
                .map(s -> workload(s.labels()) + " " + trim(s.value()) + " missing on average over "
                        + count(valueFor(r.get("availability_dashboard_inner_count"), s.labels())) + " steps")
                .collect(Collectors.joining(", "));
        return "the dashboard's " + promValue(dash.single().orElse(Double.NaN)) + " is 100 minus the sum over workloads of the "
                + "average number of missing replicas during their outages (" + parts + "), not a percentage of time; "
                + "it ignores how long the outages lasted.";
    }

    private static String latencyWhy(Map<String, InstantVector> r, double under) {
        List<String> dropped = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (InstantVector.Sample s : r.get("latency_dashboard_inner_max").samples()) {
            (s.value() < 2 ? kept : dropped).add(workload(s.labels()) + " " + trim(s.value()) + " s");
        }
        String share = Double.isNaN(under) ? "" : "; the share of requests under 2 s is " + percent(under);
        if (r.get("latency_dashboard").isEmpty()) {
            return "Prometheus returns no data: every workload's worst request time was at least 2 s (" + String.join(", ", dropped)
                    + "), so '< 2' dropped them all and avg() of nothing is empty" + share + ".";
        }
        return "the dashboard's " + promValue(r.get("latency_dashboard").single().orElse(Double.NaN)) + " is 100 minus the average of each "
                + "workload's single worst request time in seconds (" + String.join(", ", kept) + ")"
                + (dropped.isEmpty() ? "" : ", with the workloads whose worst was 2 s or more left out (" + String.join(", ", dropped) + ")")
                + "; it is neither a percentage nor about requests" + share + ".";
    }

    private static String workload(Map<String, String> labels) {
        String name = labels.get("kube_workload_name");
        return name != null ? name : labels.toString();
    }

    private static double valueFor(InstantVector v, Map<String, String> labels) {
        return v.samples().stream().filter(s -> s.labels().equals(labels)).mapToDouble(InstantVector.Sample::value).findFirst().orElse(Double.NaN);
    }

    private static double single(Map<String, InstantVector> r, String id) {
        InstantVector v = r.get(id);
        return v == null ? Double.NaN : v.single().orElse(Double.NaN);
    }

    private static String shown(InstantVector v) {
        if (v.isEmpty()) {
            return "no data (Prometheus returns an empty result)";
        }
        return v.samples().stream().map(s -> (s.labels().isEmpty() ? "" : s.labels() + " ") + promValue(s.value()))
                .collect(Collectors.joining(", "));
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "no data" : trim(fraction * 100) + " %";
    }

    private static String count(double v) {
        return Double.isNaN(v) ? "?" : Long.toString((long) v);
    }

    private static String trim(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return promValue(v);
        }
        return new BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** {@code text} with every control character (labels and paths are input) shown as a \\uXXXX escape. */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.FORMAT) {
                out.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
