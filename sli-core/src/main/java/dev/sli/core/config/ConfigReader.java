package dev.sli.core.config;

import dev.sli.core.slo.AlertTier;
import dev.sli.core.slo.MissingDataPolicy;
import dev.sli.core.source.Selector;
import dev.sli.core.source.SourceSpec;
import dev.sli.core.window.Window;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an {@link SloDocument} from JSON. Every value is checked on its own (type, range, format) and
 * every field must be known; all errors found are thrown together in one {@link ConfigException},
 * each naming the file, line, column, JSON path, value and rule. How the objects fit together is
 * {@link Lint}'s job, except that each objective must name an SLI of its service. Stateless and
 * thread-safe.
 */
public final class ConfigReader {

    private static final Pattern PERCENT = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*%\\s*");

    private final Problems problems;

    private ConfigReader(Problems problems) {
        this.problems = problems;
    }

    /**
     * Reads the config file {@code file} (UTF-8); errors name the file as given.
     *
     * @throws ConfigException if the file is not a valid config
     * @throws IOException if it cannot be read
     */
    public static SloDocument read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString());
        }
    }

    /**
     * Reads a config from {@code reader}; errors name {@code source} (a file name, or null).
     *
     * @throws ConfigException if the text is not a valid config
     * @throws IOException if the reader fails
     */
    public static SloDocument read(Reader reader, String source) throws IOException {
        Problems problems = new Problems(source);
        Json root = Json.read(reader, problems);
        SloDocument document = root == null ? null : new ConfigReader(problems).document(root);
        problems.throwIfAny();
        return document;
    }

    /**
     * Reads a config from a JSON string.
     *
     * @throws ConfigException if the text is not a valid config
     */
    public static SloDocument parse(String json) {
        try {
            return read(new StringReader(json), null);
        } catch (IOException e) {
            throw new IllegalStateException("a string reader failed", e);
        }
    }

    private SloDocument document(Json root) {
        Fields f = Fields.of(root, "", problems, "an SLO document");
        if (f == null) {
            return null;
        }
        SloDocument.Builder b = SloDocument.builder();
        f.read("format", true, ConfigReader::format);
        f.set("reviewEvery", false, ConfigReader::period, b::reviewEvery);
        f.set("nextReview", false, ConfigReader::date, b::nextReview);
        f.set("assumption", false, ConfigReader::text, b::assumption);
        List<ServiceSpec> services = f.list("services", true, true, this::service);
        f.finish("an SLO document");
        return f.build(() -> {
            services.forEach(b::service);
            return b.build();
        });
    }

    private ServiceSpec service(Json node, String path) {
        Fields f = Fields.of(node, path, problems, "a service");
        if (f == null) {
            return null;
        }
        String name = f.read("name", true, ConfigReader::name);
        ServiceSpec.Builder b = ServiceSpec.builder(name);
        f.set("description", false, ConfigReader::text, b::description);
        f.set("assumption", false, ConfigReader::text, b::assumption);
        List<SliSpec> slis = f.list("slis", true, true, this::sli);
        List<String> sliNames = sliNames(f.get("slis"));
        List<ObjectiveSpec> objectives = f.list("objectives", false, false,
                (item, itemPath) -> objective(item, itemPath, name, sliNames));
        f.finish("a service");
        return f.build(() -> {
            slis.forEach(b::sli);
            if (objectives != null) {
                objectives.forEach(b::objective);
            }
            return b.build();
        });
    }

    /**
     * The names written in an SLI array, or null if some SLI has none that can be read (then references
     * to SLIs are not checked, since that error is reported already).
     */
    private static List<String> sliNames(Json slis) {
        if (slis == null || slis.type != Json.Type.ARRAY) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (Json sli : slis.items) {
            Json name = sli.members.get("name");
            if (name == null || name.type != Json.Type.STRING) {
                return null;
            }
            names.add(name.text);
        }
        return names;
    }

    private SliSpec sli(Json node, String path) {
        Fields f = Fields.of(node, path, problems, "an SLI");
        if (f == null) {
            return null;
        }
        String name = f.read("name", true, ConfigReader::name);
        SliKind kind = f.read("kind", true, n -> choice(n, SliKind.values()));
        SliSpec.Builder b = SliSpec.builder(name, kind);
        f.set("description", false, ConfigReader::text, b::description);
        f.set("assumption", false, ConfigReader::text, b::assumption);
        f.set("labels", false, ConfigReader::labels, labels -> labels.forEach(b::label));
        if (kind == null) {
            return null; // which fields are known depends on the kind, so unknown ones cannot be told
        }
        f.set("source", false, n -> source(n, f.path("source"), kind), b::source);
        switch (kind) {
            case LATENCY:
                f.set("threshold", false, ConfigReader::duration, b::threshold);
                f.set("quantile", false, ConfigReader::number, b::quantile);
                break;
            case WORK:
                f.set("threshold", false, ConfigReader::duration, b::threshold);
                break;
            case READINESS:
                f.set("workloads", true, ConfigReader::strings, b::workloads);
                f.set("availability", true, n -> choice(n, ReadinessMeasure.values()), b::availability);
                f.set("staleAfter", false, ConfigReader::duration, b::staleAfter);
                break;
            case PROBE:
                f.set("check", true, ConfigReader::text, b::check);
                f.set("interval", false, ConfigReader::duration, b::interval);
                break;
            default:
                break;
        }
        f.finish(SliSpec.describe(kind));
        return f.build(b::build);
    }

    private ObjectiveSpec objective(Json node, String path, String service, List<String> slis) {
        Fields f = Fields.of(node, path, problems, "an objective");
        if (f == null) {
            return null;
        }
        String name = f.read("name", true, ConfigReader::name);
        ObjectiveType type = f.read("type", true, n -> choice(n, ObjectiveType.values()));
        String sli = f.read("sli", true, n -> {
            String text = text(n);
            if (slis != null && service != null && !slis.contains(text)) {
                throw new IllegalArgumentException(ServiceSpec.unknownSli(text, service, slis));
            }
            return text;
        });
        ObjectiveSpec.Builder b = ObjectiveSpec.builder(name, type, sli);
        f.set("target", true, ConfigReader::number, b::target);
        f.set("window", true, n -> window(n, f.path("window")), b::window);
        f.set("budgeting", true, n -> budgeting(n, f.path("budgeting")), b::budgeting);
        f.set("missingData", true, n -> choice(n, MissingDataPolicy.values()), b::missingData);
        f.set("threshold", false, ConfigReader::duration, b::threshold);
        f.set("statedAllowance", false, n -> allowance(n, f.path("statedAllowance")), b::statedAllowance);
        List<AlertTier> alerts = f.list("alerts", false, false, this::alert);
        f.set("alertOpenPast", false, ConfigReader::duration, b::alertOpenPast);
        f.set("description", false, ConfigReader::text, b::description);
        f.set("assumption", false, ConfigReader::text, b::assumption);
        f.finish("an objective");
        return f.build(() -> {
            if (alerts != null) {
                alerts.forEach(b::alert);
            }
            return b.build();
        });
    }

    /** A window object; its problems are recorded directly, and a null answer stops the objective. */
    private Window window(Json node, String path) {
        Fields f = Fields.of(node, path, problems, "a window such as {\"rolling\": \"3w\"}");
        if (f == null) {
            return null;
        }
        boolean rolling = f.has("rolling");
        boolean calendar = f.has("calendar");
        if (rolling == calendar) {
            problems.add(node, path, rolling
                    ? "give either rolling or calendar, not both"
                    : "give rolling (such as \"3w\") or calendar (with start and zone)");
            return null;
        }
        Window window;
        if (rolling) {
            Duration length = f.read("rolling", true, ConfigReader::duration);
            f.finish("a rolling window");
            window = length == null ? null : Window.rolling(length);
        } else {
            Period length = f.read("calendar", true, ConfigReader::calendarLength);
            LocalDate start = f.read("start", true, ConfigReader::date);
            ZoneId zone = f.read("zone", true, ConfigReader::zone);
            f.finish("a calendar window");
            window = f.ok() ? Window.calendar(start, length, zone) : null;
        }
        return window;
    }

    private BudgetingSpec budgeting(Json node, String path) {
        Fields f = Fields.of(node, path, problems, "a budgeting method such as {\"method\": \"occurrences\"}");
        if (f == null) {
            return null;
        }
        BudgetingSpec.Method method = f.read("method", true, n -> choice(n, BudgetingSpec.Method.values()));
        if (method == null) {
            return null;
        }
        BudgetingSpec budgeting = null;
        switch (method) {
            case OCCURRENCES:
                f.finish("occurrences budgeting");
                budgeting = BudgetingSpec.occurrences();
                break;
            case TIMESLICES: {
                Double sliceTarget = f.read("sliceTarget", true, ConfigReader::number);
                Duration slice = f.read("slice", false, ConfigReader::duration);
                f.finish("timeslices budgeting");
                budgeting = f.build(() -> BudgetingSpec.timeslices(sliceTarget,
                        slice == null ? BudgetingSpec.DEFAULT_SLICE : slice));
                break;
            }
            case RATIO_TIMESLICES: {
                Duration slice = f.read("slice", false, ConfigReader::duration);
                f.finish("ratioTimeslices budgeting");
                budgeting = f.build(() -> BudgetingSpec.ratioTimeslices(slice == null ? BudgetingSpec.DEFAULT_SLICE : slice));
                break;
            }
            default:
                break;
        }
        return f.ok() ? budgeting : null;
    }

    private StatedAllowance allowance(Json node, String path) {
        Fields f = Fields.of(node, path, problems, "a stated allowance such as {\"duration\": \"4h\", \"text\": \"…\"}");
        if (f == null) {
            return null;
        }
        String duration = f.read("duration", true, ConfigReader::text);
        String text = f.read("text", false, ConfigReader::text);
        f.finish("a stated allowance");
        return f.build(() -> StatedAllowance.of(duration, text));
    }

    private AlertTier alert(Json node, String path) {
        Fields f = Fields.of(node, path, problems, "an alert tier");
        if (f == null) {
            return null;
        }
        AlertTier.Severity severity = f.read("severity", true, n -> choice(n, AlertTier.Severity.values()));
        Double budgetFraction = f.read("budgetFraction", true, ConfigReader::number);
        Duration longWindow = f.read("longWindow", true, ConfigReader::duration);
        Duration shortWindow = f.read("shortWindow", true, ConfigReader::duration);
        f.finish("an alert tier");
        return f.build(() -> Checks.alertTier(severity, budgetFraction, longWindow, shortWindow));
    }

    // Value converters: each throws IllegalArgumentException naming the value and the rule.

    private static Integer format(Json node) {
        if (node.type == Json.Type.NUMBER && node.text.equals(Integer.toString(SloDocument.FORMAT))) {
            return SloDocument.FORMAT;
        }
        throw new IllegalArgumentException(node.describe() + " is not a format this version of sli reads; write "
                + SloDocument.FORMAT);
    }

    private static String text(Json node) {
        if (node.type != Json.Type.STRING) {
            throw new IllegalArgumentException(node.describe() + " is not a string");
        }
        return node.text;
    }

    private static String name(Json node) {
        return Checks.name("name", text(node));
    }

    private static Double number(Json node) {
        if (node.type == Json.Type.NUMBER) {
            return new BigDecimal(node.text).doubleValue();
        }
        if (node.type == Json.Type.STRING) {
            Matcher percent = PERCENT.matcher(node.text);
            if (percent.matches()) {
                String fraction = new BigDecimal(percent.group(1)).movePointLeft(2).stripTrailingZeros().toPlainString();
                throw new IllegalArgumentException(node.describe() + " is not a number; write " + fraction
                        + " for " + percent.group(1) + " %");
            }
        }
        throw new IllegalArgumentException(node.describe() + " is not a number");
    }

    /** A positive duration: no field of the config takes zero. */
    private static Duration duration(Json node) {
        return Checks.positive("", Durations.duration(text(node)));
    }

    private static LocalDate date(Json node) {
        String text = text(node);
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(node.describe() + " is not a date; write YYYY-MM-DD");
        }
    }

    private static Period period(Json node) {
        String text = text(node);
        try {
            return Period.parse(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(node.describe()
                    + " is not an ISO-8601 period; write e.g. \"P6M\" for six months or \"P1Y\" for a year");
        }
    }

    /** Days and weeks in config notation ("21d", "3w"), or any ISO-8601 period ("P1M"). */
    private static Period calendarLength(Json node) {
        String text = text(node);
        if (text.startsWith("P")) {
            Period period = period(node);
            if (period.isZero() || period.isNegative() || period.getMonths() < 0 || period.getDays() < 0) {
                throw new IllegalArgumentException(node.describe() + " is not a positive period");
            }
            return period;
        }
        Duration length = Durations.duration(text);
        if (length.toMillis() % Duration.ofDays(1).toMillis() != 0) {
            throw new IllegalArgumentException(node.describe()
                    + " is not a whole number of days; a calendar period is days (\"21d\"), weeks (\"3w\") or an ISO-8601 period (\"P1M\")");
        }
        if (length.toDays() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(node.describe() + " is too long a calendar period (more than "
                    + Integer.MAX_VALUE + " days)");
        }
        return Period.ofDays((int) length.toDays());
    }

    private static ZoneId zone(Json node) {
        String text = text(node);
        try {
            ZoneId zone = ZoneId.of(text);
            if (!(zone instanceof ZoneOffset)) {
                return zone;
            }
        } catch (DateTimeException e) {
            // reported below
        }
        throw new IllegalArgumentException(node.describe() + " is not an IANA time zone such as \"America/Vancouver\"");
    }

    private static List<String> strings(Json node) {
        if (node.type != Json.Type.ARRAY) {
            throw new IllegalArgumentException("expected an array of strings, got " + node.describe());
        }
        List<String> out = new ArrayList<>();
        for (Json item : node.items) {
            if (item.type != Json.Type.STRING) {
                throw new IllegalArgumentException("expected an array of strings, but it holds " + item.describe());
            }
            out.add(item.text);
        }
        return out;
    }

    /** An SLI's {@code "source"}: a selector per role, and unit / workloadLabel / idLabel. */
    private SourceSpec source(Json node, String path, SliKind kind) {
        Fields f = Fields.of(node, path, problems, "a source");
        if (f == null) {
            return null;
        }
        SourceSpec.Builder b = SourceSpec.builder();
        boolean any = false;
        for (SourceSpec.Role role : SourceSpec.Role.values()) {
            if (!f.has(role.configName()) && !SliSpec.rolesOf(kind).contains(role)) {
                continue;
            }
            Selector selector = f.read(role.configName(), false, n -> {
                if (!SliSpec.rolesOf(kind).contains(role)) {
                    throw new IllegalArgumentException("is not a role of " + SliSpec.describe(kind));
                }
                return Selector.parse(text(n));
            });
            if (selector != null) {
                b.selector(role, selector);
                any = true;
            }
        }
        f.set("unit", false, n -> {
            String unit = text(n);
            SourceSpec.nanosPer(unit);
            return unit;
        }, b::unit);
        f.set("workloadLabel", false, ConfigReader::text, b::workloadLabel);
        f.set("idLabel", false, ConfigReader::text, b::idLabel);
        f.finish("a source of " + SliSpec.describe(kind));
        if (!any) {
            if (f.ok()) {
                problems.add(node, path, "a source needs at least one selector: " + roleNames(kind));
            }
            return null;
        }
        return f.build(b::build);
    }

    private static String roleNames(SliKind kind) {
        List<String> names = new ArrayList<>();
        for (SourceSpec.Role role : SliSpec.rolesOf(kind)) {
            names.add(role.configName());
        }
        return String.join(", ", names);
    }

    private static Map<String, String> labels(Json node) {
        if (node.type != Json.Type.OBJECT) {
            throw new IllegalArgumentException("expected an object of label names to values, got " + node.describe());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Json> member : node.members.entrySet()) {
            if (member.getValue().type != Json.Type.STRING) {
                throw new IllegalArgumentException("the value of label " + Json.quote(member.getKey())
                        + " is " + member.getValue().describe() + ", not a string");
            }
            out.put(member.getKey(), member.getValue().text);
        }
        return out;
    }

    /** The constant of {@code values} whose config name is the node's text. */
    private static <E extends Enum<E>> E choice(Json node, E[] values) {
        String text = text(node);
        List<String> names = new ArrayList<>();
        for (E value : values) {
            if (configName(value).equals(text)) {
                return value;
            }
            names.add(Json.quote(configName(value)));
        }
        throw new IllegalArgumentException(node.describe() + " is not one of " + String.join(", ", names));
    }

    /**
     * The config name of an enum constant: lower camel case ({@code ratioTimeslices}, {@code page}),
     * except SLA and SLO, which are written as such.
     */
    static String configName(Enum<?> value) {
        if (value instanceof ObjectiveType) {
            return value.name();
        }
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : value.name().toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
