package dev.sli.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sli.core.config.ObjectiveSpec;
import dev.sli.core.config.ServiceSpec;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.Rejection;
import dev.sli.core.record.WorkOpenItem;
import dev.sli.core.registry.ObjectiveReport;
import dev.sli.core.slo.AlertEvaluation;
import dev.sli.core.slo.BudgetProjection;
import dev.sli.core.slo.Coverage;
import dev.sli.core.slo.ErrorBudget;
import dev.sli.core.slo.SliMeasurement;
import dev.sli.core.slo.SloStatus;
import dev.sli.core.slo.Verdict;
import dev.sli.core.window.CalendarWindow;
import dev.sli.core.window.RollingWindow;
import dev.sli.core.window.Window;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * What {@code sli report} and {@code sli replay} share once a registry holds the data: the retention a
 * config needs, and the evaluated objectives printed as text or added to a JSON answer (one schema for
 * both commands). Stateless; any thread.
 */
final class ObjectiveOutput {

    /**
     * Every command's JSON writer, indented; besides the C0 controls JSON requires escaped, it escapes DEL,
     * the C1 controls and U+2028/U+2029 as {@code \\uNNNN}, so that JSON on a terminal carries no control
     * character from input either.
     */
    static final ObjectMapper JSON = jsonMapper();

    private static ObjectMapper jsonMapper() {
        com.fasterxml.jackson.core.JsonFactory factory = new com.fasterxml.jackson.core.JsonFactory();
        factory.setCharacterEscapes(new TerminalEscapes());
        return new ObjectMapper(factory).enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Jackson's standard escapes plus DEL, C1 and the Unicode line and paragraph separators. */
    private static final class TerminalEscapes extends com.fasterxml.jackson.core.io.CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] table = standardAsciiEscapesForJSON();

