package dev.sli.openslo;

import java.util.List;

/**
 * The {@code sli.dev/} annotations: what OpenSLO cannot say, keyed by the JSON config's field names.
 * Which kind of object takes which is listed here and in the module README. Constants only.
 */
final class Annotations {

    static final String PREFIX = "sli.dev/";

    // Service (the document-wide ones may sit on one Service only)
    static final String REVIEW_EVERY = PREFIX + "reviewEvery";
    static final String NEXT_REVIEW = PREFIX + "nextReview";
    static final String DOCUMENT_ASSUMPTION = PREFIX + "documentAssumption";
    static final String ASSUMPTION = PREFIX + "assumption";

    // SLI
    static final String SERVICE = PREFIX + "service";
    static final String KIND = PREFIX + "kind";
    static final String LABELS = PREFIX + "labels";
    static final String THRESHOLD = PREFIX + "threshold";
    static final String QUANTILE = PREFIX + "quantile";
    static final String WORKLOADS = PREFIX + "workloads";
    static final String AVAILABILITY = PREFIX + "availability";
    static final String STALE_AFTER = PREFIX + "staleAfter";
    static final String CHECK = PREFIX + "check";
    static final String INTERVAL = PREFIX + "interval";
    static final String SOURCE_ROLE = PREFIX + "source.role";
    static final String SOURCE_UNIT = PREFIX + "source.unit";
    static final String SOURCE_BAD = PREFIX + "source.bad";
    static final String SOURCE_STARTED = PREFIX + "source.started";
    static final String SOURCE_WORKLOAD_LABEL = PREFIX + "source.workloadLabel";
    static final String SOURCE_ID_LABEL = PREFIX + "source.idLabel";

    // SLO
    static final String TYPE = PREFIX + "type";
    static final String MISSING_DATA = PREFIX + "missingData";
    static final String STATED_ALLOWANCE = PREFIX + "statedAllowance";
    static final String STATED_ALLOWANCE_TEXT = PREFIX + "statedAllowanceText";
    static final String ALERT_OPEN_PAST = PREFIX + "alertOpenPast";

    // AlertCondition
    static final String BUDGET_FRACTION = PREFIX + "budgetFraction";
    static final String SHORT_WINDOW = PREFIX + "shortWindow";

    static final List<String> SERVICE_KEYS = List.of(REVIEW_EVERY, NEXT_REVIEW, DOCUMENT_ASSUMPTION, ASSUMPTION);
    static final List<String> SLI_KEYS = List.of(SERVICE, KIND, ASSUMPTION, LABELS, THRESHOLD, QUANTILE, WORKLOADS,
            AVAILABILITY, STALE_AFTER, CHECK, INTERVAL, SOURCE_ROLE, SOURCE_UNIT, SOURCE_BAD, SOURCE_STARTED,
            SOURCE_WORKLOAD_LABEL, SOURCE_ID_LABEL);
    static final List<String> SLO_KEYS = List.of(TYPE, MISSING_DATA, STATED_ALLOWANCE, STATED_ALLOWANCE_TEXT,
            ALERT_OPEN_PAST, ASSUMPTION);
    static final List<String> CONDITION_KEYS = List.of(BUDGET_FRACTION, SHORT_WINDOW);
    static final List<String> NONE = List.of();

    /** The metric source type that means "no source: the embedded library records this SLI under its name". */
    static final String EMBEDDED_SOURCE = "sli";

    private Annotations() {
    }
}
