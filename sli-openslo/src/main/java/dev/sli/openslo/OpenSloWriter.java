package dev.sli.openslo;

import static dev.sli.openslo.Annotations.*;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sli.core.config.BudgetingSpec;
import dev.sli.core.config.ObjectiveSpec;
import dev.sli.core.config.ObjectiveType;
import dev.sli.core.config.ServiceSpec;
import dev.sli.core.config.SliKind;
import dev.sli.core.config.SliSpec;
import dev.sli.core.config.SloDocument;
import dev.sli.core.slo.AlertTier;
import dev.sli.core.source.LabelMatcher;
import dev.sli.core.source.Selector;
import dev.sli.core.source.SourceSpec;
import dev.sli.core.source.SourceSpec.Role;
import dev.sli.core.window.CalendarWindow;
import dev.sli.core.window.RollingWindow;
import dev.sli.core.window.Window;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes an {@link SloDocument} as OpenSLO v1 multi-document YAML: a Service per service, an SLI per
 * SLI, an SLO per objective, and an AlertCondition with its AlertPolicy per distinct burn-rate alert
 * tier; what OpenSLO cannot say goes into {@code sli.dev/} annotations, so that {@link OpenSloReader}
 * reads back the same document. Stateless and thread-safe; throws {@link IllegalArgumentException}
 * naming the object and field when the document holds something OpenSLO cannot carry (a name that is
 * not an RFC 1123 label, a window or slice that is not whole minutes, hours, days or weeks).
 */
public final class OpenSloWriter {