        TerminalEscapes() {
            table[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
            if ((ch >= 0x80 && ch < 0xa0) || ch == 0x2028 || ch == 0x2029) {
                return new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }

    private ObjectiveOutput() {
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

    /** Rejected samples per SLI, then every objective's block: verdict, SLI, coverage, budget, forecast, alerts. */
    static void text(PrintWriter out, List<ObjectiveReport> reports, Map<String, Map<Rejection, Long>> rejected) {
        rejected.forEach((sli, counts) -> out.println("rejected " + Terminal.safe(sli) + ": " + counts.entrySet().stream()
                .map(c -> c.getValue() + " " + c.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                .collect(java.util.stream.Collectors.joining(", "))));
        for (ObjectiveReport r : reports) {
            SloStatus s = r.status();
            ObjectiveSpec spec = r.objective().spec();
            SliMeasurement m = s.measurement();
            out.println();
            out.println(Terminal.safe(r.objective().service() + "/" + spec.name()) + "  " + spec.type() + "  " + Terminal.safe(spec.sli()) + " ("
                    + r.objective().sli().kind().name().toLowerCase(Locale.ROOT) + ")  target " + percent(spec.target())
                    + "  " + describe(spec.window()) + "  " + s.objective().budgetingMethod().name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + spec.budgeting().sliceTarget().stream().mapToObj(t -> " >= " + percent(t)).findFirst().orElse(""));
            String unit = m.unit().name().toLowerCase(Locale.ROOT).replace('_', '-');
            out.println("  verdict  " + s.verdict() + "  (" + because(s.verdict()) + ")");
            out.println("  SLI      " + (s.ratio().isPresent() ? percent(s.ratio().getAsDouble()) : "no data")
                    + "  (good " + amount(m.good()) + ", bad " + amount(m.bad()) + ", unknown " + amount(m.unknown()) + " "
                    + unit + "; unknown " + missing(s.objective().missingDataPolicy()) + ")");
            Coverage c = s.coverage();
            out.println("  coverage " + c.describe() + c.observedSpan().map(o -> ", " + Instant.ofEpochMilli(o.startMillis())
                    + " to " + Instant.ofEpochMilli(o.endMillis())).orElse(""));
            ErrorBudget b = s.budget();
            if (b.isTimeBased()) {
                out.println(String.format(Locale.ROOT, "  budget   allowed %.2f min, consumed %.2f min (%s), remaining %.2f min",
                        b.allowedMinutes(), b.consumedMinutes(), budgetPercent(b.consumedFraction(), b.isOverspent()),
                        b.remainingMinutes()));
            } else {
                out.println(String.format(Locale.ROOT, "  budget   allowed %s %s, consumed %s (%s), remaining %s",
                        amount(b.allowed()), unit, amount(b.consumed()), budgetPercent(b.consumedFraction(), b.isOverspent()),
                        amount(b.remaining())));
            }
            BudgetProjection p = s.projection();
            if (!c.isEmpty() && p.undecidedMillis() > 0) {
                String consumed = p.isTimeBased()
                        ? String.format(Locale.ROOT, "%.2f of %.2f min", p.consumedMinutes(), p.allowedMinutes())
                        : amount(p.consumed()) + " of " + amount(p.allowed()) + " " + unit;
                out.println("  forecast " + consumed + " (" + budgetPercent(p.consumedFraction(), p.isOverspent())
                        + ") by the end of the window at the current burn"
                        + p.timeToExhaustion().map(d -> "; exhausted in " + span(d)).orElse(""));
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
                    line.append("  ").append(Terminal.message(item.id())).append(" (").append(human(Duration.ofMillis(item.ageMillis()))).append(")");
                }
                out.println(line);
            }
        }
    }

    /** Adds {@code rejected} and {@code objectives} (schema as {@code sli report}'s) to {@code root}. */
    static void json(ObjectNode root, List<ObjectiveReport> reports, Map<String, Map<Rejection, Long>> rejected) {
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
            o.put("verdict", s.verdict().name());
            Coverage c = s.coverage();
            ObjectNode cc = o.putObject("coverage");
            cc.put("windowStart", Instant.ofEpochMilli(c.window().startMillis()).toString());
            cc.put("windowEnd", Instant.ofEpochMilli(c.window().endMillis()).toString());
            cc.put("observedMillis", c.observedMillis());
            if (c.observedSpan().isPresent()) {
                cc.put("observedStart", Instant.ofEpochMilli(c.observedSpan().get().startMillis()).toString());
                cc.put("observedEnd", Instant.ofEpochMilli(c.observedSpan().get().endMillis()).toString());
            } else {
                cc.putNull("observedStart");
                cc.putNull("observedEnd");
            }
            cc.put("complete", c.isComplete());
            cc.put("text", c.describe());
            ErrorBudget b = s.budget();
            ObjectNode bb = o.putObject("budget");
            bb.put("allowed", b.allowed());
            bb.put("consumed", b.consumed());
            bb.put("remaining", b.remaining());
            bb.put("consumedFraction", b.consumedFraction());
            bb.put("overspent", b.isOverspent());
            if (b.isTimeBased()) {
                bb.put("allowedMinutes", b.allowedMinutes());
                bb.put("consumedMinutes", b.consumedMinutes());
                bb.put("remainingMinutes", b.remainingMinutes());
            }
            BudgetProjection p = s.projection();
            ObjectNode pp = o.putObject("projection");
            pp.put("undecidedMillis", p.undecidedMillis());
            pp.put("allowed", p.allowed());
            pp.put("consumed", p.consumed());
            pp.put("consumedFraction", p.consumedFraction());
            pp.put("overspent", p.isOverspent());
            if (p.isTimeBased()) {
                pp.put("allowedMinutes", p.allowedMinutes());
                pp.put("consumedMinutes", p.consumedMinutes());
            }
            if (p.timeToExhaustion().isPresent()) {
                pp.put("timeToExhaustionMillis", p.timeToExhaustion().get().toMillis());
            } else {
                pp.putNull("timeToExhaustionMillis");
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
    }

    /**
     * Writes the HTML report of {@code registry} at {@code atMillis} to {@code file} ({@code --html}) and prints
     * {@code report written to FILE} on {@code out}; returns 0, or 2 after one line on {@code err} naming the file
     * when it cannot be written.
     */
    static int html(java.nio.file.Path file, dev.sli.core.registry.SliRegistry registry, long atMillis, String title,
            List<dev.sli.core.config.Finding> findings, List<String> notes, PrintWriter out, PrintWriter err) {
        return html(file, registry, atMillis, title, findings, notes, List.of(), out, err);
    }

    /** As above, with the dashboard-parity pairs of {@code sli parity} in the report's parity table. */
    static int html(java.nio.file.Path file, dev.sli.core.registry.SliRegistry registry, long atMillis, String title,
            List<dev.sli.core.config.Finding> findings, List<String> notes, List<dev.sli.cli.html.ParityRow> parity,
            PrintWriter out, PrintWriter err) {
        return html(file, registry, atMillis, title, findings, notes, parity, java.util.Map.of(), out, err);
    }

    /** As above, with single-workload readiness series drawn under the SLIs in the availability timeline. */
    static int html(java.nio.file.Path file, dev.sli.core.registry.SliRegistry registry, long atMillis, String title,
            List<dev.sli.core.config.Finding> findings, List<String> notes, List<dev.sli.cli.html.ParityRow> parity,
            java.util.Map<String, dev.sli.core.record.Series> workloads, PrintWriter out, PrintWriter err) {
        dev.sli.cli.html.HtmlReport.Builder b = dev.sli.cli.html.HtmlReport.builder(registry, atMillis).title(title).findings(findings)
                .parity(parity).workloads(workloads);
        notes.forEach(b::note);
        try {
            b.build().writeTo(file);
        } catch (java.io.IOException e) {
            err.println(title.split(":")[0] + ": cannot write " + Terminal.safe(file.toString()) + ": "
                    + Terminal.safe(String.valueOf(e.getMessage())));
            err.flush();
            return 2;
        }
        out.println("report written to " + Terminal.safe(file.toString()));
        out.flush();
        return 0;
    }

    /** Why the verdict is what it is, in a few words. */
    static String because(Verdict verdict) {
        switch (verdict) {
            case MET:
                return "whole window observed, budget not overspent";
            case MISSED:
                return "budget overspent";
            case AT_RISK:
                return "window not completely observed; at the current burn the budget is overspent by its end";
            case ON_TRACK:
                return "window not completely observed; at the current burn the budget lasts to its end";
            default:
                return "nothing observed in the window";
        }
    }

    /**
     * A consumed fraction as a percentage to two decimals, rounded so that it shows above 100.00 % exactly
     * when the budget is overspent (a hair over 100 % rounds up, never down to 100.00 %).
     */
    static String budgetPercent(double fraction, boolean overspent) {
        if (Double.isInfinite(fraction)) {
            return "no allowance";
        }
        return new BigDecimal(fraction).movePointRight(2)
                .setScale(2, overspent ? RoundingMode.CEILING : RoundingMode.HALF_UP).toPlainString() + "%";
    }

    /** A duration to one decimal in days, hours or minutes: 17.5 d, 6.0 h, 42 min. */
    static String span(Duration d) {
        long ms = d.toMillis();
        if (ms >= 2 * 86_400_000L) {
            return String.format(Locale.ROOT, "%.1f d", ms / 86_400_000.0);
        }
        if (ms >= 2 * 3_600_000L) {
            return String.format(Locale.ROOT, "%.1f h", ms / 3_600_000.0);
        }
        return String.format(Locale.ROOT, "%.0f min", ms / 60_000.0);
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

    /** The earliest instant {@code --at} takes: years before 0000 are of no use and risk overflow. */
    static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    /** The latest instant {@code --at} takes. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    /** Reads {@code --at}: an ISO-8601 instant within {@link #EARLIEST} to {@link #LATEST}. */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            Instant instant;
            try {
                instant = Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException(Terminal.excerpt(value) + " is not an ISO-8601 instant such as 2024-01-03T00:00:00Z");
            }
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw new TypeConversionException(Terminal.excerpt(value) + " is out of range: give an instant from " + EARLIEST
                        + " to " + LATEST);
            }
            return instant;
        }
    }
}
