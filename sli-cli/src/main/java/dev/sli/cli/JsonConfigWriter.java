package dev.sli.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sli.core.config.BudgetingSpec;
import dev.sli.core.config.ObjectiveSpec;
import dev.sli.core.config.ServiceSpec;
import dev.sli.core.config.SliKind;
import dev.sli.core.config.SliSpec;
import dev.sli.core.config.SloDocument;
import dev.sli.core.slo.AlertTier;
import dev.sli.core.window.CalendarWindow;
import dev.sli.core.window.RollingWindow;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Period;
import java.util.Locale;

/**
 * Writes an {@link SloDocument} as sli's JSON config (format 1), fields in the order the format lists
 * them, so that {@code ConfigReader} reads back the same document. Stateless and thread-safe.
 */
final class JsonConfigWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private JsonConfigWriter() {
    }

    /** The document as indented JSON text, ending in a newline. */
    static String write(SloDocument document) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", document.format());
        document.reviewEvery().ifPresent(p -> root.put("reviewEvery", p.toString()));
        document.nextReview().ifPresent(d -> root.put("nextReview", d.toString()));
        document.assumption().ifPresent(a -> root.put("assumption", a));
        for (ServiceSpec service : document.services()) {
            ObjectNode s = root.withArray("services").addObject();
            s.put("name", service.name());
            service.description().ifPresent(d -> s.put("description", d));
            service.assumption().ifPresent(a -> s.put("assumption", a));
            service.slis().forEach(sli -> sli(s.withArray("slis").addObject(), sli));
            service.objectives().forEach(o -> objective(s.withArray("objectives").addObject(), o));
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static void sli(ObjectNode n, SliSpec sli) {
        n.put("name", sli.name());
        n.put("kind", sli.kind().name().toLowerCase(Locale.ROOT));
        sli.description().ifPresent(d -> n.put("description", d));
        if (!sli.labels().isEmpty()) {
            ObjectNode labels = n.putObject("labels");
            sli.labels().forEach(labels::put);
        }
        sli.threshold().ifPresent(t -> n.put("threshold", duration(t)));
        sli.quantile().ifPresent(q -> n.put("quantile", decimal(q)));
        if (!sli.workloads().isEmpty()) {
            sli.workloads().forEach(w -> n.withArray("workloads").add(w));
        }
        sli.availability().ifPresent(a -> n.put("availability", a.name().toLowerCase(Locale.ROOT)));
        sli.staleAfter().ifPresent(d -> n.put("staleAfter", duration(d)));
        sli.check().ifPresent(c -> n.put("check", c));
        sli.interval().ifPresent(d -> n.put("interval", duration(d)));
        sli.assumption().ifPresent(a -> n.put("assumption", a));
        sli.source().ifPresent(source -> {
            ObjectNode s = n.putObject("source");
            source.selectors().forEach((role, selector) -> s.put(role.configName(), selector.toString()));
            source.unit().ifPresent(u -> s.put("unit", u));
            if (sli.kind() == SliKind.READINESS) {
                s.put("workloadLabel", source.workloadLabel());
            }
            if (sli.kind() == SliKind.WORK) {
                s.put("idLabel", source.idLabel());
            }
        });
    }

    private static void objective(ObjectNode n, ObjectiveSpec o) {
        n.put("name", o.name());
        n.put("type", o.type().name());
        n.put("sli", o.sli());
        o.description().ifPresent(d -> n.put("description", d));
        n.put("target", decimal(o.target()));
        o.threshold().ifPresent(t -> n.put("threshold", duration(t)));
        ObjectNode window = n.putObject("window");
        if (o.window() instanceof RollingWindow rolling) {
            window.put("rolling", duration(rolling.length()));
        } else {
            CalendarWindow calendar = (CalendarWindow) o.window();
            window.put("calendar", period(calendar.length()));
            window.put("start", calendar.start().toString());
            window.put("zone", calendar.zone().getId());
        }
        BudgetingSpec b = o.budgeting();
        ObjectNode budgeting = n.putObject("budgeting");
        budgeting.put("method", switch (b.method()) {
            case OCCURRENCES -> "occurrences";
            case TIMESLICES -> "timeslices";
            case RATIO_TIMESLICES -> "ratioTimeslices";
        });
        b.sliceTarget().ifPresent(t -> budgeting.put("sliceTarget", decimal(t)));
        b.slice().ifPresent(s -> budgeting.put("slice", duration(s)));
        n.put("missingData", o.missingData().name().toLowerCase(Locale.ROOT));
        o.statedAllowance().ifPresent(s -> {
            ObjectNode a = n.putObject("statedAllowance");
            a.put("duration", s.amount());
            s.text().ifPresent(t -> a.put("text", t));
        });
        for (AlertTier tier : o.alerts()) {
            ObjectNode t = n.withArray("alerts").addObject();
            t.put("severity", tier.severity().name().toLowerCase(Locale.ROOT));
            t.put("budgetFraction", decimal(tier.budgetFraction()));
            t.put("longWindow", duration(tier.longWindow()));
            t.put("shortWindow", duration(tier.shortWindow()));
        }
        o.alertOpenPast().ifPresent(d -> n.put("alertOpenPast", duration(d)));
        o.assumption().ifPresent(a -> n.put("assumption", a));
    }

    /** The shortest decimal that reads back as {@code value}: 0.99, 1. */
    private static BigDecimal decimal(double value) {
        BigDecimal d = BigDecimal.valueOf(value).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    /** A calendar period: whole days as "21d" (weeks as "3w"), anything else as ISO-8601 ("P1M"). */
    private static String period(Period p) {
        if (p.getYears() == 0 && p.getMonths() == 0) {
            return p.getDays() % 7 == 0 ? p.getDays() / 7 + "w" : p.getDays() + "d";
        }
        return p.toString();
    }

    /** {@code d} in the config's notation ("3w", "1h30m"). */
    static String duration(Duration d) {
        return dev.sli.core.config.Durations.format(d);
    }
}
