/**
 * The JSON SLO config: {@link dev.sli.core.config.ConfigReader} reads it into immutable spec objects,
 * {@link dev.sli.core.config.Lint} checks how they fit together. The format (version 1), with every
 * field; {@code ?} marks optional ones:
 *
 * <pre>{@code
 * { "format": 1, "reviewEvery"?: "P6M", "nextReview"?: "2024-09-01", "assumption"?: "…",
 *   "services": [ { "name": "registry", "description"?: "…", "assumption"?: "…",
 *     "slis": [
 *       { "name": "response-time", "kind": "latency", "threshold"?: "2s", "quantile"?: 0.99 },
 *       { "name": "request-outcome", "kind": "outcome" },
 *       { "name": "pod-readiness", "kind": "readiness", "workloads": ["api", "web"],
 *         "availability": "time" | "replicas", "staleAfter"?: "5m" },
 *       { "name": "uptime-probe", "kind": "probe", "check": "https://…", "interval"?: "1m" },
 *       { "name": "provision-time", "kind": "work", "threshold"?: "1h" } ],
 *       // every SLI also takes "description"?, "assumption"?, "labels"?: {"label": "value"} and
 *       // "source"?: which metric series feed it on replay or from Micrometer, a PromQL selector per role:
 *       //   latency: "histogram" | "gauge" (with "unit": "s" | "ms" | "us" | "ns") | "timer", and "bad"?
 *       //   outcome: "total" and one of "bad", "good";  readiness: "desired", "ready", "workloadLabel"?
 *       //   probe: "up";  work: "started", "finished", "idLabel"?
 *       //   e.g. "source": {"total": "http_requests_total{job=\"api\"}", "bad": "{code=~\"5..\"}"}
 *     "objectives": [
 *       { "name": "uptime-sla", "type": "SLA" | "SLO", "sli": "uptime-probe", "target": 0.99,
 *         "window": {"rolling": "3w"} | {"calendar": "3w" | "P1M", "start": "2024-01-01", "zone": "America/Vancouver"},
 *         "budgeting": {"method": "occurrences"} | {"method": "timeslices", "sliceTarget": 1, "slice"?: "1m"}
 *                    | {"method": "ratioTimeslices", "slice"?: "1m"},
 *         "missingData": "good" | "bad" | "exclude",
 *         "threshold"?: "8s",
 *         "statedAllowance"?: {"duration": "4.4h", "text"?: "allowing 4.4 hours of downtime every three weeks"},
 *         "alerts"?: [ {"severity": "page" | "ticket", "budgetFraction": 0.02, "longWindow": "1h", "shortWindow": "5m"} ],
 *         "alertOpenPast"?: "1h",
 *         "description"?: "…", "assumption"?: "…" } ] } ] }
 * }</pre>
 *
 * <p>Targets, slice targets and budget fractions are fractions (0.99, never 99); quantiles are in
 * [0, 1]. Durations are {@code <number><unit>} terms with units w, d, h, m, s, ms, largest first
 * ("500ms", "1h30m", "4.4h", "3w"). Dates are ISO ({@code YYYY-MM-DD}), periods ISO-8601 ({@code P6M}),
 * zones IANA. An objective's threshold overrides its SLI's. Unknown fields are errors.
 */
package dev.sli.core.config;
