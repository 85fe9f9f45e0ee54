package dev.sli.openslo;

import static dev.sli.openslo.Annotations.*;

import dev.sli.core.config.BudgetingSpec;
import dev.sli.core.config.ConfigError;
import dev.sli.core.config.ConfigException;
import dev.sli.core.config.ObjectiveSpec;
import dev.sli.core.config.ObjectiveType;
import dev.sli.core.config.ReadinessMeasure;
import dev.sli.core.config.ServiceSpec;
import dev.sli.core.config.SliKind;
import dev.sli.core.config.SliSpec;
import dev.sli.core.config.SloDocument;
import dev.sli.core.config.StatedAllowance;
import dev.sli.core.slo.AlertTier;
import dev.sli.core.slo.MissingDataPolicy;
import dev.sli.core.source.LabelMatcher;
import dev.sli.core.source.Selector;
import dev.sli.core.source.SourceSpec;
import dev.sli.core.source.SourceSpec.Role;
import dev.sli.core.window.CalendarWindow;
import dev.sli.core.window.RollingWindow;
import dev.sli.core.window.Window;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an OpenSLO v1 YAML file (one or more documents of kind Service, SLI, SLO, AlertPolicy,
 * AlertCondition, DataSource, AlertNotificationTarget) into the same {@link SloDocument} as sli's JSON
 * config. What OpenSLO cannot say is read from {@code sli.dev/} annotations (see the module README).
 * What sli cannot represent (a PromQL expression rather than a series selector, a raw ratio metric, a
 * composite SLO, another metric source type) is an error naming the field, never dropped. All errors
 * are thrown together in one {@link ConfigException}; each names the file, line, column and a path that
 * starts with the document index, such as {@code documents[3].spec.objectives[0].target}. Stateless and
 * thread-safe.
 */
public final class OpenSloReader {

    /** The apiVersion this reader reads. */
    public static final String API_VERSION = "openslo/v1";

    private static final Set<String> KINDS = Set.of("Service", "SLI", "SLO", "AlertPolicy", "AlertCondition",
            "DataSource", "AlertNotificationTarget");
    /** Metric source types whose queries are PromQL, compared ignoring case. */
    private static final List<String> PROMQL_TYPES = List.of("Prometheus", "Thanos", "Cortex", "Mimir", "VictoriaMetrics");
    private static final Pattern SHORTHAND = Pattern.compile("([0-9]+)([mhdwMQY])");
    private static final DateTimeFormatter START_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private final String source;
    private final List<ConfigError> errors = new ArrayList<>();

    private OpenSloReader(String source) {
        this.source = source;
    }