    private static final Pattern RFC1123 = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final int MAX_DESCRIPTION = 1050;
    private static final String HEADER = "# OpenSLO v1, written by sli. Annotations under sli.dev/ carry what OpenSLO"
            + " cannot say;\n# sli-openslo/README.md lists them.\n";
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .stringQuotingChecker(new DateQuoting()).build())
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenSloWriter() {
    }

    /** Also quotes strings that YAML 1.1 readers would take for dates or times ("2024-09-01"). */
    private static final class DateQuoting extends StringQuotingChecker.Default {
        private static final long serialVersionUID = 1L;
        private static final Pattern DATE_LIKE = Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*");

        @Override
        public boolean needToQuoteValue(String value) {
            return DATE_LIKE.matcher(value).matches() || super.needToQuoteValue(value);
        }
    }

    /**
     * {@code document} as OpenSLO v1 YAML, documents separated by {@code ---}.
     *
     * @throws IllegalArgumentException if OpenSLO cannot carry part of it; the message names what and why
     */
    public static String write(SloDocument document) {
        Objects.requireNonNull(document, "document");
        List<ObjectNode> objects = objects(document);
        StringBuilder out = new StringBuilder(HEADER);
        for (int i = 0; i < objects.size(); i++) {
            if (i > 0) {
                out.append("---\n");
            }
            try {
                out.append(YAML.writeValueAsString(objects.get(i)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write YAML", e);
            }
        }
        return out.toString();
    }

    /**
     * Writes {@code document} as OpenSLO v1 YAML to {@code out} (which is not closed).
     *
     * @throws IllegalArgumentException if OpenSLO cannot carry part of it
     * @throws IOException if writing fails
     */
    public static void write(SloDocument document, Writer out) throws IOException {
        out.write(write(document));
        out.flush();
    }

    private static List<ObjectNode> objects(SloDocument document) {
        List<ObjectNode> services = new ArrayList<>();
        List<ObjectNode> slis = new ArrayList<>();
        List<ObjectNode> slos = new ArrayList<>();
        Map<String, String> sliOwners = new HashMap<>();
        Map<String, String> sloOwners = new HashMap<>();
        Alerts alerts = new Alerts();
        for (int s = 0; s < document.services().size(); s++) {
            ServiceSpec service = document.services().get(s);
            String where = "service " + service.name();
            name(service.name(), where);
            ObjectNode svc = object("Service", service.name());
            ObjectNode annotations = NODES.objectNode();
            if (s == 0) {
                document.reviewEvery().ifPresent(p -> annotations.put(REVIEW_EVERY, p.toString()));
                document.nextReview().ifPresent(d -> annotations.put(NEXT_REVIEW, d.toString()));
                document.assumption().ifPresent(a -> annotations.put(DOCUMENT_ASSUMPTION, a));
            }
            service.assumption().ifPresent(a -> annotations.put(ASSUMPTION, a));
            annotate(svc, annotations);
            ObjectNode spec = svc.putObject("spec");
            service.description().ifPresent(d -> spec.put("description", description(d, where)));
            services.add(svc);
            for (SliSpec sli : service.slis()) {
                unique(sliOwners, sli.name(), service.name(), "SLI");
                boolean used = service.objectives().stream().anyMatch(o -> o.sli().equals(sli.name()));
                slis.add(sli(sli, used ? null : service.name()));
            }
            for (ObjectiveSpec objective : service.objectives()) {
                unique(sloOwners, objective.name(), service.name(), "objective");
                slos.add(slo(objective, service, alerts));
            }
        }
        List<ObjectNode> all = new ArrayList<>(services);
        all.addAll(slis);
        all.addAll(slos);
        all.addAll(alerts.objects);
        return all;
    }

    /** OpenSLO names are global per kind; sli's are per service. */
    private static void unique(Map<String, String> owners, String name, String service, String what) {
        String other = owners.putIfAbsent(name, service);
        if (other != null) {
            throw new IllegalArgumentException("the " + what + " name " + Text.quote(name) + " is used in services "
                    + Text.quote(other) + " and " + Text.quote(service) + "; OpenSLO names are unique per kind across the file");
        }
    }

    private static String name(String name, String where) {
        if (!RFC1123.matcher(name).matches()) {
            throw new IllegalArgumentException(where + ": the name " + Text.quote(name) + " is not an OpenSLO name (RFC 1123: "
                    + "at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)");
        }
        return name;
    }

    private static String description(String text, String where) {
        if (text.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException(where + ": description has " + text.length() + " characters; OpenSLO allows "
                    + MAX_DESCRIPTION);
        }
        return text;
    }

    private static ObjectNode object(String kind, String name) {
        ObjectNode node = NODES.objectNode();
        node.put("apiVersion", OpenSloReader.API_VERSION);
        node.put("kind", kind);
        node.putObject("metadata").put("name", name);
        return node;
    }

    private static void annotate(ObjectNode object, ObjectNode annotations) {
        if (!annotations.isEmpty()) {
            ((ObjectNode) object.get("metadata")).set("annotations", annotations);
        }
    }

    // SLIs

    private static ObjectNode sli(SliSpec sli, String unusedByService) {
        String where = sli.toString();
        ObjectNode node = object("SLI", name(sli.name(), where));
        ObjectNode a = NODES.objectNode();
        if (unusedByService != null) {
            a.put(SERVICE, unusedByService);
        }
        SliKind kind = sli.kind();
        if (kind != SliKind.OUTCOME && kind != SliKind.LATENCY) {
            a.put(KIND, kind.name().toLowerCase(Locale.ROOT));
        }
        if (!sli.labels().isEmpty()) {
            List<LabelMatcher> matchers = new ArrayList<>();
            sli.labels().forEach((label, value) -> matchers.add(LabelMatcher.equal(label, value)));
            String selector = Selector.of(null, matchers).toString();
            a.put(LABELS, selector.substring(1, selector.length() - 1));
        }
        sli.threshold().ifPresent(t -> a.put(THRESHOLD, configDuration(t)));
        sli.quantile().ifPresent(q -> a.put(QUANTILE, BigDecimal.valueOf(q).toPlainString()));
        if (!sli.workloads().isEmpty()) {
            a.put(WORKLOADS, String.join(", ", sli.workloads()));
        }
        sli.availability().ifPresent(m -> a.put(AVAILABILITY, m.name().toLowerCase(Locale.ROOT)));
        sli.staleAfter().ifPresent(d -> a.put(STALE_AFTER, configDuration(d)));
        sli.check().ifPresent(c -> a.put(CHECK, c));
        sli.interval().ifPresent(d -> a.put(INTERVAL, configDuration(d)));
        SourceSpec source = sli.source().orElse(null);
        ObjectNode spec = NODES.objectNode();
        sli.description().ifPresent(d -> spec.put("description", description(d, where)));
        switch (kind) {
            case OUTCOME: {
                ObjectNode ratio = spec.putObject("ratioMetric");
                ratio.put("counter", true);
                if (source == null) {
                    ratio.set("good", metric(null));
                    ratio.set("total", metric(null));
                } else {
                    Selector total = source.selector(Role.TOTAL).orElseThrow();
                    Role part = source.selector(Role.GOOD).isPresent() ? Role.GOOD : Role.BAD;
                    ratio.set(part.configName(), metric(absolute(total, source.selector(part).orElseThrow())));
                    ratio.set("total", metric(total));
                }
                break;
            }
            case READINESS: {
                ObjectNode ratio = spec.putObject("ratioMetric");
                ratio.put("counter", false);
                ratio.set("good", metric(source == null ? null : source.selector(Role.READY).orElseThrow()));
                ratio.set("total", metric(source == null ? null : source.selector(Role.DESIRED).orElseThrow()));
                if (source != null && !source.workloadLabel().equals(SourceSpec.DEFAULT_WORKLOAD_LABEL)) {
                    a.put(SOURCE_WORKLOAD_LABEL, source.workloadLabel());
                }
                break;
            }
            case LATENCY: {
                Selector query = null;
                if (source != null) {
                    for (Role role : List.of(Role.HISTOGRAM, Role.GAUGE, Role.TIMER)) {
                        if (source.selector(role).isPresent()) {
                            query = source.selector(role).get();
                            if (role != Role.HISTOGRAM) {
                                a.put(SOURCE_ROLE, role.configName());
                            }
                        }
                    }
                    source.unit().ifPresent(u -> a.put(SOURCE_UNIT, u));
                    source.selector(Role.BAD).ifPresent(s -> a.put(SOURCE_BAD, s.toString()));
                }
                spec.set("thresholdMetric", metric(query));
                break;
            }
            case PROBE:
                spec.set("thresholdMetric", metric(source == null ? null : source.selector(Role.UP).orElseThrow()));
                break;
            default:
                if (source != null) {
                    a.put(SOURCE_STARTED, source.selector(Role.STARTED).orElseThrow().toString());
                    if (!source.idLabel().equals(SourceSpec.DEFAULT_ID_LABEL)) {
                        a.put(SOURCE_ID_LABEL, source.idLabel());
                    }
                }
                spec.set("thresholdMetric", metric(source == null ? null : source.selector(Role.FINISHED).orElseThrow()));
                break;
        }
        sli.assumption().ifPresent(t -> a.put(ASSUMPTION, t));
        annotate(node, a);
        node.set("spec", spec);
        return node;
    }

    /** sli's good or bad selector (matchers added to the total's) as the full selector OpenSLO's query is. */
    private static Selector absolute(Selector total, Selector part) {
        List<LabelMatcher> matchers = new ArrayList<>(total.matchers());
        matchers.addAll(part.matchers());
        return Selector.of(part.metric().orElse(total.metric().orElse(null)), matchers);
    }

    /** {@code {metricSource: {type: Prometheus, spec: {query: …}}}}, or type sli when there is no selector. */
    private static ObjectNode metric(Selector selector) {
        ObjectNode node = NODES.objectNode();
        ObjectNode source = node.putObject("metricSource");
        if (selector == null) {
            source.put("type", EMBEDDED_SOURCE);
        } else {
            source.put("type", "Prometheus");
            source.putObject("spec").put("query", selector.toString());
        }
        return node;
    }

    // SLOs

    private static ObjectNode slo(ObjectiveSpec objective, ServiceSpec service, Alerts alerts) {
        String where = "objective " + objective.name();
        ObjectNode node = object("SLO", name(objective.name(), where));
        SliSpec sli = service.sliOf(objective);
        ObjectNode a = NODES.objectNode();
        if (objective.type() == ObjectiveType.SLA) {
            a.put(TYPE, objective.type().name());
        }
        a.put(MISSING_DATA, objective.missingData().name().toLowerCase(Locale.ROOT));
        objective.statedAllowance().ifPresent(s -> {
            a.put(STATED_ALLOWANCE, s.amount());
            s.text().ifPresent(t -> a.put(STATED_ALLOWANCE_TEXT, t));
        });
        objective.alertOpenPast().ifPresent(d -> a.put(ALERT_OPEN_PAST, configDuration(d)));
        objective.assumption().ifPresent(t -> a.put(ASSUMPTION, t));
        annotate(node, a);
        ObjectNode spec = node.putObject("spec");
        objective.description().ifPresent(d -> spec.put("description", description(d, where)));
        spec.put("service", service.name());
        spec.put("indicatorRef", sli.name());
        spec.set("timeWindow", NODES.arrayNode().add(window(objective.window(), where)));
        BudgetingSpec budgeting = objective.budgeting();
        spec.put("budgetingMethod", switch (budgeting.method()) {
            case OCCURRENCES -> "Occurrences";
            case TIMESLICES -> "Timeslices";
            case RATIO_TIMESLICES -> "RatioTimeslices";
        });
        ObjectNode o = NODES.objectNode();
        if (sli.kind().hasThreshold()) {
            Duration threshold = objective.threshold().or(sli::threshold).orElse(null);
            if (threshold != null) {
                o.put("op", "lte");
                BigDecimal nanos = BigDecimal.valueOf(threshold.toNanos());
                BigDecimal value = nanos.divide(BigDecimal.valueOf(OpenSloReader.nanosPerUnit(sli)), MathContext.DECIMAL64)
                        .stripTrailingZeros();
                o.put("value", value.scale() < 0 ? value.setScale(0) : value);
            }
        } else if (sli.kind() == SliKind.PROBE) {
            o.put("op", "gte");
            o.put("value", 1);
        }
        o.put("target", decimal(objective.target()));
        budgeting.sliceTarget().ifPresent(t -> o.put("timeSliceTarget", decimal(t)));
        budgeting.slice().ifPresent(s -> o.put("timeSliceWindow", shorthand(s, where + " timeSliceWindow")));
        spec.putArray("objectives").add(o);
        if (!objective.alerts().isEmpty()) {
            ArrayNode policies = spec.putArray("alertPolicies");
            for (AlertTier tier : objective.alerts()) {
                policies.addObject().put("alertPolicyRef", alerts.policy(tier, objective, where));
            }
        }
        return node;
    }

    private static ObjectNode window(Window window, String where) {
        ObjectNode node = NODES.objectNode();
        if (window instanceof RollingWindow rolling) {
            node.put("duration", shorthand(rolling.length(), where + " window"));
            node.put("isRolling", true);
        } else {
            CalendarWindow calendar = (CalendarWindow) window;
            node.put("duration", shorthand(calendar.length(), where + " window"));
            node.put("isRolling", false);
            ObjectNode c = node.putObject("calendar");
            c.put("startTime", calendar.start() + " 00:00:00");
            c.put("timeZone", calendar.zone().getId());
        }
        return node;
    }

    /** The shortest decimal that reads back as {@code value}: 0.99, 1. */
    private static BigDecimal decimal(double value) {
        BigDecimal d = BigDecimal.valueOf(value).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    /** The largest OpenSLO unit that states {@code d} exactly: "3w", "90m". */
    private static String shorthand(Duration d, String where) {
        long minutes = d.toMinutes();
        if (d.isNegative() || d.isZero() || !Duration.ofMinutes(minutes).equals(d)) {
            throw new IllegalArgumentException(where + ": " + configDuration(d)
                    + " is not a whole number of minutes, the smallest unit of OpenSLO durations");
        }
        long[] per = {7 * 24 * 60, 24 * 60, 60, 1};
        String[] units = {"w", "d", "h", "m"};
        for (int i = 0; i < per.length; i++) {
            if (minutes % per[i] == 0) {
                return minutes / per[i] + units[i];
            }
        }
        throw new AssertionError();
    }

    private static String shorthand(Period p, String where) {
        if (p.getYears() != 0 && p.getMonths() == 0 && p.getDays() == 0) {
            return p.getYears() + "Y";
        }
        if (p.getDays() == 0) {
            long months = p.toTotalMonths();
            return months % 3 == 0 ? months / 3 + "Q" : months + "M";
        }
        if (p.getYears() == 0 && p.getMonths() == 0) {
            return p.getDays() % 7 == 0 ? p.getDays() / 7 + "w" : p.getDays() + "d";
        }
        throw new IllegalArgumentException(where + ": the calendar period " + p
                + " mixes days with months or years, which one OpenSLO duration cannot say");
    }

    // Alerts

    /** The AlertConditions and AlertPolicies written so far, one per distinct tier and burn rate. */
    private static final class Alerts {
        /** Each AlertCondition followed by its AlertPolicy. */
        final List<ObjectNode> objects = new ArrayList<>();
        final Map<String, String> names = new LinkedHashMap<>();

        /** The name of the policy for {@code tier} on {@code objective}, written if new. */
        String policy(AlertTier tier, ObjectiveSpec objective, String where) {
            Duration period = OpenSloReader.fixedLength(objective.window());
            if (period == null) {
                throw new IllegalArgumentException(where + ": burn-rate alerts on a calendar window of months or years have no "
                        + "fixed burn rate to write as an OpenSLO threshold");
            }
            BigDecimal fraction = BigDecimal.valueOf(tier.budgetFraction());
            BigDecimal rate = fraction.multiply(BigDecimal.valueOf(period.toMillis()))
                    .divide(BigDecimal.valueOf(tier.longWindow().toMillis()), MathContext.DECIMAL64).stripTrailingZeros();
            String severity = tier.severity().name().toLowerCase(Locale.ROOT);
            String lookback = shorthand(tier.longWindow(), where + " alert longWindow");
            String key = severity + "|" + fraction.toPlainString() + "|" + lookback + "|" + configDuration(tier.shortWindow())
                    + "|" + rate.toPlainString();
            String existing = names.get(key);
            if (existing != null) {
                return existing;
            }
            String base = "burn-" + severity + "-" + lookback.toLowerCase(Locale.ROOT) + "-"
                    + configDuration(tier.shortWindow()).toLowerCase(Locale.ROOT);
            String name = base;
            for (int n = 2; names.containsValue(name); n++) {
                name = base + "-" + n;
            }
            names.put(key, name);
            ObjectNode condition = object("AlertCondition", name);
            ObjectNode a = NODES.objectNode();
            a.put(BUDGET_FRACTION, fraction.toPlainString());
            a.put(SHORT_WINDOW, configDuration(tier.shortWindow()));
            annotate(condition, a);
            ObjectNode spec = condition.putObject("spec");
            spec.put("description", "Burn rate over " + lookback + " and " + configDuration(tier.shortWindow())
                    + " that spends " + fraction.movePointRight(2).stripTrailingZeros().toPlainString() + " % of the budget of "
                    + shorthand(period, where) + " within " + lookback);
            spec.put("severity", severity);
            ObjectNode c = spec.putObject("condition");
            c.put("kind", "burnrate");
            c.put("op", "gte");
            c.put("threshold", rate);
            c.put("lookbackWindow", lookback);
            c.put("alertAfter", "0m");
            objects.add(condition);
            ObjectNode policy = object("AlertPolicy", name);
            ObjectNode p = policy.putObject("spec");
            p.put("alertWhenBreaching", true);
            p.put("alertWhenResolved", false);
            p.put("alertWhenNoData", false);
            p.putArray("conditions").addObject().put("conditionRef", name);
            p.putArray("notificationTargets");
            objects.add(policy);
            return name;
        }
    }

    // Durations in the config's notation

    /** {@code d} in the JSON config's notation ("3w", "1h30m"). */
    static String configDuration(Duration d) {
        return dev.sli.core.config.Durations.format(d);
    }
}
