package dev.sli.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sli.core.config.ConfigException;
import dev.sli.core.config.ConfigReader;
import dev.sli.core.config.ObjectiveSpec;
import dev.sli.core.config.ServiceSpec;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.Rejection;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.record.WorkOpenItem;
import dev.sli.core.registry.ObjectiveReport;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.slo.AlertEvaluation;
import dev.sli.core.slo.ErrorBudget;
import dev.sli.core.slo.SliMeasurement;
import dev.sli.core.slo.SloStatus;
import dev.sli.core.time.Clock;
import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.CalendarWindow;
import dev.sli.core.window.RollingWindow;
import dev.sli.core.window.Window;
import dev.sli.store.replay.EventsFile;
import dev.sli.store.replay.ReplayException;
import dev.sli.store.replay.ReplayStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code sli report}: replays an events file into the SLIs of an SLO config and evaluates every
 * objective at one instant: the SLI against its target, the error budget, the burn rates and alert
 * decision of each tier, and work items open too long. Exit 0 when it ran, 1 for an unreadable config
 * or events file (the message names file, line and field). One instance per invocation.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Evaluate every objective of an SLO config on an events file.")
final class ReportCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    enum Format { TEXT, JSON }

    @Parameters(index = "0", paramLabel = "<config.json>", description = "The SLO config.")
    private Path config;

    @Option(names = "--data", required = true, paramLabel = "<events.csv>",
            description = "The events to replay (sli events file, version 1).")
    private Path data;

    @Option(names = "--at", paramLabel = "<instant>", converter = InstantConverter.class,
            description = "When to evaluate, ISO-8601 (default: the end of the bucket holding the last event).")
    private Instant at;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "Output as text or as one JSON object (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SloDocument document;
        try {
            document = ConfigReader.read(config);
        } catch (ConfigException e) {
            e.errors().forEach(x -> err.println("ERROR " + x));
            err.println(config + ": not a valid SLO config; run 'sli lint " + config + "' for details");
            err.flush();
            return 1;
        } catch (NoSuchFileException e) {
            err.println("sli report: " + config + ": no such file");
            err.flush();
            return 1;
        } catch (IOException e) {
            err.println("sli report: cannot read " + config + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        BucketGrid grid = BucketGrid.DEFAULT;
        SeriesOptions options = SeriesOptions.builder().clock(Clock.system()).grid(grid)
                .retention(retentionFor(document)).maxFuture(Duration.ofDays(1)).build();
        SliRegistry registry = SliRegistry.create(document, options);
        ReplayStats stats;
        try {
            stats = EventsFile.replay(data, registry, document.services().get(0).name());
        } catch (ReplayException e) {
            err.println("sli report: " + e.getMessage());
            err.flush();
            return 1;
        } catch (NoSuchFileException e) {
            err.println("sli report: " + data + ": no such file");
            err.flush();
            return 1;
        } catch (IOException e) {
            err.println("sli report: cannot read " + data + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        long atMillis = at != null ? at.toEpochMilli()
                : stats.last().map(l -> grid.startMillis(grid.bucketOf(l.toEpochMilli()) + 1)).orElse(System.currentTimeMillis());
        List<ObjectiveReport> reports = registry.evaluate(atMillis);
        Map<String, Map<Rejection, Long>> rejected = registry.rejections(atMillis);
        if (format == Format.JSON) {
            out.println(json(stats, atMillis, reports, rejected));
        } else {
            text(out, stats, atMillis, reports, rejected);
        }
        out.flush();
        return 0;
    }

    /** Long enough for the longest window of the document, plus a day, in whole days. */
    static Duration retentionFor(SloDocument document) {
        Duration longest = Duration.ofDays(1);
        for (ServiceSpec s : document.services()) {
            for (ObjectiveSpec o : s.objectives()) {
                Window w = o.window();
                Duration length = w instanceof RollingWindow r ? r.length()
                        : ((CalendarWindow) w).lengthAt(System.currentTimeMillis()).plusDays(2);
                if (length.compareTo(longest) > 0) {
                    longest = length;
                }
            }
        }
        long days = (longest.toMillis() + 86_399_999L) / 86_400_000L + 1;
        return Duration.ofDays(days);
    }

    private void text(PrintWriter out, ReplayStats stats, long atMillis, List<ObjectiveReport> reports,
            Map<String, Map<Rejection, Long>> rejected) {
        out.println("sli report: " + config + " on " + data);
        out.println("read " + stats.events() + " events" + stats.first().map(f -> " from " + f + " to " + stats.last().get()).orElse("")
                + "; evaluated at " + Instant.ofEpochMilli(atMillis));
        rejected.forEach((sli, counts) -> out.println("rejected " + sli + ": " + counts.entrySet().stream()
                .map(c -> c.getValue() + " " + c.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                .collect(java.util.stream.Collectors.joining(", "))));
        for (ObjectiveReport r : reports) {
            SloStatus s = r.status();
            ObjectiveSpec spec = r.objective().spec();
            SliMeasurement m = s.measurement();
            out.println();
            out.println(r.objective().service() + "/" + spec.name() + "  " + spec.type() + "  " + spec.sli() + " ("
                    + r.objective().sli().kind().name().toLowerCase(Locale.ROOT) + ")  target " + percent(spec.target())
                    + "  " + describe(spec.window()) + "  " + s.objective().budgetingMethod().name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + spec.budgeting().sliceTarget().stream().mapToObj(t -> " >= " + percent(t)).findFirst().orElse(""));
            String unit = m.unit().name().toLowerCase(Locale.ROOT).replace('_', '-');
            out.println("  SLI      " + (s.ratio().isPresent() ? percent(s.ratio().getAsDouble()) : "no data") + "  "
                    + (s.hasData() ? (s.targetMet() ? "MET" : "MISSED") : "UNKNOWN") + "  (good " + amount(m.good()) + ", bad "
                    + amount(m.bad()) + ", unknown " + amount(m.unknown()) + " " + unit + "; unknown "
                    + missing(s.objective().missingDataPolicy()) + ")");
            ErrorBudget b = s.budget();
            if (b.isTimeBased()) {
                out.println(String.format(Locale.ROOT, "  budget   allowed %.2f min, consumed %.2f min (%.2f%%), remaining %.2f min",
                        b.allowedMinutes(), b.consumedMinutes(), 100 * b.consumedFraction(), b.remainingMinutes()));
            } else {
                out.println(String.format(Locale.ROOT, "  budget   allowed %s %s, consumed %s (%.2f%%), remaining %s",
                        amount(b.allowed()), unit, amount(b.consumed()), 100 * b.consumedFraction(), amount(b.remaining())));
            }
            AlertEvaluation alerts = s.alerts();
            if (alerts.tiers().isEmpty()) {
                out.println("  alerts   none configured");
            } else {
                StringBuilder line = new StringBuilder("  alerts   " + alerts.decision());
                for (AlertEvaluation.TierResult t : alerts.tiers()) {
                    line.append(String.format(Locale.ROOT, "  [%s %s/%s >= %s: %.2f/%.2f%s]",
                            t.tier().severity().name().toLowerCase(Locale.ROOT), human(t.tier().longWindow()),
                            human(t.tier().shortWindow()), trim(t.factor()), t.longBurn().rate(), t.shortBurn().rate(),
                            t.firing() ? (t.suppressed() ? " firing, suppressed" : " FIRING") : ""));
                }
                out.println(line);
            }
            if (spec.alertOpenPast().isPresent()) {
                List<WorkOpenItem> open = r.openTooLong();
                StringBuilder line = new StringBuilder("  open     " + open.size() + " open past " + human(spec.alertOpenPast().get())
                        + (open.isEmpty() ? "" : ": ALERT"));
                for (WorkOpenItem item : open) {
                    line.append("  ").append(item.id()).append(" (").append(human(Duration.ofMillis(item.ageMillis()))).append(")");
                }
                out.println(line);
            }
        }
    }

    private String json(ReplayStats stats, long atMillis, List<ObjectiveReport> reports,
            Map<String, Map<Rejection, Long>> rejected) {
        ObjectNode root = JSON.createObjectNode();
        root.put("config", config.toString());
        root.put("data", data.toString());
        root.put("events", stats.events());
        stats.first().ifPresent(f -> root.put("firstEvent", f.toString()));
        stats.last().ifPresent(l -> root.put("lastEvent", l.toString()));
        root.put("evaluatedAt", Instant.ofEpochMilli(atMillis).toString());
        ObjectNode rejectedNode = root.putObject("rejected");
        rejected.forEach((sli, counts) -> {
            ObjectNode n = rejectedNode.putObject(sli);
            counts.forEach((reason, count) -> n.put(reason.name(), count));
        });
        ArrayNode objectives = root.putArray("objectives");
        for (ObjectiveReport r : reports) {
            SloStatus s = r.status();
            ObjectiveSpec spec = r.objective().spec();
            ObjectNode o = objectives.addObject();
            o.put("service", r.objective().service());
            o.put("name", spec.name());
            o.put("type", spec.type().name());
            o.put("sli", spec.sli());
            o.put("kind", r.objective().sli().kind().name().toLowerCase(Locale.ROOT));
            o.put("target", spec.target());
            o.put("window", describe(spec.window()));
            o.put("budgeting", s.objective().budgetingMethod().name());
            o.put("spanStart", Instant.ofEpochMilli(s.span().startMillis()).toString());
            o.put("spanEnd", Instant.ofEpochMilli(s.span().endMillis()).toString());
            SliMeasurement m = s.measurement();
            ObjectNode mm = o.putObject("measurement");
            mm.put("unit", m.unit().name());
            mm.put("good", m.good());
            mm.put("bad", m.bad());
            mm.put("unknown", m.unknown());
            if (s.ratio().isPresent()) {
                o.put("ratio", s.ratio().getAsDouble());
            } else {
                o.putNull("ratio");
            }
            o.put("status", s.hasData() ? (s.targetMet() ? "MET" : "MISSED") : "UNKNOWN");
            ErrorBudget b = s.budget();
            ObjectNode bb = o.putObject("budget");
            bb.put("allowed", b.allowed());
            bb.put("consumed", b.consumed());
            bb.put("remaining", b.remaining());
            bb.put("consumedFraction", b.consumedFraction());
            if (b.isTimeBased()) {
                bb.put("allowedMinutes", b.allowedMinutes());
                bb.put("consumedMinutes", b.consumedMinutes());
                bb.put("remainingMinutes", b.remainingMinutes());
            }
            ObjectNode aa = o.putObject("alerts");
            aa.put("decision", s.alerts().decision().name());
            ArrayNode tiers = aa.putArray("tiers");
            for (AlertEvaluation.TierResult t : s.alerts().tiers()) {
                ObjectNode tt = tiers.addObject();
                tt.put("severity", t.tier().severity().name());
                tt.put("longWindow", human(t.tier().longWindow()));
                tt.put("shortWindow", human(t.tier().shortWindow()));
                tt.put("factor", t.factor());
                tt.put("longBurn", t.longBurn().rate());
                tt.put("shortBurn", t.shortBurn().rate());
                tt.put("firing", t.firing());
                tt.put("suppressed", t.suppressed());
            }
            if (spec.alertOpenPast().isPresent()) {
                ArrayNode open = o.putArray("openTooLong");
                for (WorkOpenItem item : r.openTooLong()) {
                    ObjectNode i = open.addObject();
                    i.put("id", item.id());
                    i.put("start", Instant.ofEpochMilli(item.startMillis()).toString());
                    i.put("ageMillis", item.ageMillis());
                }
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static String missing(dev.sli.core.slo.MissingDataPolicy policy) {
        switch (policy) {
            case GOOD:
                return "counted as good";
            case BAD:
                return "counted as bad";
            default:
                return "excluded";
        }
    }

    static String describe(Window w) {
        if (w instanceof RollingWindow r) {
            return "rolling " + human(r.length());
        }
        CalendarWindow c = (CalendarWindow) w;
        return "calendar " + c.length() + " from " + c.start() + " " + c.zone();
    }

    /** A duration as a person writes it: 3w, 1d, 6h, 30m, 2h30m, 1d4h, 45s. */
    static String human(Duration d) {
        long s = d.toSeconds();
        if (s >= 604_800 && s % 604_800 == 0) {
            return (s / 604_800) + "w";
        }
        if (s >= 86_400) {
            return (s / 86_400) + "d" + (s % 86_400 >= 3_600 ? (s % 86_400 / 3_600) + "h" : "");
        }
        if (s >= 3_600) {
            return (s / 3_600) + "h" + (s % 3_600 >= 60 ? (s % 3_600 / 60) + "m" : "");
        }
        if (s >= 60) {
            return (s / 60) + "m" + (s % 60 > 0 ? (s % 60) + "s" : "");
        }
        return s + "s";
    }

    static String percent(double fraction) {
        return trim(100 * fraction) + "%";
    }

    static String trim(double value) {
        String s = String.format(Locale.ROOT, "%.4f", value);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    static String amount(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : trim(value);
    }

    /** Reads {@code --at}. */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not an ISO-8601 instant such as 2024-01-03T00:00:00Z");
            }
        }
    }
}