    /**
     * Reads the OpenSLO file {@code file} (UTF-8); errors name the file as given.
     *
     * @throws ConfigException if the file is not OpenSLO v1 that sli can represent
     * @throws IOException if it cannot be read
     */
    public static SloDocument read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString());
        }
    }

    /**
     * Reads OpenSLO YAML from {@code reader}; errors name {@code source} (a file name, or null).
     *
     * @throws ConfigException if the text is not OpenSLO v1 that sli can represent
     * @throws IOException if the reader fails
     */
    public static SloDocument read(Reader reader, String source) throws IOException {
        OpenSloReader r = new OpenSloReader(source);
        List<Yaml.Document> documents;
        try {
            documents = Yaml.readAll(reader);
        } catch (Yaml.SyntaxError e) {
            r.errors.add(new ConfigError(source, e.line, e.column, "documents[" + e.index + "]", e.getMessage()));
            throw new ConfigException(r.errors);
        }
        SloDocument document = r.document(documents);
        if (!r.errors.isEmpty() || document == null) {
            if (r.errors.isEmpty()) {
                r.errors.add(new ConfigError(source, 0, 0, "", "no document could be read"));
            }
            List<ConfigError> sorted = new ArrayList<>(r.errors);
            sorted.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
            throw new ConfigException(sorted);
        }
        return document;
    }

    /**
     * Reads OpenSLO YAML from a string.
     *
     * @throws ConfigException if the text is not OpenSLO v1 that sli can represent
     */
    public static SloDocument parse(String yaml) {
        try {
            return read(new StringReader(yaml), null);
        } catch (IOException e) {
            throw new IllegalStateException("a string reader failed", e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Errors and field access

    private void error(Yaml at, String path, String problem) {
        errors.add(new ConfigError(source, at == null ? 0 : at.line, at == null ? 0 : at.column, path, problem));
    }

    /** A builder's refusal ({@code field: problem}) as the problem alone, when it names {@code field}. */
    private static String problem(IllegalArgumentException e, String field) {
        String message = e.getMessage() == null ? "is not valid" : e.getMessage();
        return field != null && message.startsWith(field + ": ") ? message.substring(field.length() + 2) : message;
    }

    /** A mapping being read: which keys were used, so that {@link #finish} can name the unknown ones. */
    private final class Fields {
        final Yaml node;
        final String path;
        final Set<String> used = new HashSet<>();

        Fields(Yaml node, String path) {
            this.node = node;
            this.path = path;
        }

        String path(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        /** The value of {@code key}, or null when absent or written as YAML null (as in "alertPolicies:"). */
        Yaml get(String key) {
            used.add(key);
            Yaml value = node.members.get(key);
            return value == null || value.type == Yaml.Type.NULL ? null : value;
        }

        Yaml required(String key, String what) {
            Yaml value = get(key);
            if (value == null) {
                error(node, path(key), "required field is missing: " + what);
            }
            return value;
        }

        boolean has(String key) {
            return get(key) != null;
        }

        /** Marks {@code key} as unsupported: an error at it when present. */
        void unsupported(String key, String why) {
            Yaml value = get(key);
            if (value != null) {
                error(node.keys.get(key), path(key), "is not supported by sli: " + why);
            }
        }

        /** Errors for every key not read, listing the known ones. */
        void finish(String what) {
            for (Map.Entry<String, Yaml> key : node.keys.entrySet()) {
                if (!used.contains(key.getKey())) {
                    error(key.getValue(), path(key.getKey()), "unknown field " + Text.quote(key.getKey()) + " of " + what
                            + "; known fields: " + String.join(", ", used.stream().sorted().toList()));
                }
            }
        }
    }

    /** The mapping {@code node} as fields, or null (with an error) if it is not a mapping. */
    private Fields fields(Yaml node, String path, String what) {
        if (node.type != Yaml.Type.MAP) {
            error(node, path, "expected " + what + " (a mapping), got " + node.describe());
            return null;
        }
        return new Fields(node, path);
    }

    private String string(Yaml node, String path) {
        if (node == null) {
            return null;
        }
        if (node.type != Yaml.Type.STRING) {
            error(node, path, node.describe() + " is not a string" + (node.isScalar() ? "; quote it" : ""));
            return null;
        }
        return node.text;
    }

    private BigDecimal number(Yaml node, String path) {
        if (node == null) {
            return null;
        }
        if (node.type == Yaml.Type.NUMBER) {
            try {
                return new BigDecimal(node.text.replace("_", ""));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        error(node, path, node.describe() + " is not a number");
        return null;
    }

    private Boolean bool(Yaml node, String path) {
        if (node == null) {
            return null;
        }
        if (node.type != Yaml.Type.BOOLEAN) {
            error(node, path, node.describe() + " is not true or false");
            return null;
        }
        return Boolean.valueOf(node.text);
    }

    private List<Yaml> list(Yaml node, String path) {
        if (node == null) {
            return null;
        }
        if (node.type != Yaml.Type.LIST) {
            error(node, path, "expected a list, got " + node.describe());
            return null;
        }
        return node.items;
    }

    /** OpenSLO's duration shorthand: a whole number and one of m, h, d, w, M, Q, Y. */
    private record Shorthand(long amount, char unit) {
        Duration fixed() {
            switch (unit) {
                case 'm': return Duration.ofMinutes(amount);
                case 'h': return Duration.ofHours(amount);
                case 'd': return Duration.ofDays(amount);
                case 'w': return Duration.ofDays(7 * amount);
                default: return null;
            }
        }
    }

    private Shorthand shorthand(Yaml node, String path, boolean zeroAllowed) {
        String text = string(node, path);
        if (text == null) {
            return null;
        }
        Matcher m = SHORTHAND.matcher(text);
        if (m.matches() && m.group(1).length() <= 9) {
            long amount = Long.parseLong(m.group(1));
            if (amount > 0 || zeroAllowed) {
                return new Shorthand(amount, m.group(2).charAt(0));
            }
        }
        error(node, path, Text.quote(text) + " is not an OpenSLO duration: write a "
                + (zeroAllowed ? "whole number" : "positive whole number") + " and one of m, h, d, w, M, Q, Y, such as \"5m\" or \"4w\"");
        return null;
    }

    /** A duration of fixed length (minutes, hours, days, weeks), or null with an error. */
    private Duration fixedDuration(Yaml node, String path) {
        Shorthand s = shorthand(node, path, false);
        if (s == null) {
            return null;
        }
        if (s.fixed() == null) {
            error(node, path, Text.quote(node.text) + " has no fixed length; write minutes, hours, days or weeks (m, h, d, w)");
        }
        return s.fixed();
    }

    // ---------------------------------------------------------------------------------------------
    // Documents

    /** One document's envelope: kind, name, sli.dev annotations and spec. */
    private final class Obj {
        final int index;
        final String kind;
        final String name;
        final Yaml nameNode;
        final String path;
        final Map<String, Yaml> annotations = new LinkedHashMap<>();
        final Map<String, Yaml> annotationKeys = new LinkedHashMap<>();
        final Fields spec;

        Obj(int index, String kind, String name, Yaml nameNode, String path, Fields spec) {
            this.index = index;
            this.kind = kind;
            this.name = name;
            this.nameNode = nameNode;
            this.path = path;
            this.spec = spec;
        }

        String annotationPath(String key) {
            return path + ".metadata.annotations[\"" + key + "\"]";
        }

        /** An annotation's text, or null when absent. */
        String annotation(String key) {
            Yaml value = annotations.get(key);
            return value == null ? null : value.text;
        }

        /** Applies {@code set} to the annotation's text, reporting a refusal at the annotation. */
        void annotation(String key, Consumer<String> set) {
            Yaml value = annotations.get(key);
            if (value != null) {
                try {
                    set.accept(value.text);
                } catch (IllegalArgumentException e) {
                    error(value, annotationPath(key), problem(e, key.substring(PREFIX.length())));
                }
            }
        }

        /** Reports a builder's refusal at the annotation of the field it names, or at the spec. */
        void refused(IllegalArgumentException e, Yaml fallback, String fallbackPath) {
            String message = e.getMessage() == null ? "is not valid" : e.getMessage();
            int colon = message.indexOf(": ");
            if (colon > 0) {
                String field = message.substring(0, colon);
                if (field.equals("name")) {
                    error(nameNode, path + ".metadata.name", message.substring(colon + 2));
                    return;
                }
                String key = PREFIX + field;
                if (annotations.containsKey(key)) {
                    error(annotations.get(key), annotationPath(key), message.substring(colon + 2));
                    return;
                }
            }
            error(fallback, fallbackPath, message);
        }

        @Override
        public String toString() {
            return kind + " " + Text.quote(name);
        }
    }

    /** The envelope of one document, or null (with errors) when it cannot be read. */
    private Obj envelope(Yaml root, int index, String path, String expectedKind) {
        Fields f = fields(root, path, "an OpenSLO object with apiVersion, kind, metadata and spec");
        if (f == null) {
            return null;
        }
        Yaml apiVersion = expectedKind == null ? f.required("apiVersion", "\"" + API_VERSION + "\"") : f.get("apiVersion");
        if (apiVersion != null) {
            String text = string(apiVersion, f.path("apiVersion"));
            if (text != null && !text.equals(API_VERSION)) {
                error(apiVersion, f.path("apiVersion"), Text.quote(text) + " is not an apiVersion sli reads; write \""
                        + API_VERSION + "\"");
                return null; // other versions differ in shape: their fields would only add noise
            }
        }
        Yaml kindNode = expectedKind == null ? f.required("kind", "one of " + kindNames()) : f.get("kind");
        String kind = kindNode == null ? expectedKind : string(kindNode, f.path("kind"));
        if (kind == null) {
            return null;
        }
        if (!KINDS.contains(kind)) {
            error(kindNode, f.path("kind"), Text.quote(kind) + " is not an OpenSLO v1 kind; use one of " + kindNames());
            return null;
        }
        if (expectedKind != null && !kind.equals(expectedKind)) {
            error(kindNode, f.path("kind"), "expected kind " + expectedKind + " here, got " + Text.quote(kind));
            return null;
        }
        Yaml metadata = f.required("metadata", "metadata with a name");
        Yaml specNode = f.required("spec", "the " + kind + "'s spec");
        f.finish("an OpenSLO object");
        if (metadata == null) {
            return null;
        }
        Fields m = fields(metadata, f.path("metadata"), "metadata");
        if (m == null) {
            return null;
        }
        Yaml nameNode = m.required("name", "the " + kind + "'s name");
        String name = string(nameNode, m.path("name"));
        m.get("displayName");
        m.get("labels"); // organisational labels: not series selectors, so not read
        Yaml annotationsNode = m.get("annotations");
        m.finish("metadata");
        Fields spec = specNode == null ? null : fields(specNode, f.path("spec"), "the " + kind + "'s spec");
        if (name == null || spec == null) {
            return null;
        }
        Obj obj = new Obj(index, kind, name, nameNode, path, spec);
        if (annotationsNode != null) {
            Fields a = fields(annotationsNode, m.path("annotations"), "annotations");
            if (a != null) {
                List<String> allowed = allowedAnnotations(kind);
                for (Map.Entry<String, Yaml> entry : annotationsNode.members.entrySet()) {
                    String key = entry.getKey();
                    if (!key.startsWith(PREFIX)) {
                        continue; // another implementation's
                    }
                    Yaml value = entry.getValue();
                    Yaml keyNode = annotationsNode.keys.get(key);
                    if (!allowed.contains(key)) {
                        error(keyNode, obj.annotationPath(key), "is not an sli.dev annotation of " + kind
                                + (allowed.isEmpty() ? " (it takes none)" : "; it takes " + String.join(", ", allowed)));
                    } else if (!value.isScalar() || value.type == Yaml.Type.NULL) {
                        error(value, obj.annotationPath(key), "an annotation's value is a string, got " + value.describe());
                    } else {
                        obj.annotations.put(key, value);
                        obj.annotationKeys.put(key, keyNode);
                    }
                }
            }
        }
        return obj;
    }

    private static List<String> allowedAnnotations(String kind) {
        switch (kind) {
            case "Service": return SERVICE_KEYS;
            case "SLI": return SLI_KEYS;
            case "SLO": return SLO_KEYS;
            case "AlertCondition": return CONDITION_KEYS;
            default: return NONE;
        }
    }

    private static String kindNames() {
        return "SLO, SLI, Service, AlertPolicy, AlertCondition, DataSource, AlertNotificationTarget";
    }

    /** A service as it is assembled: SLIs and objectives in document order. */
    private static final class ServiceParts {
        final String name;
        Obj doc;
        final List<SliSpec> slis = new ArrayList<>();
        final List<ObjectiveSpec> objectives = new ArrayList<>();

        ServiceParts(String name) {
            this.name = name;
        }

        boolean hasSli(String sli) {
            return slis.stream().anyMatch(s -> s.name().equals(sli));
        }
    }

    private SloDocument document(List<Yaml.Document> documents) {
        List<Obj> objs = new ArrayList<>();
        for (Yaml.Document d : documents) {
            if (d.root() == null) {
                continue;
            }
            String path = "documents[" + d.index() + "]";
            List<Yaml> items = d.root().type == Yaml.Type.LIST ? d.root().items : List.of(d.root());
            for (int i = 0; i < items.size(); i++) {
                // a document may also be a list of objects, as oslo reads them
                Obj obj = envelope(items.get(i), d.index(), d.root().type == Yaml.Type.LIST ? path + "[" + i + "]" : path, null);
                if (obj != null) {
                    objs.add(obj);
                }
            }
        }
        Map<String, Map<String, Obj>> byKind = new LinkedHashMap<>();
        for (Obj obj : objs) {
            Map<String, Obj> named = byKind.computeIfAbsent(obj.kind, k -> new LinkedHashMap<>());
            Obj previous = named.putIfAbsent(obj.name, obj);
            if (previous != null) {
                error(obj.nameNode, obj.path + ".metadata.name", "a " + obj.kind + " named " + Text.quote(obj.name)
                        + " is defined twice (first in documents[" + previous.index + "])");
            }
        }
        Map<String, Obj> dataSources = byKind.getOrDefault("DataSource", Map.of());
        dataSourcesByName = dataSources;
        for (Obj ds : dataSources.values()) {
            ds.spec.get("description");
            string(ds.spec.get("type"), ds.spec.path("type"));
            ds.spec.get("connectionDetails"); // credentials: never read, never echoed
            ds.spec.finish("a DataSource");
        }
        for (Obj target : byKind.getOrDefault("AlertNotificationTarget", Map.of()).values()) {
            target.spec.get("target");
            target.spec.get("description");
            target.spec.finish("an AlertNotificationTarget");
        }

        // Which services each standalone SLI belongs to: its sli.dev/service, or those of the SLOs using it.
        Map<String, Obj> sliDocs = byKind.getOrDefault("SLI", Map.of());
        Map<String, Set<String>> sliServices = new LinkedHashMap<>();
        Map<String, ServiceParts> services = new LinkedHashMap<>();
        for (Obj obj : objs) {
            if (obj.kind.equals("Service")) {
                services.computeIfAbsent(obj.name, ServiceParts::new).doc = obj;
            } else if (obj.kind.equals("SLO")) {
                String service = sloService(obj);
                if (service != null) {
                    services.computeIfAbsent(service, ServiceParts::new);
                    Yaml ref = obj.spec.node.members.get("indicatorRef");
                    if (ref != null && ref.type == Yaml.Type.STRING) {
                        sliServices.computeIfAbsent(ref.text, k -> new LinkedHashSet<>()).add(service);
                    }
                }
            } else if (obj.kind.equals("SLI") && obj.annotation(SERVICE) != null) {
                services.computeIfAbsent(obj.annotation(SERVICE), ServiceParts::new);
            }
        }
        if (services.isEmpty()) {
            if (errors.isEmpty()) {
                error(null, "", "no Service or SLO in the file: sli needs at least one SLO (or Service with an SLI)");
            }
            return null;
        }

        // Document order: SLIs, inline indicators and objectives go to their services as they appear.
        Map<String, String> sloServiceOf = new LinkedHashMap<>();
        for (Obj obj : objs) {
            switch (obj.kind) {
                case "SLI": {
                    Set<String> targets = placeSli(obj, sliServices.getOrDefault(obj.name, Set.of()), services);
                    for (String service : targets) {
                        SliSpec sli = sli(obj, obj.spec, obj.path + ".spec");
                        if (sli != null) {
                            services.get(service).slis.add(sli);
                        }
                    }
                    break;
                }
                case "SLO": {
                    String service = sloService(obj);
                    if (service != null) {
                        sloServiceOf.put(obj.name, service);
                        slo(obj, services.get(service), sliDocs, byKind);
                    }
                    break;
                }
                default:
                    break;
            }
        }
        // AlertPolicy and AlertCondition documents are read when an SLO refers to them; check the others.
        if (!errors.isEmpty()) {
            return null;
        }
        SloDocument.Builder b = SloDocument.builder();
        documentAnnotations(services, b);
        for (ServiceParts parts : services.values()) {
            ServiceSpec service = service(parts);
            if (service != null) {
                b.service(service);
            }
        }
        if (!errors.isEmpty()) {
            return null;
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            error(null, "", problem(e, null));
            return null;
        }
    }

    private String sloService(Obj slo) {
        Yaml node = slo.spec.node.members.get("service");
        return node != null && node.type == Yaml.Type.STRING ? node.text : null;
    }

    /** The services a standalone SLI goes to, with an error when that cannot be told. */
    private Set<String> placeSli(Obj sli, Set<String> usedBy, Map<String, ServiceParts> services) {
        String annotated = sli.annotation(SERVICE);
        if (annotated != null) {
            for (String other : usedBy) {
                if (!other.equals(annotated)) {
                    error(sli.annotations.get(SERVICE), sli.annotationPath(SERVICE), "says service " + Text.quote(annotated)
                            + ", but an SLO of service " + Text.quote(other) + " uses this SLI");
                }
            }
            return Set.of(annotated);
        }
        if (!usedBy.isEmpty()) {
            return usedBy;
        }
        if (services.size() == 1) {
            return services.keySet();
        }
        error(sli.nameNode, sli.path + ".metadata.name", "SLI " + Text.quote(sli.name)
                + " is used by no SLO and the file has several services; say which with the annotation " + SERVICE);
        return Set.of();
    }

    private void documentAnnotations(Map<String, ServiceParts> services, SloDocument.Builder b) {
        Map<String, Obj> carriers = new LinkedHashMap<>();
        for (ServiceParts parts : services.values()) {
            if (parts.doc == null) {
                continue;
            }
            for (String key : List.of(REVIEW_EVERY, NEXT_REVIEW, DOCUMENT_ASSUMPTION)) {
                if (parts.doc.annotations.containsKey(key)) {
                    Obj first = carriers.putIfAbsent(key, parts.doc);
                    if (first != null) {
                        error(parts.doc.annotations.get(key), parts.doc.annotationPath(key), "is document-wide and is given already on "
                                + first + "; give it on one Service only");
                    }
                }
            }
        }
        for (Map.Entry<String, Obj> carrier : carriers.entrySet()) {
            Obj obj = carrier.getValue();
            switch (carrier.getKey().substring(PREFIX.length())) {
                case "reviewEvery":
                    obj.annotation(REVIEW_EVERY, text -> {
                        try {
                            b.reviewEvery(Period.parse(text));
                        } catch (DateTimeException e) {
                            throw new IllegalArgumentException(Text.quote(text)
                                    + " is not an ISO-8601 period; write e.g. \"P6M\" for six months");
                        }
                    });
                    break;
                case "nextReview":
                    obj.annotation(NEXT_REVIEW, text -> {
                        try {
                            b.nextReview(LocalDate.parse(text));
                        } catch (DateTimeException e) {
                            throw new IllegalArgumentException(Text.quote(text) + " is not a date; write YYYY-MM-DD");
                        }
                    });
                    break;
                default:
                    obj.annotation(DOCUMENT_ASSUMPTION, b::assumption);
                    break;
            }
        }
    }

    private ServiceSpec service(ServiceParts parts) {
        ServiceSpec.Builder b = ServiceSpec.builder(parts.name);
        Obj doc = parts.doc;
        if (doc != null) {
            Yaml description = doc.spec.get("description");
            String text = string(description, doc.spec.path("description"));
            if (text != null) {
                try {
                    b.description(text);
                } catch (IllegalArgumentException e) {
                    error(description, doc.spec.path("description"), problem(e, "description"));
                }
            }
            doc.spec.finish("a Service");
            doc.annotation(ASSUMPTION, b::assumption);
        }
        parts.slis.forEach(b::sli);
        parts.objectives.forEach(b::objective);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            if (doc != null) {
                doc.refused(e, doc.nameNode, doc.path);
            } else {
                error(null, "", "service " + Text.quote(parts.name) + ": " + e.getMessage());
            }
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // SLIs

    /** The SLI {@code obj} (an SLI document or an inline indicator) describes. */
    private SliSpec sli(Obj obj, Fields spec, String specPath) {
        Yaml ratioNode = spec.get("ratioMetric");
        Yaml thresholdNode = spec.get("thresholdMetric");
        Yaml descriptionNode = spec.get("description");
        String description = string(descriptionNode, spec.path("description"));
        spec.finish("an SLI's spec");
        if ((ratioNode == null) == (thresholdNode == null)) {
            error(spec.node, specPath, ratioNode == null
                    ? "give ratioMetric or thresholdMetric" : "give ratioMetric or thresholdMetric, not both");
            return null;
        }
        String kindText = obj.annotation(KIND);
        SliKind kind = ratioNode != null ? SliKind.OUTCOME : SliKind.LATENCY;
        if (kindText != null) {
            SliKind stated = null;
            for (SliKind k : SliKind.values()) {
                if (k.name().toLowerCase(Locale.ROOT).equals(kindText)) {
                    stated = k;
                }
            }
            Set<SliKind> fits = ratioNode != null ? Set.of(SliKind.OUTCOME, SliKind.READINESS)
                    : Set.of(SliKind.LATENCY, SliKind.PROBE, SliKind.WORK);
            if (stated == null || !fits.contains(stated)) {
                error(obj.annotations.get(KIND), obj.annotationPath(KIND), Text.quote(kindText) + " is not a kind sli reads from "
                        + (ratioNode != null ? "a ratioMetric; use outcome or readiness" : "a thresholdMetric; use latency, probe or work"));
                return null;
            }
            kind = stated;
        }
        SliSpec.Builder b = SliSpec.builder(obj.name, kind);
        if (description != null) {
            try {
                b.description(description);
            } catch (IllegalArgumentException e) {
                error(descriptionNode, spec.path("description"), problem(e, "description"));
            }
        }
        obj.annotation(ASSUMPTION, b::assumption);
        obj.annotation(LABELS, text -> labels(text).forEach(b::label));
        obj.annotation(THRESHOLD, text -> b.threshold(configDuration(text)));
        obj.annotation(QUANTILE, text -> b.quantile(decimal(text).doubleValue()));
        obj.annotation(WORKLOADS, text -> b.workloads(List.of(text.trim().split("\\s*,\\s*"))));
        obj.annotation(AVAILABILITY, text -> b.availability(choice(text, ReadinessMeasure.values())));
        obj.annotation(STALE_AFTER, text -> b.staleAfter(configDuration(text)));
        obj.annotation(CHECK, b::check);
        obj.annotation(INTERVAL, text -> b.interval(configDuration(text)));
        int before = errors.size();
        SourceSpec source = ratioNode != null
                ? ratioSource(obj, ratioNode, spec.path("ratioMetric"), kind)
                : thresholdSource(obj, thresholdNode, spec.path("thresholdMetric"), kind);
        if (errors.size() > before) {
            return null;
        }
        if (source != null) {
            b.source(source);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            obj.refused(e, spec.node, specPath);
            return null;
        }
    }

    /** A metric source's selector; {@link #EMBEDDED} for "type: sli"; null (with an error) otherwise. */
    private static final Selector EMBEDDED = Selector.of("sli_embedded", List.of());

    private Selector metricSource(Yaml slot, String path) {
        Fields s = fields(slot, path, "a metric with a metricSource");
        if (s == null) {
            return null;
        }
        Yaml msNode = s.required("metricSource", "the metricSource that holds the query");
        s.finish("a metric");
        if (msNode == null) {
            return null;
        }
        Fields ms = fields(msNode, s.path("metricSource"), "a metricSource");
        if (ms == null) {
            return null;
        }
        Yaml refNode = ms.get("metricSourceRef");
        Yaml typeNode = ms.get("type");
        Yaml specNode = ms.get("spec");
        ms.finish("a metricSource");
        String type = string(typeNode, ms.path("type"));
        String ref = string(refNode, ms.path("metricSourceRef"));
        Yaml typeAt = typeNode;
        String typePath = ms.path("type");
        if (type == null && ref != null) {
            Obj ds = dataSource(ref);
            if (ds == null) {
                error(refNode, ms.path("metricSourceRef"), "no DataSource named " + Text.quote(ref) + " in this file");
                return null;
            }
            Yaml dsType = ds.spec.node.members.get("type");
            type = dsType == null || dsType.type != Yaml.Type.STRING ? null : dsType.text;
            typeAt = dsType == null ? ds.spec.node : dsType;
            typePath = ds.path + ".spec.type";
        }
        if (type == null) {
            if (typeNode == null && refNode == null) {
                error(msNode, ms.path("type"), "required field is missing: the metric source type (such as Prometheus) or a metricSourceRef");
            }
            return null;
        }
        if (type.equals(EMBEDDED_SOURCE)) {
            if (specNode != null) {
                error(specNode, ms.path("spec"), "a metric source of type sli (the embedded library) takes no spec");
                return null;
            }
            return EMBEDDED;
        }
        if (PROMQL_TYPES.stream().noneMatch(type::equalsIgnoreCase)) {
            error(typeAt, typePath, "metric source type " + Text.quote(type) + " is not supported: sli reads PromQL series selectors ("
                    + String.join(", ", PROMQL_TYPES) + "), or type sli for the embedded library");
            return null;
        }
        if (specNode == null) {
            error(msNode, ms.path("spec"), "required field is missing: spec with the query");
            return null;
        }
        Fields spec = fields(specNode, ms.path("spec"), "a metric source spec with a query");
        if (spec == null) {
            return null;
        }
        Yaml query = spec.get("query");
        Yaml promql = spec.get("promql");
        for (String key : specNode.members.keySet()) {
            if (!key.equals("query") && !key.equals("promql")) {
                spec.unsupported(key, "a " + type + " metric source is read from its query (or promql) alone");
            }
        }
        if ((query == null) == (promql == null)) {
            error(specNode, spec.path, query == null ? "required field is missing: query, a PromQL series selector"
                    : "give query or promql, not both");
            return null;
        }
        Yaml q = query != null ? query : promql;
        String qPath = spec.path(query != null ? "query" : "promql");
        String text = string(q, qPath);
        if (text == null) {
            return null;
        }
        try {
            return Selector.parse(text.trim());
        } catch (IllegalArgumentException e) {
            error(q, qPath, "is not supported: sli reads plain series selectors such as http_requests_total{code=~\"5..\"}, "
                    + "not PromQL expressions (sum, rate, ranges); " + Text.clean(e.getMessage()));
            return null;
        }
    }

    private Map<String, Obj> dataSourcesByName = Map.of();

    private Obj dataSource(String name) {
        return dataSourcesByName.get(name);
    }

    private SourceSpec ratioSource(Obj obj, Yaml node, String path, SliKind kind) {
        Fields r = fields(node, path, "a ratioMetric");
        if (r == null) {
            return null;
        }
        Yaml counter = r.get("counter");
        Yaml good = r.get("good");
        Yaml bad = r.get("bad");
        Yaml total = r.get("total");
        r.unsupported("raw", "sli computes the ratio from counts (good or bad, and total), not from a stored ratio");
        r.unsupported("rawType", "it goes with raw, which sli does not read");
        r.finish("a ratioMetric");
        Boolean isCounter = bool(counter, r.path("counter"));
        if (total == null || (good == null) == (bad == null)) {
            error(node, path, "a ratioMetric takes total and exactly one of good, bad");
            return null;
        }
        if (kind == SliKind.OUTCOME && Boolean.FALSE.equals(isCounter)) {
            error(counter, r.path("counter"), "an outcome SLI reads counters; counter: false (gauges) fits only a readiness SLI ("
                    + KIND + ": readiness)");
            return null;
        }
        if (kind == SliKind.READINESS) {
            if (Boolean.TRUE.equals(isCounter)) {
                error(counter, r.path("counter"), "a readiness SLI reads replica gauges; write counter: false");
                return null;
            }
            if (bad != null) {
                error(bad, r.path("bad"), "a readiness SLI reads ready replicas as good and desired replicas as total; give good, not bad");
                return null;
            }
        }
        Selector totalSel = metricSource(total, r.path("total"));
        Selector partSel = metricSource(good != null ? good : bad, r.path(good != null ? "good" : "bad"));
        if (totalSel == null || partSel == null) {
            return null;
        }
        if ((totalSel == EMBEDDED) != (partSel == EMBEDDED)) {
            error(node, path, "either every metric source is of type sli (the embedded library) or none is");
            return null;
        }
        SourceSpec.Builder s = SourceSpec.builder();
        if (kind == SliKind.READINESS) {
            if (totalSel == EMBEDDED) {
                return null;
            }
            s.selector(Role.DESIRED, totalSel).selector(Role.READY, partSel);
            obj.annotation(SOURCE_WORKLOAD_LABEL, s::workloadLabel);
        } else {
            if (totalSel == EMBEDDED) {
                return null;
            }
            Yaml partNode = good != null ? good : bad;
            Selector relative = relativeTo(totalSel, partSel, partNode, r.path(good != null ? "good" : "bad"));
            if (relative == null) {
                return null;
            }
            s.selector(Role.TOTAL, totalSel).selector(good != null ? Role.GOOD : Role.BAD, relative);
        }
        try {
            return s.build();
        } catch (IllegalArgumentException e) {
            error(node, path, problem(e, null));
            return null;
        }
    }

    /**
     * An OpenSLO good or bad query, which selects its series in full, as sli's good or bad selector,
     * which adds matchers to the total's: the part must select within the total (same metric, every one
     * of the total's matchers), and what is left is its own matchers.
     */
    private Selector relativeTo(Selector total, Selector part, Yaml at, String path) {
        List<LabelMatcher> rest = new ArrayList<>(part.matchers());
        for (LabelMatcher m : total.matchers()) {
            if (!rest.remove(m)) {
                error(at, path, "selects series outside total: it lacks total's matcher " + Text.clean(m.toString())
                        + "; a good or bad query must select within the total's series");
                return null;
            }
        }
        String metric = part.metric().orElse(null);
        if (metric != null && metric.equals(total.metric().orElse(null))) {
            metric = null;
        }
        if (metric == null && rest.isEmpty()) {
            error(at, path, "selects the same series as total; add the matchers that tell " + path.substring(path.lastIndexOf('.') + 1)
                    + " requests apart, such as {code=~\"5..\"}");
            return null;
        }
        return Selector.of(metric, rest);
    }

    private SourceSpec thresholdSource(Obj obj, Yaml node, String path, SliKind kind) {
        Selector query = metricSource(node, path);
        if (query == null) {
            return null;
        }
        if (query == EMBEDDED) {
            for (String key : List.of(SOURCE_ROLE, SOURCE_UNIT, SOURCE_BAD, SOURCE_STARTED, SOURCE_ID_LABEL)) {
                if (obj.annotations.containsKey(key)) {
                    error(obj.annotations.get(key), obj.annotationPath(key), "describes a metric source; the SLI's is sli (the embedded library)");
                }
            }
            return null;
        }
        SourceSpec.Builder s = SourceSpec.builder();
        int before = errors.size();
        switch (kind) {
            case LATENCY: {
                Role role = Role.HISTOGRAM;
                String roleText = obj.annotation(SOURCE_ROLE);
                if (roleText != null) {
                    role = switch (roleText) {
                        case "histogram" -> Role.HISTOGRAM;
                        case "gauge" -> Role.GAUGE;
                        case "timer" -> Role.TIMER;
                        default -> {
                            error(obj.annotations.get(SOURCE_ROLE), obj.annotationPath(SOURCE_ROLE), Text.quote(roleText)
                                    + " is not a latency source role; use histogram, gauge or timer");
                            yield null;
                        }
                    };
                }
                if (role != null) {
                    s.selector(role, query);
                }
                obj.annotation(SOURCE_UNIT, s::unit);
                obj.annotation(SOURCE_BAD, text -> s.selector(Role.BAD, Selector.parse(text)));
                break;
            }
            case PROBE:
                s.selector(Role.UP, query);
                break;
            default: {
                s.selector(Role.FINISHED, query);
                if (obj.annotation(SOURCE_STARTED) == null) {
                    error(obj.nameNode, obj.annotationPath(SOURCE_STARTED), "a work SLI's query selects the finish timestamps; "
                            + "give the start timestamps' selector in this annotation");
                }
                obj.annotation(SOURCE_STARTED, text -> s.selector(Role.STARTED, Selector.parse(text)));
                obj.annotation(SOURCE_ID_LABEL, s::idLabel);
                break;
            }
        }
        for (String key : List.of(SOURCE_ROLE, SOURCE_UNIT, SOURCE_BAD)) {
            if (kind != SliKind.LATENCY && obj.annotations.containsKey(key)) {
                error(obj.annotations.get(key), obj.annotationPath(key), "is an annotation of a latency SLI only");
            }
        }
        for (String key : List.of(SOURCE_STARTED, SOURCE_ID_LABEL)) {
            if (kind != SliKind.WORK && obj.annotations.containsKey(key)) {
                error(obj.annotations.get(key), obj.annotationPath(key), "is an annotation of a work SLI only");
            }
        }
        if (errors.size() > before) {
            return null;
        }
        try {
            return s.build();
        } catch (IllegalArgumentException e) {
            error(node, path, problem(e, null));
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // SLOs

    private void slo(Obj obj, ServiceParts service, Map<String, Obj> sliDocs, Map<String, Map<String, Obj>> byKind) {
        Fields spec = obj.spec;
        spec.get("service");
        spec.get("description");
        Yaml indicator = spec.get("indicator");
        Yaml indicatorRef = spec.get("indicatorRef");
        Yaml timeWindow = spec.get("timeWindow");
        Yaml budgetingMethod = spec.get("budgetingMethod");
        Yaml objectives = spec.get("objectives");
        Yaml alertPolicies = spec.get("alertPolicies");
        spec.finish("an SLO's spec");
        String description = string(spec.node.members.get("description"), spec.path("description"));

        // The SLI
        SliSpec sli = null;
        if ((indicator == null) == (indicatorRef == null)) {
            error(spec.node, spec.path, indicator == null ? "give indicator or indicatorRef" : "give indicator or indicatorRef, not both");
        } else if (indicator != null) {
            Obj inline = envelope(indicator, obj.index, spec.path("indicator"), "SLI");
            if (inline != null) {
                if (service.hasSli(inline.name)) {
                    error(inline.nameNode, inline.path + ".metadata.name", "service " + Text.quote(service.name)
                            + " has an SLI named " + Text.quote(inline.name) + " already");
                } else {
                    sli = sli(inline, inline.spec, inline.path + ".spec");
                    if (sli != null) {
                        service.slis.add(sli);
                    }
                }
            }
        } else {
            String ref = string(indicatorRef, spec.path("indicatorRef"));
            if (ref != null) {
                if (!sliDocs.containsKey(ref)) {
                    error(indicatorRef, spec.path("indicatorRef"), "no SLI named " + Text.quote(ref) + " in this file");
                } else {
                    sli = service.slis.stream().filter(s -> s.name().equals(ref)).findFirst().orElse(null);
                    if (sli == null) {
                        return; // the SLI document itself failed, and said why
                    }
                }
            }
        }

        // Window and budgeting, shared by the objectives
        Window window = timeWindow == null ? null : window(timeWindow, spec.path("timeWindow"));
        if (timeWindow == null) {
            error(spec.node, spec.path("timeWindow"), "required field is missing: sli needs the SLO's time window");
        }
        String method = string(budgetingMethod, spec.path("budgetingMethod"));
        if (budgetingMethod == null) {
            error(spec.node, spec.path("budgetingMethod"), "required field is missing: Occurrences, Timeslices or RatioTimeslices");
        } else if (method != null && !List.of("Occurrences", "Timeslices", "RatioTimeslices").contains(method)) {
            error(budgetingMethod, spec.path("budgetingMethod"), Text.quote(method)
                    + " is not a budgeting method; use Occurrences, Timeslices or RatioTimeslices");
            method = null;
        }
        List<String> assumptions = new ArrayList<>();
        List<AlertTier> tiers = alertPolicies == null ? List.of()
                : alerts(alertPolicies, spec.path("alertPolicies"), window, byKind, assumptions);

        // SLO-wide annotations
        ObjectiveType type = ObjectiveType.SLO;
        String typeText = obj.annotation(TYPE);
        if (typeText != null) {
            type = choiceOrError(obj, TYPE, ObjectiveType.values(), true);
        }
        MissingDataPolicy missing = MissingDataPolicy.EXCLUDE;
        if (obj.annotation(MISSING_DATA) == null) {
            assumptions.add(0, "OpenSLO does not say what missing data counts as (no " + MISSING_DATA + " annotation); exclude assumed.");
        } else {
            missing = choiceOrError(obj, MISSING_DATA, MissingDataPolicy.values(), false);
        }
        StatedAllowance allowance = null;
        if (obj.annotation(STATED_ALLOWANCE) != null) {
            try {
                allowance = StatedAllowance.of(obj.annotation(STATED_ALLOWANCE), obj.annotation(STATED_ALLOWANCE_TEXT));
            } catch (IllegalArgumentException e) {
                String key = e.getMessage() != null && e.getMessage().startsWith("text: ") ? STATED_ALLOWANCE_TEXT : STATED_ALLOWANCE;
                error(obj.annotations.get(key), obj.annotationPath(key), problem(e, key.equals(STATED_ALLOWANCE) ? "duration" : "text"));
            }
        } else if (obj.annotation(STATED_ALLOWANCE_TEXT) != null) {
            error(obj.annotations.get(STATED_ALLOWANCE_TEXT), obj.annotationPath(STATED_ALLOWANCE_TEXT),
                    "goes with " + STATED_ALLOWANCE + ", which is missing");
        }

        List<Yaml> items = list(objectives, spec.path("objectives"));
        if (objectives == null) {
            error(spec.node, spec.path("objectives"), "required field is missing: at least one objective with a target");
        }
        if (items == null) {
            return;
        }
        if (items.isEmpty()) {
            error(objectives, spec.path("objectives"), "is empty; give at least one objective with a target");
        }
        for (int i = 0; i < items.size(); i++) {
            String path = spec.path("objectives") + "[" + i + "]";
            String name = items.size() == 1 ? obj.name : obj.name + "-" + (i + 1);
            ObjectiveSpec objective = objective(obj, items.get(i), path, name, type, sli, window, method, missing, allowance,
                    tiers, description, assumptions);
            if (objective != null) {
                if (service.objectives.stream().anyMatch(o -> o.name().equals(name))) {
                    error(items.get(i), path, "service " + Text.quote(service.name) + " has an objective named "
                            + Text.quote(name) + " already");
                } else {
                    service.objectives.add(objective);
                }
            }
        }
    }

    private <E extends Enum<E>> E choiceOrError(Obj obj, String key, E[] values, boolean upper) {
        String text = obj.annotation(key);
        for (E value : values) {
            if ((upper ? value.name() : value.name().toLowerCase(Locale.ROOT)).equals(text)) {
                return value;
            }
        }
        List<String> names = new ArrayList<>();
        for (E value : values) {
            names.add(upper ? value.name() : value.name().toLowerCase(Locale.ROOT));
        }
        error(obj.annotations.get(key), obj.annotationPath(key), Text.quote(text) + " is not one of " + String.join(", ", names));
        return null;
    }

    private ObjectiveSpec objective(Obj obj, Yaml node, String path, String name, ObjectiveType type, SliSpec sli,
            Window window, String method, MissingDataPolicy missing, StatedAllowance allowance, List<AlertTier> tiers,
            String description, List<String> assumptions) {
        Fields f = fields(node, path, "an objective");
        if (f == null) {
            return null;
        }
        f.get("displayName");
        Yaml op = f.get("op");
        Yaml value = f.get("value");
        Yaml target = f.get("target");
        Yaml targetPercent = f.get("targetPercent");
        Yaml sliceTarget = f.get("timeSliceTarget");
        Yaml sliceWindow = f.get("timeSliceWindow");
        String composite = "composite SLOs are not supported: give each objective its own SLO";
        f.unsupported("indicator", composite);
        f.unsupported("indicatorRef", composite);
        f.unsupported("compositeWeight", composite);
        f.finish("an objective");
        int before = errors.size();

        Double fraction = null;
        if ((target == null) == (targetPercent == null)) {
            error(node, path, target == null ? "give target (0.99) or targetPercent (99)" : "give target or targetPercent, not both");
        } else if (target != null) {
            BigDecimal t = number(target, f.path("target"));
            fraction = t == null ? null : t.doubleValue();
        } else {
            BigDecimal t = number(targetPercent, f.path("targetPercent"));
            fraction = t == null ? null : t.movePointLeft(2).doubleValue();
        }

        BudgetingSpec budgeting = null;
        if (method != null) {
            budgeting = budgeting(method, sliceTarget, sliceWindow, f);
        }

        Duration threshold = null;
        if (sli != null) {
            threshold = threshold(sli, op, value, f, node, path);
        }
        if (errors.size() > before || sli == null || window == null || budgeting == null || fraction == null
                || type == null || missing == null) {
            return null;
        }
        ObjectiveSpec.Builder b = ObjectiveSpec.builder(name, type, sli.name());
        try {
            b.target(fraction);
        } catch (IllegalArgumentException e) {
            Yaml at = target != null ? target : targetPercent;
            error(at, f.path(target != null ? "target" : "targetPercent"), problem(e, "target"));
            return null;
        }
        b.window(window).budgeting(budgeting).missingData(missing);
        if (threshold != null && !threshold.equals(sli.threshold().orElse(null))) {
            b.threshold(threshold);
        }
        if (allowance != null) {
            b.statedAllowance(allowance);
        }
        tiers.forEach(b::alert);
        if (description != null) {
            try {
                b.description(description);
            } catch (IllegalArgumentException e) {
                error(obj.spec.node.members.get("description"), obj.spec.path("description"), problem(e, "description"));
            }
        }
        obj.annotation(ALERT_OPEN_PAST, text -> b.alertOpenPast(configDuration(text)));
        String stated = obj.annotation(ASSUMPTION);
        List<String> all = new ArrayList<>();
        if (stated != null) {
            all.add(stated);
        }
        all.addAll(assumptions);
        if (!all.isEmpty()) {
            obj.annotation(ASSUMPTION, text -> { });
            try {
                b.assumption(String.join(" ", all));
            } catch (IllegalArgumentException e) {
                error(obj.annotations.get(ASSUMPTION), obj.annotationPath(ASSUMPTION), problem(e, "assumption"));
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            obj.refused(e, node, path);
            return null;
        }
    }

    private BudgetingSpec budgeting(String method, Yaml sliceTarget, Yaml sliceWindow, Fields f) {
        boolean slices = !method.equals("Occurrences");
        if (!slices) {
            for (String key : List.of("timeSliceTarget", "timeSliceWindow")) {
                if (f.get(key) != null) {
                    error(f.node.keys.get(key), f.path(key), "goes with budgetingMethod Timeslices or RatioTimeslices, not Occurrences");
                }
            }
            return BudgetingSpec.occurrences();
        }
        if (method.equals("RatioTimeslices") && sliceTarget != null) {
            error(f.node.keys.get("timeSliceTarget"), f.path("timeSliceTarget"), "goes with budgetingMethod Timeslices, not RatioTimeslices");
            return null;
        }
        if (sliceWindow == null) {
            error(f.node, f.path("timeSliceWindow"), "required field is missing: the slice length for " + method + ", such as \"1m\"");
            return null;
        }
        Duration slice;
        if (sliceWindow.type == Yaml.Type.NUMBER) {
            BigDecimal minutes = number(sliceWindow, f.path("timeSliceWindow"));
            if (minutes == null || minutes.signum() <= 0 || minutes.stripTrailingZeros().scale() > 0) {
                error(sliceWindow, f.path("timeSliceWindow"), sliceWindow.describe() + " is not a positive whole number of minutes");
                return null;
            }
            slice = Duration.ofMinutes(minutes.longValueExact());
        } else {
            slice = fixedDuration(sliceWindow, f.path("timeSliceWindow"));
            if (slice == null) {
                return null;
            }
        }
        if (method.equals("RatioTimeslices")) {
            return BudgetingSpec.ratioTimeslices(slice);
        }
        if (sliceTarget == null) {
            error(f.node, f.path("timeSliceTarget"), "required field is missing: the good fraction a slice needs with Timeslices, such as 0.95");
            return null;
        }
        BigDecimal t = number(sliceTarget, f.path("timeSliceTarget"));
        if (t == null) {
            return null;
        }
        try {
            return BudgetingSpec.timeslices(t.doubleValue(), slice);
        } catch (IllegalArgumentException e) {
            error(sliceTarget, f.path("timeSliceTarget"), problem(e, "sliceTarget"));
            return null;
        }
    }

    /**
     * The threshold an objective's op and value state: latency and work SLIs compare values at or under
     * it (op lte; value in the source's unit, seconds by default); probes are good at 1 (op gte, value 1);
     * ratio metrics take neither.
     */
    private Duration threshold(SliSpec sli, Yaml op, Yaml value, Fields f, Yaml node, String path) {
        String opText = string(op, f.path("op"));
        BigDecimal v = number(value, f.path("value"));
        switch (sli.kind()) {
            case OUTCOME:
            case READINESS:
                for (String key : List.of("op", "value")) {
                    if (f.node.members.containsKey(key)) {
                        error(f.node.keys.get(key), f.path(key), "goes with a thresholdMetric; SLI " + Text.quote(sli.name())
                                + " has a ratioMetric");
                    }
                }
                return null;
            case PROBE:
                if (op != null && !"gte".equals(opText) || v != null && v.compareTo(BigDecimal.ONE) != 0) {
                    error(op != null ? op : value, f.path(op != null ? "op" : "value"),
                            "a probe SLI counts a check good when it succeeds: write op: gte and value: 1, or neither");
                }
                return null;
            default: {
                if (op == null || value == null) {
                    error(node, path, "a thresholdMetric objective needs op (lte) and value (the threshold in "
                            + unitName(sli) + ")");
                    return null;
                }
                if (opText != null && !opText.equals("lte")) {
                    error(op, f.path("op"), Text.quote(opText) + " is not supported: sli counts a value good when it is at or under the "
                            + "threshold; write op: lte");
                    return null;
                }
                if (v == null) {
                    return null;
                }
                BigDecimal nanos = v.multiply(BigDecimal.valueOf(nanosPerUnit(sli)));
                BigDecimal millis = nanos.movePointLeft(6).stripTrailingZeros();
                if (v.signum() <= 0 || millis.scale() > 0) {
                    error(value, f.path("value"), v.toPlainString() + " " + unitName(sli)
                            + " is not a positive whole number of milliseconds");
                    return null;
                }
                try {
                    return Duration.ofMillis(millis.longValueExact());
                } catch (ArithmeticException e) {
                    error(value, f.path("value"), v.toPlainString() + " is too large a threshold");
                    return null;
                }
            }
        }
    }

    static double nanosPerUnit(SliSpec sli) {
        return sli.kind() == SliKind.LATENCY ? sli.source().map(SourceSpec::nanosPerUnit).orElse(1e9) : 1e9;
    }

    static String unitName(SliSpec sli) {
        String unit = sli.kind() == SliKind.LATENCY ? sli.source().flatMap(SourceSpec::unit).orElse("s") : "s";
        return unit.equals("s") ? "seconds" : unit;
    }

    private Window window(Yaml node, String path) {
        List<Yaml> items = list(node, path);
        if (items == null) {
            return null;
        }
        if (items.size() != 1) {
            error(node, path, "give exactly one time window, got " + items.size());
            return null;
        }
        String itemPath = path + "[0]";
        Fields f = fields(items.get(0), itemPath, "a time window");
        if (f == null) {
            return null;
        }
        Yaml duration = f.required("duration", "the window's length, such as \"4w\"");
        Yaml isRolling = f.get("isRolling");
        Yaml calendar = f.get("calendar");
        f.finish("a time window");
        Boolean rolling = bool(isRolling, f.path("isRolling"));
        if (duration == null || isRolling != null && rolling == null) {
            return null;
        }
        if (calendar == null) {
            if (Boolean.FALSE.equals(rolling)) {
                error(isRolling, f.path("isRolling"), "a window that is not rolling needs calendar with startTime and timeZone");
                return null;
            }
            Duration length = fixedDuration(duration, f.path("duration"));
            return length == null ? null : Window.rolling(length);
        }
        if (Boolean.TRUE.equals(rolling)) {
            error(isRolling, f.path("isRolling"), "a rolling window takes no calendar; write isRolling: false or drop calendar");
            return null;
        }
        Shorthand s = shorthand(duration, f.path("duration"), false);
        Fields c = fields(calendar, f.path("calendar"), "a calendar with startTime and timeZone");
        if (c == null || s == null) {
            return null;
        }
        Yaml startNode = c.required("startTime", "the first period's start, such as \"2024-01-01 00:00:00\"");
        Yaml zoneNode = c.required("timeZone", "an IANA time zone such as \"America/Vancouver\"");
        c.finish("a calendar");
        String startText = string(startNode, c.path("startTime"));
        String zoneText = string(zoneNode, c.path("timeZone"));
        Period length;
        switch (s.unit()) {
            case 'd': length = Period.ofDays(Math.toIntExact(s.amount())); break;
            case 'w': length = Period.ofDays(Math.toIntExact(7 * s.amount())); break;
            case 'M': length = Period.ofMonths(Math.toIntExact(s.amount())); break;
            case 'Q': length = Period.ofMonths(Math.toIntExact(3 * s.amount())); break;
            case 'Y': length = Period.ofYears(Math.toIntExact(s.amount())); break;
            default:
                error(duration, f.path("duration"), Text.quote(duration.text) + " is not a calendar period: sli's calendar periods are "
                        + "whole days, weeks, months, quarters or years (d, w, M, Q, Y)");
                return null;
        }
        LocalDate start = null;
        if (startText != null) {
            try {
                LocalDateTime at = startText.length() == 10 ? LocalDate.parse(startText).atStartOfDay()
                        : LocalDateTime.parse(startText, START_TIME);
                if (!at.toLocalTime().equals(LocalTime.MIDNIGHT)) {
                    error(startNode, c.path("startTime"), Text.quote(startText)
                            + " is not at midnight: sli's calendar periods start at 00:00:00 of a day");
                } else {
                    start = at.toLocalDate();
                }
            } catch (DateTimeException e) {
                error(startNode, c.path("startTime"), Text.quote(startText) + " is not a start time; write \"YYYY-MM-DD 00:00:00\"");
            }
        }
        ZoneId zone = null;
        if (zoneText != null) {
            try {
                zone = ZoneId.of(zoneText);
            } catch (DateTimeException e) {
                zone = null;
            }
            if (zone == null || zone instanceof ZoneOffset) {
                error(zoneNode, c.path("timeZone"), Text.quote(zoneText) + " is not an IANA time zone such as \"America/Vancouver\"");
                zone = null;
            }
        }
        if (start == null || zone == null) {
            return null;
        }
        try {
            return Window.calendar(start, length, zone);
        } catch (IllegalArgumentException e) {
            error(duration, f.path("duration"), problem(e, null));
            return null;
        }
    }

    /** The fixed length of {@code window} that burn rates are reckoned over, or null for months and years. */
    static Duration fixedLength(Window window) {
        if (window instanceof RollingWindow rolling) {
            return rolling.length();
        }
        Period p = ((CalendarWindow) window).length();
        return p.getMonths() == 0 && p.getYears() == 0 ? Duration.ofDays(p.getDays()) : null;
    }

    // ---------------------------------------------------------------------------------------------
    // Alerts

    private List<AlertTier> alerts(Yaml node, String path, Window window, Map<String, Map<String, Obj>> byKind,
            List<String> assumptions) {
        List<Yaml> items = list(node, path);
        List<AlertTier> tiers = new ArrayList<>();
        if (items == null) {
            return tiers;
        }
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path + "[" + i + "]";
            Yaml item = items.get(i);
            Obj policy = reference(item, itemPath, "alertPolicyRef", "AlertPolicy", byKind);
            if (policy == null) {
                continue;
            }
            AlertTier tier = policy(policy, window, byKind, assumptions);
            if (tier != null) {
                tiers.add(tier);
            }
        }
        return tiers;
    }

    /** An inline object of {@code kind}, or the document a {@code {refField: name}} item names. */
    private Obj reference(Yaml item, String path, String refField, String kind, Map<String, Map<String, Obj>> byKind) {
        if (item.type == Yaml.Type.MAP && item.members.containsKey(refField)) {
            Fields f = new Fields(item, path);
            Yaml refNode = f.get(refField);
            f.finish("a reference to an " + kind);
            String ref = string(refNode, f.path(refField));
            if (ref == null) {
                return null;
            }
            Obj target = byKind.getOrDefault(kind, Map.of()).get(ref);
            if (target == null) {
                error(refNode, f.path(refField), "no " + kind + " named " + Text.quote(ref) + " in this file");
            }
            return target;
        }
        return envelope(item, -1, path, kind);
    }

    private AlertTier policy(Obj policy, Window window, Map<String, Map<String, Obj>> byKind, List<String> assumptions) {
        Fields spec = new Fields(policy.spec.node, policy.spec.path);
        spec.get("description");
        Boolean breaching = bool(spec.get("alertWhenBreaching"), spec.path("alertWhenBreaching"));
        bool(spec.get("alertWhenResolved"), spec.path("alertWhenResolved"));
        bool(spec.get("alertWhenNoData"), spec.path("alertWhenNoData"));
        Yaml conditions = spec.required("conditions", "one alert condition");
        spec.get("notificationTargets"); // routing is the alerting system's business, not sli's
        spec.finish("an AlertPolicy's spec");
        if (Boolean.FALSE.equals(breaching)) {
            error(spec.node.members.get("alertWhenBreaching"), spec.path("alertWhenBreaching"),
                    "is not supported by sli: its alert tiers fire when the condition is breaching");
            return null;
        }
        List<Yaml> items = list(conditions, spec.path("conditions"));
        if (items == null) {
            return null;
        }
        if (items.size() != 1) {
            error(conditions, spec.path("conditions"), "an AlertPolicy takes exactly one condition, got " + items.size());
            return null;
        }
        Obj condition = reference(items.get(0), spec.path("conditions") + "[0]", "conditionRef", "AlertCondition", byKind);
        return condition == null ? null : condition(condition, window, assumptions);
    }

    private AlertTier condition(Obj obj, Window window, List<String> assumptions) {
        Fields spec = new Fields(obj.spec.node, obj.spec.path);
        spec.get("description");
        Yaml severityNode = spec.required("severity", "page or ticket");
        Yaml conditionNode = spec.required("condition", "a burnrate condition");
        spec.finish("an AlertCondition's spec");
        String severityText = string(severityNode, spec.path("severity"));
        AlertTier.Severity severity = null;
        if (severityText != null) {
            if (severityText.equals("page") || severityText.equals("ticket")) {
                severity = AlertTier.Severity.valueOf(severityText.toUpperCase(Locale.ROOT));
            } else {
                error(severityNode, spec.path("severity"), Text.quote(severityText) + " is not a severity sli knows; use page or ticket");
            }
        }
        if (conditionNode == null) {
            return null;
        }
        Fields c = fields(conditionNode, spec.path("condition"), "a burnrate condition");
        if (c == null) {
            return null;
        }
        Yaml kind = c.get("kind");
        Yaml op = c.get("op");
        Yaml thresholdNode = c.required("threshold", "the burn rate that fires the alert");
        Yaml lookback = c.required("lookbackWindow", "the long window, such as \"1h\"");
        Yaml alertAfter = c.get("alertAfter");
        c.finish("a burnrate condition");
        String kindText = string(kind, c.path("kind"));
        if (kindText != null && !kindText.equals("burnrate")) {
            error(kind, c.path("kind"), Text.quote(kindText) + " is not supported: sli alerts on burnrate");
        }
        String opText = string(op, c.path("op"));
        if (op == null) {
            error(conditionNode, c.path("op"), "required field is missing: gte, since the alert fires when the burn rate reaches the threshold");
        } else if (opText != null && !opText.equals("gte") && !opText.equals("gt")) {
            error(op, c.path("op"), Text.quote(opText) + " is not supported: a burn-rate alert fires when the rate reaches the threshold; write gte");
        }
        if (alertAfter != null) {
            Shorthand after = shorthand(alertAfter, c.path("alertAfter"), true);
            if (after != null && after.amount() != 0) {
                error(alertAfter, c.path("alertAfter"), "is not supported by sli: its tiers fire as soon as both windows burn; "
                        + "the short window (" + SHORT_WINDOW + ") is how a tier waits");
            }
        }
        BigDecimal burnRate = number(thresholdNode, c.path("threshold"));
        Duration longWindow = lookback == null ? null : fixedDuration(lookback, c.path("lookbackWindow"));
        if (burnRate == null || longWindow == null || severity == null || window == null) {
            return null;
        }
        if (burnRate.signum() <= 0) {
            error(thresholdNode, c.path("threshold"), burnRate.toPlainString() + " is not a positive burn rate");
            return null;
        }
        Duration period = fixedLength(window);
        BigDecimal fromRate = period == null ? null : burnRate.multiply(BigDecimal.valueOf(longWindow.toMillis()))
                .divide(BigDecimal.valueOf(period.toMillis()), MathContext.DECIMAL64);
        BigDecimal fraction;
        String stated = obj.annotation(BUDGET_FRACTION);
        if (stated != null) {
            try {
                fraction = decimal(stated);
            } catch (IllegalArgumentException e) {
                error(obj.annotations.get(BUDGET_FRACTION), obj.annotationPath(BUDGET_FRACTION), problem(e, null));
                return null;
            }
            if (fromRate != null && fromRate.subtract(fraction).abs().compareTo(fraction.abs().scaleByPowerOfTen(-6)) > 0) {
                error(thresholdNode, c.path("threshold"), "burn rate " + burnRate.toPlainString() + " over " + lookback.text
                        + " spends " + fromRate.round(new MathContext(6)).toPlainString() + " of the budget, but " + BUDGET_FRACTION
                        + " says " + fraction.toPlainString());
                return null;
            }
        } else if (fromRate != null) {
            fraction = fromRate;
        } else {
            error(thresholdNode, c.path("threshold"), "a burn rate on a calendar window of months or years has no fixed budget share; "
                    + "give it in the annotation " + BUDGET_FRACTION);
            return null;
        }
        Duration shortWindow;
        String shortText = obj.annotation(SHORT_WINDOW);
        if (shortText != null) {
            try {
                shortWindow = configDuration(shortText);
            } catch (IllegalArgumentException e) {
                error(obj.annotations.get(SHORT_WINDOW), obj.annotationPath(SHORT_WINDOW), problem(e, null));
                return null;
            }
        } else {
            shortWindow = longWindow.dividedBy(12);
            assumptions.add("Alert condition " + Text.quote(obj.name) + " gives no short window (" + SHORT_WINDOW
                    + "); " + OpenSloWriter.configDuration(shortWindow) + ", a twelfth of its lookback window, assumed as in the SRE Workbook.");
        }
        try {
            return AlertTier.of(severity, fraction.doubleValue(), longWindow, shortWindow);
        } catch (IllegalArgumentException e) {
            error(conditionNode, spec.path("condition"), Text.clean(String.valueOf(e.getMessage())));
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Annotation values

    /**
     * A duration in the JSON config's notation ("2s", "4.4h", "1h30m"). Read with the config's own
     * grammar, which the core exposes through {@link StatedAllowance#of}.
     */
    static Duration configDuration(String text) {
        try {
            return StatedAllowance.of(text, null).duration();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(problem(e, "duration"));
        }
    }

    static BigDecimal decimal(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Text.quote(text) + " is not a number");
        }
    }

    /** {@code label="value", …}: equality matchers only, as an SLI's labels are. */
    static Map<String, String> labels(String text) {
        Selector selector = Selector.parse("{" + text + "}");
        Map<String, String> out = new LinkedHashMap<>();
        for (LabelMatcher m : selector.matchers()) {
            if (m.op() != LabelMatcher.Op.EQUAL) {
                throw new IllegalArgumentException(Text.quote(m.toString()) + " is not label=\"value\": an SLI's labels are equalities");
            }
            out.put(m.label(), m.value());
        }
        return out;
    }

    private static <E extends Enum<E>> E choice(String text, E[] values) {
        List<String> names = new ArrayList<>();
        for (E value : values) {
            String name = value.name().toLowerCase(Locale.ROOT);
            if (name.equals(text)) {
                return value;
            }
            names.add(name);
        }
        throw new IllegalArgumentException(Text.quote(text) + " is not one of " + String.join(", ", names));
    }
}
