package dev.sli.cli.html;

import dev.sli.core.config.Finding;
import dev.sli.core.config.ObjectiveSpec;
import dev.sli.core.config.SliKind;
import dev.sli.core.config.SliSpec;
import dev.sli.core.record.LatencySeries;
import dev.sli.core.record.LatencySnapshot;
import dev.sli.core.record.ProbeSeries;
import dev.sli.core.record.ProbeSnapshot;
import dev.sli.core.record.ReadinessGroupSeries;
import dev.sli.core.record.ReadinessGroupSnapshot;
import dev.sli.core.record.Series;
import dev.sli.core.registry.BoundObjective;
import dev.sli.core.registry.ObjectiveReport;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.slo.AlertEvaluation;
import dev.sli.core.slo.BudgetProjection;
import dev.sli.core.slo.ErrorBudget;
import dev.sli.core.slo.Slo;
import dev.sli.core.slo.SloStatus;
import dev.sli.core.slo.Verdict;
import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.CalendarWindow;
import dev.sli.core.window.RollingWindow;
import dev.sli.core.window.Window;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A self-contained HTML report of a registry's objectives at one instant: the SLO status table, and over a
 * range of instants (hourly by default) the error-budget burn-down of every objective, the burn rate of each
 * of its alert tiers, the latency percentiles of every latency SLI and the up/down/unknown bands of every
 * readiness and probe SLI; then the SLIs as configured, the lint findings and the dashboard-parity pairs.
 * Inline CSS and SVG only: no script, no network fetch, no external font. Every string from input is
 * escaped; the same input gives the same bytes (nothing depends on the clock unless
 * {@link Builder#generatedAt} passes it in).
 *
 * <p>Immutable once built; {@link #html()} and {@link #writeTo} may be called from any thread. Building
 * evaluates the registry (as {@link SliRegistry#evaluate} does, at each instant of the range) and so follows
 * the registry's threading rules.
 */
public final class HtmlReport {

    private static final long HOUR = 3_600_000L;
    private static final int WIDTH = 960;

    private final String html;
    private final int charts;

    private HtmlReport(String html, int charts) {
        this.html = html;
        this.charts = charts;
    }

    /**
     * A builder for the report of {@code registry} evaluated at {@code atMillis} (epoch milliseconds).
     *
     * @throws NullPointerException if {@code registry} is null
     */
    public static Builder builder(SliRegistry registry, long atMillis) {
        return new Builder(Objects.requireNonNull(registry, "registry"), atMillis);
    }

    /** The whole document, UTF-8 text. */
    public String html() {
        return html;
    }

    /** How many charts ({@code svg.chart} elements) the report holds. */
    public int chartCount() {
        return charts;
    }

    /**
     * Writes {@link #html()} to {@code file} in UTF-8, replacing it if it exists, creating missing parent directories.
     *
     * @throws IOException if the file cannot be written
     */
    public void writeTo(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent); // --html out/report.html works in a fresh checkout
        }
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    /**
     * Configures a report: a title, the range the charts cover, the step between their points, the lint
     * findings, the parity pairs and free-text notes. Not thread-safe; {@link #build} may be called again.
     */
    public static final class Builder {
        private final SliRegistry registry;
        private final long atMillis;
        private String title = "sli report";
        private Long fromMillis;
        private Duration step = Duration.ofHours(1);
        private List<Finding> findings = List.of();
        private List<ParityRow> parity = List.of();
        private Map<String, Series> workloads = Map.of();
        private final List<String> notes = new ArrayList<>();
        private Instant generatedAt;

        private Builder(SliRegistry registry, long atMillis) {
            this.registry = registry;
            this.atMillis = atMillis;
        }

        /** The page's title and heading (escaped; default "sli report"). */
        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /**
         * Where the charts start, epoch milliseconds, before the evaluation instant. Default: the start of the
         * earliest data observed in any objective's window, rounded down to the step (the evaluation instant
         * less a day when nothing was observed).
         */
        public Builder fromMillis(long fromMillis) {
            this.fromMillis = fromMillis;
            return this;
        }

        /**
         * The time between chart points (default 1 hour): positive and a whole number of the registry's
         * buckets, else {@link #build} throws {@link IllegalArgumentException}.
         */
        public Builder step(Duration step) {
            this.step = Objects.requireNonNull(step, "step");
            return this;
        }

        /** The lint findings to list (default none). */
        public Builder findings(List<Finding> findings) {
            this.findings = List.copyOf(findings);
            return this;
        }

        /**
         * Readiness series of single workloads to draw under the SLIs in the availability timeline, by label
         * (default none); the replay feeds them from the same samples, one per workload of a readiness SLI.
         */
        public Builder workloads(Map<String, Series> workloads) {
            this.workloads = new java.util.LinkedHashMap<>(workloads);
            return this;
        }

        /** The dashboard-parity pairs to list (default none: the section says so). */
        public Builder parity(List<ParityRow> parity) {
            this.parity = List.copyOf(parity);
            return this;
        }

        /** Adds a line under the heading, such as what was read (escaped). */
        public Builder note(String note) {
            notes.add(Objects.requireNonNull(note, "note"));
            return this;
        }

        /** When the report was made, shown under the heading; default: not shown, so that output is reproducible. */
        public Builder generatedAt(Instant generatedAt) {
            this.generatedAt = Objects.requireNonNull(generatedAt, "generatedAt");
            return this;
        }

        /**
         * Evaluates the registry and writes the document.
         *
         * @throws IllegalArgumentException if the step is not a positive whole number of buckets, or the start
         *     is not before the evaluation instant
         */
        public HtmlReport build() {
            BucketGrid grid = registry.options().grid();
            long stepMillis = step.toMillis();
            if (stepMillis <= 0 || stepMillis % grid.resolutionMillis() != 0) {
                throw new IllegalArgumentException("step " + step + " is not a positive whole number of buckets of "
                        + grid.resolution());
            }
            List<ObjectiveReport> reports = registry.evaluate(atMillis);
            long from = fromMillis != null ? fromMillis : defaultFrom(reports, stepMillis);
            if (from >= atMillis) {
                throw new IllegalArgumentException("charts would start at " + Instant.ofEpochMilli(from)
                        + ", not before the evaluation instant " + Instant.ofEpochMilli(atMillis));
            }
            return new Writer(this, reports, instants(from, atMillis, stepMillis), stepMillis).write();
        }

        private long defaultFrom(List<ObjectiveReport> reports, long stepMillis) {
            long earliest = Long.MAX_VALUE;
            for (ObjectiveReport r : reports) {
                var span = r.status().coverage().observedSpan();
                if (span.isPresent()) {
                    earliest = Math.min(earliest, span.get().startMillis());
                }
            }
            if (earliest == Long.MAX_VALUE || earliest >= atMillis) {
                earliest = atMillis - 86_400_000L;
            }
            long from = Math.floorDiv(earliest, stepMillis) * stepMillis;
            return from >= atMillis ? atMillis - stepMillis : from;
        }
    }

    /**
     * The instants the charts are drawn at: {@code from}, then every {@code step} up to {@code at}, and
     * {@code at} itself last, so that the last point of every chart is the status the table shows.
     */
    static long[] instants(long from, long at, long step) {
        List<Long> out = new ArrayList<>();
        for (long t = from; t < at; t += step) {
            out.add(t);
        }
        out.add(at);
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** Writes one document. */
    private static final class Writer {
        private final Builder b;
        private final List<ObjectiveReport> reports;
        private final long[] times;
        private final long stepMillis;
        private final StringBuilder out = new StringBuilder(64 * 1024);
        private int charts;

        Writer(Builder b, List<ObjectiveReport> reports, long[] times, long stepMillis) {
            this.b = b;
            this.reports = reports;
            this.times = times;
            this.stepMillis = stepMillis;
        }

        HtmlReport write() {
            long from = times[0];
            long at = b.atMillis;
            out.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                    .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>").append(Html.escape(b.title))
                    .append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
            out.append("<header><h1>").append(Html.escape(b.title)).append("</h1>\n<p class=\"meta\">Evaluated at <strong>")
                    .append(Instant.ofEpochMilli(at)).append("</strong>; charts from ").append(Instant.ofEpochMilli(from)).append(" to ")
                    .append(Instant.ofEpochMilli(at)).append(", a point every ").append(human(Duration.ofMillis(stepMillis)))
                    .append(" (UTC).").append(b.generatedAt == null ? "" : " Generated at " + b.generatedAt + ".").append("</p>\n");
            for (String note : b.notes) {
                out.append("<p class=\"note\">").append(Html.escape(note)).append("</p>\n");
            }
            out.append("</header>\n<nav><a href=\"#status\">Status</a> · <a href=\"#budget\">Error budget</a> · <a href=\"#burn\">Burn rate</a>"
                    + " · <a href=\"#latency\">Latency</a> · <a href=\"#availability\">Availability</a> · <a href=\"#slis\">SLIs</a>"
                    + " · <a href=\"#lint\">Lint</a> · <a href=\"#parity\">Dashboard parity</a></nav>\n");
            statusTable();
            List<SloStatus[]> history = new ArrayList<>();
            for (ObjectiveReport r : reports) {
                BoundObjective o = r.objective();
                SloStatus[] s = new SloStatus[times.length];
                for (int i = 0; i < times.length; i++) {
                    s[i] = i == times.length - 1 ? r.status() : Slo.evaluate(o.objective(), o.indicator(), times[i]);
                }
                history.add(s);
            }
            budgetSection(history);
            burnSection(history);
            latencySection();
            availabilitySection();
            sliTable();
            lintTable();
            parityTable();
            out.append("</body>\n</html>\n");
            return new HtmlReport(out.toString(), charts);
        }

        // ---- status -------------------------------------------------------------------------------

        private void statusTable() {
            out.append("<section id=\"status\"><h2>SLO status</h2>\n");
            if (reports.isEmpty()) {
                out.append("<p>The document has no objectives.</p></section>\n");
                return;
            }
            out.append("<table class=\"status\"><thead><tr><th>Objective</th><th>Type</th><th>SLI</th><th>Target</th><th>Window</th>"
                    + "<th>Verdict</th><th>Coverage</th><th>SLI value</th><th>Budget remaining</th><th>Exhausted in</th><th>Alerts</th>"
                    + "</tr></thead>\n<tbody>\n");
            for (ObjectiveReport r : reports) {
                SloStatus s = r.status();
                ObjectiveSpec spec = r.objective().spec();
                ErrorBudget budget = s.budget();
                BudgetProjection p = s.projection();
                out.append("<tr data-objective=\"").append(Html.escape(name(r.objective()))).append("\"><td>")
                        .append(Html.escape(name(r.objective()))).append("</td><td>").append(spec.type()).append("</td><td>")
                        .append(Html.escape(spec.sli())).append(" (").append(r.objective().sli().kind().name().toLowerCase(Locale.ROOT))
                        .append(")</td><td class=\"num\">").append(percent(spec.target())).append("</td><td>")
                        .append(Html.escape(describe(spec.window()))).append("</td><td class=\"verdict ").append(s.verdict().name())
                        .append("\">").append(verdict(s.verdict())).append("</td><td>").append(Html.escape(s.coverage().describe()))
                        .append("</td><td class=\"num\">").append(s.ratio().isPresent() ? percent(s.ratio().getAsDouble()) : "no data")
                        .append("</td><td class=\"num\">").append(Html.escape(remaining(budget))).append("</td><td>")
                        .append(p.timeToExhaustion().map(d -> span(d) + " at the current burn").orElse(budget.isExhausted() ? "exhausted" : "—"))
                        .append("</td><td>").append(s.alerts().tiers().isEmpty() ? "none configured" : s.alerts().decision().name())
                        .append("</td></tr>\n");
            }
            out.append("</tbody></table>\n<p class=\"caption\">The verdict is read off the budget: MISSED exactly when it is overspent;"
                    + " an incompletely observed window is AT RISK or ON TRACK by its projection at the current burn.</p></section>\n");
        }

        // ---- budget ---------------------------------------------------------------------------------

        private void budgetSection(List<SloStatus[]> history) {
            out.append("<section id=\"budget\"><h2>Error budget remaining</h2>\n");
            for (int k = 0; k < reports.size(); k++) {
                ObjectiveReport r = reports.get(k);
                SloStatus[] s = history.get(k);
                double[] rem = new double[times.length];
                double min = 0;
                double max = 100;
                for (int i = 0; i < times.length; i++) {
                    rem[i] = remainingPercent(s[i].budget().consumedFraction());
                    if (!Double.isNaN(rem[i])) {
                        min = Math.min(min, rem[i]);
                        max = Math.max(max, rem[i]);
                    }
                }
                SloStatus now = r.status();
                BudgetProjection p = now.projection();
                long at = b.atMillis;
                double projected = remainingPercent(p.consumedFraction());
                boolean project = !now.coverage().isEmpty() && p.undecidedMillis() > 0 && !Double.isNaN(projected)
                        && !Double.isNaN(rem[rem.length - 1]);
                if (project) {
                    min = Math.min(min, projected);
                    max = Math.max(max, projected);
                }
                String id = "budget-" + k;
                SvgChart c = new SvgChart(id, "budget", "Error budget remaining of " + name(r.objective()), WIDTH, 260)
                        .x(times[0], project ? at + p.undecidedMillis() : at)
                        .y(min, max, "budget remaining (% of allowed)");
                c.line("budget remaining", new SvgChart.Style(SvgChart.BLUE, "", 2), times, rem);
                if (project) {
                    c.line("projected at the current burn", new SvgChart.Style(SvgChart.VERMILLION, "7 4", 2),
                            new long[] {at, at + p.undecidedMillis()}, new double[] {rem[rem.length - 1], projected});
                }
                c.hline("zero", 0, "budget exhausted (0 %)", new SvgChart.Style(SvgChart.BLACK, "2 3", 1));
                if (project && p.timeToExhaustion().isPresent()) {
                    long when = at + p.timeToExhaustion().get().toMillis();
                    c.point("exhaustion", when, 0, SvgChart.VERMILLION, "exhausted " + Instant.ofEpochMilli(when) + " at the current burn");
                }
                Window w = r.objective().spec().window();
                figure("h3", name(r.objective()) + " — " + percent(r.objective().spec().target()) + " over " + describe(w), c,
                        "Each point is the budget as evaluated at that instant ("
                                + (w instanceof RollingWindow ? "the rolling window ending there" : "the calendar period holding it, consumed so far")
                                + "): 100 % untouched, 0 % exhausted, below 0 overspent."
                                + (project ? " Dashed: the " + span(Duration.ofMillis(p.undecidedMillis()))
                                        + " of the window not observed, burning at the rate observed so far." : ""));
            }
            out.append("</section>\n");
        }

        // ---- burn rates -----------------------------------------------------------------------------

        private void burnSection(List<SloStatus[]> history) {
            out.append("<section id=\"burn\"><h2>Burn rate per alert tier</h2>\n");
            boolean any = false;
            for (int k = 0; k < reports.size(); k++) {
                ObjectiveReport r = reports.get(k);
                List<AlertEvaluation.TierResult> tiers = r.status().alerts().tiers();
                if (tiers.isEmpty()) {
                    continue;
                }
                any = true;
                SloStatus[] s = history.get(k);
                out.append("<h3>").append(Html.escape(name(r.objective()))).append("</h3>\n<div class=\"tiers\">\n");
                for (int j = 0; j < tiers.size(); j++) {
                    AlertEvaluation.TierResult tier = tiers.get(j);
                    double[] longRate = new double[times.length];
                    double[] shortRate = new double[times.length];
                    double max = tier.factor() * 1.25;
                    List<Integer> fired = new ArrayList<>();
                    List<Integer> suppressed = new ArrayList<>();
                    for (int i = 0; i < times.length; i++) {
                        AlertEvaluation.TierResult t = s[i].alerts().tiers().get(j);
                        longRate[i] = t.longBurn().hasData() ? t.longBurn().rate() : Double.NaN;
                        shortRate[i] = t.shortBurn().hasData() ? t.shortBurn().rate() : Double.NaN;
                        for (double v : new double[] {longRate[i], shortRate[i]}) {
                            if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                                max = Math.max(max, v);
                            }
                        }
                        if (t.firing()) {
                            (t.suppressed() ? suppressed : fired).add(i);
                        }
                    }
                    String lw = human(tier.tier().longWindow());
                    String sw = human(tier.tier().shortWindow());
                    String severity = tier.tier().severity().name().toLowerCase(Locale.ROOT);
                    SvgChart c = new SvgChart("burn-" + k + "-" + j, "burn", "Burn rate of " + name(r.objective()) + ", " + severity
                            + " tier " + lw + "/" + sw, 470, 230).x(times[0], b.atMillis).y(0, max, "burn rate (× budget-neutral)");
                    c.line("burn over " + lw + " (long)", new SvgChart.Style(SvgChart.BLUE, "", 2), times, longRate);
                    c.line("burn over " + sw + " (short)", new SvgChart.Style(SvgChart.ORANGE, "7 4", 1.5), times, shortRate);
                    c.hline("threshold", tier.factor(), "threshold " + trim(tier.factor()) + "×", new SvgChart.Style(SvgChart.BLACK, "2 3", 1.2));
                    marks(c, "fired", true, fired, longRate, severity);
                    marks(c, "fired, suppressed by a higher tier", false, suppressed, longRate, severity);
                    figure("h4", severity + ": " + lw + " and " + sw + " at or above " + trim(tier.factor()) + "× ("
                            + percent(tier.tier().budgetFraction()) + " of the budget in " + lw + ")", c,
                            "Sampled at each chart point; a filled triangle marks a point where the tier fired (both windows at or above the"
                                    + " threshold).");
                }
                out.append("</div>\n");
            }
            if (!any) {
                out.append("<p>No objective has alert tiers.</p>\n");
            }
            out.append("</section>\n");
        }

        private void marks(SvgChart c, String label, boolean filled, List<Integer> at, double[] rate, String severity) {
            long[] t = new long[at.size()];
            double[] v = new double[at.size()];
            String[] tips = new String[at.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = times[at.get(i)];
                v[i] = Double.isNaN(rate[at.get(i)]) ? 0 : rate[at.get(i)];
                tips[i] = severity + " " + label + " at " + Instant.ofEpochMilli(t[i]);
            }
            c.markers(label, SvgChart.VERMILLION, filled, t, v, tips);
        }

        // ---- latency --------------------------------------------------------------------------------

        private void latencySection() {
            out.append("<section id=\"latency\"><h2>Latency percentiles</h2>\n");
            int k = 0;
            double[] qs = {0.5, 0.95, 0.99};
            String[] names = {"p50", "p95", "p99"};
            SvgChart.Style[] styles = {new SvgChart.Style(SvgChart.BLUE, "", 2), new SvgChart.Style(SvgChart.ORANGE, "7 4", 2),
                new SvgChart.Style(SvgChart.VERMILLION, "2 3", 2)};
            for (Map.Entry<String, Series> e : b.registry.series().entrySet()) {
                if (!(e.getValue() instanceof LatencySeries latency)) {
                    continue;
                }
                Window step = Window.rolling(Duration.ofMillis(stepMillis));
                double[][] nanos = new double[qs.length][times.length];
                double top = 0;
                for (int i = 0; i < times.length; i++) {
                    LatencySnapshot snap = latency.snapshotAt(step, times[i], qs);
                    for (int q = 0; q < qs.length; q++) {
                        var v = snap.quantileNanos(qs[q]);
                        nanos[q][i] = v.isPresent() ? v.getAsLong() : Double.NaN;
                        if (v.isPresent()) {
                            top = Math.max(top, v.getAsLong());
                        }
                    }
                }
                TreeMap<Duration, List<String>> thresholds = thresholds(e.getKey());
                for (Duration d : thresholds.keySet()) {
                    top = Math.max(top, d.toNanos());
                }
                boolean seconds = top >= 1e9;
                double unit = seconds ? 1e9 : 1e6;
                String unitName = seconds ? "s" : "ms";
                SvgChart c = new SvgChart("latency-" + k, "latency", "Latency percentiles of " + e.getKey(), WIDTH, 260)
                        .x(times[0], b.atMillis).y(0, top / unit * 1.05, "latency (" + unitName + ")");
                for (int q = 0; q < qs.length; q++) {
                    double[] v = new double[times.length];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = nanos[q][i] / unit;
                    }
                    c.line(names[q], styles[q], times, v);
                }
                for (Map.Entry<Duration, List<String>> t : thresholds.entrySet()) {
                    c.hline("threshold", t.getKey().toNanos() / unit, "threshold " + trim(t.getKey().toNanos() / unit) + " " + unitName
                            + " (" + String.join(", ", t.getValue()) + ")", new SvgChart.Style(SvgChart.BLACK, "9 3 2 3", 1.2));
                }
                figure("h3", e.getKey(), c, "Each point: the percentile of the requests in the " + human(Duration.ofMillis(stepMillis))
                        + " before it (gaps where there were none), within the histogram's stated precision.");
                k++;
            }
            if (k == 0) {
                out.append("<p>No latency SLI.</p>\n");
            }
            out.append("</section>\n");
        }

        /** Every threshold that applies to latency SLI {@code key}, with the objectives (or the SLI) that state it. */
        private TreeMap<Duration, List<String>> thresholds(String key) {
            TreeMap<Duration, List<String>> out = new TreeMap<>();
            SliSpec sli = b.registry.specs().get(key);
            sli.threshold().ifPresent(t -> out.computeIfAbsent(t, x -> new ArrayList<>()).add("SLI"));
            for (BoundObjective o : b.registry.objectives()) {
                if ((o.service() + "/" + o.sli().name()).equals(key) && o.spec().threshold().isPresent()) {
                    out.computeIfAbsent(o.spec().threshold().get(), x -> new ArrayList<>()).add(o.spec().name());
                }
            }
            return out;
        }

        // ---- availability ---------------------------------------------------------------------------

        private void availabilitySection() {
            out.append("<section id=\"availability\"><h2>Availability timeline</h2>\n");
            List<Map.Entry<String, Series>> rows = new ArrayList<>();
            for (Map.Entry<String, Series> e : b.registry.series().entrySet()) {
                if (e.getValue() instanceof ReadinessGroupSeries || e.getValue() instanceof ProbeSeries) {
                    rows.add(e);
                }
            }
            int sliRows = rows.size();
            rows.addAll(b.workloads.entrySet());
            if (rows.isEmpty()) {
                out.append("<p>No readiness or probe SLI.</p></section>\n");
                return;
            }
            BucketGrid grid = b.registry.options().grid();
            long from = times[0];
            long end = grid.alignDown(b.atMillis);
            long res = grid.resolutionMillis();
            long slice = res * Math.max(1, (end - from + res * 2000 - 1) / (res * 2000));
            SvgChart c = new SvgChart("availability", "availability", "Availability: up, down and unknown time", WIDTH,
                    16 + 44 + 44 * rows.size()).x(from, b.atMillis).rows(rows.size(), "one row per SLI");
            for (int row = 0; row < rows.size(); row++) {
                Series series = rows.get(row).getValue();
                long up = 0;
                long down = 0;
                long unknown = 0;
                String state = null;
                long runStart = from;
                long runDown = 0;
                for (long s = from; s < end; s += slice) {
                    long e = Math.min(end, s + slice);
                    long[] a = amounts(series, e - s, e);
                    up += a[0];
                    down += a[1];
                    unknown += a[2];
                    String st = a[1] > 0 ? "down" : a[0] > 0 ? "up" : "unknown";
                    if (!st.equals(state)) {
                        if (state != null) {
                            c.band(row, runStart, s, state, tip(state, runStart, s, runDown));
                        }
                        state = st;
                        runStart = s;
                        runDown = 0;
                    }
                    runDown += a[1];
                }
                if (state != null) {
                    c.band(row, runStart, end, state, tip(state, runStart, end, runDown));
                }
                String key = rows.get(row).getKey();
                String what;
                if (row >= sliRows) {
                    what = "this workload alone";
                } else {
                    SliSpec spec = b.registry.specs().get(key);
                    what = series instanceof ProbeSeries ? "probe" + spec.check().map(x -> " " + x).orElse("")
                            : "readiness of " + (spec.workloads().isEmpty() ? "its workloads" : String.join(", ", spec.workloads()));
                }
                c.rowLabel(row, key + " (" + what + "): up " + minutes(up) + ", down " + minutes(down) + ", unknown " + minutes(unknown));
            }
            c.bandLegend("up", "up").bandLegend("down", "down (some time not ready / failed)").bandLegend("unknown", "unknown (no data)");
            figure(null, null, c, "Readiness rows of an SLI: the service (every workload with data fully ready, as the SLI counts it)"
                    + (b.workloads.isEmpty() ? ", not each workload apart" : "; the rows after them, each workload alone")
                    + ". A stretch is down if any of it was down, so a short outage is never hidden; the totals are exact.");
            out.append("</section>\n");
        }

        /** Up, down and unknown milliseconds of {@code series} in the {@code lengthMillis} before {@code endMillis}. */
        private static long[] amounts(Series series, long lengthMillis, long endMillis) {
            Window w = Window.rolling(Duration.ofMillis(lengthMillis));
            if (series instanceof ProbeSeries p) {
                ProbeSnapshot s = p.snapshotAt(w, endMillis);
                return new long[] {s.upMillis(), s.downMillis(), s.unknownMillis()};
            }
            ReadinessGroupSnapshot s = ((ReadinessGroupSeries) series).snapshotAt(w, endMillis);
            return new long[] {s.fullyReadyMillis(), s.notReadyMillis(), s.unknownMillis()};
        }

        private static String tip(String state, long from, long to, long downMillis) {
            return state + " from " + Instant.ofEpochMilli(from) + " to " + Instant.ofEpochMilli(to)
                    + (state.equals("down") ? " (" + minutes(downMillis) + " down)" : "");
        }

        // ---- tables ---------------------------------------------------------------------------------

        private void sliTable() {
            out.append("<section id=\"slis\"><h2>SLIs</h2>\n<table class=\"slis\"><thead><tr><th>SLI</th><th>Kind</th><th>Description</th>"
                    + "<th>Assumption</th><th>Details</th></tr></thead>\n<tbody>\n");
            for (Map.Entry<String, SliSpec> e : b.registry.specs().entrySet()) {
                SliSpec s = e.getValue();
                List<String> details = new ArrayList<>();
                s.threshold().ifPresent(t -> details.add("threshold " + human(t)));
                s.quantile().ifPresent(q -> details.add("quantile " + trim(q)));
                if (!s.workloads().isEmpty()) {
                    details.add("workloads " + String.join(", ", s.workloads()));
                }
                if (!s.labels().isEmpty()) {
                    details.add("labels " + s.labels());
                }
                s.check().ifPresent(c -> details.add("check " + c));
                out.append("<tr><td>").append(Html.escape(e.getKey())).append("</td><td>").append(s.kind().name().toLowerCase(Locale.ROOT))
                        .append("</td><td>").append(Html.escape(s.description().orElse(""))).append("</td><td>")
                        .append(Html.escape(s.assumption().orElse(""))).append("</td><td>").append(Html.escape(String.join("; ", details)))
                        .append("</td></tr>\n");
            }
            out.append("</tbody></table>\n");
            for (BoundObjective o : b.registry.objectives()) {
                Optional<String> text = o.spec().assumption().or(() -> o.spec().description());
                text.ifPresent(t -> out.append("<p class=\"note\"><strong>").append(Html.escape(name(o))).append("</strong>: ")
                        .append(Html.escape(t)).append("</p>\n"));
            }
            out.append("</section>\n");
        }

        private void lintTable() {
            out.append("<section id=\"lint\"><h2>Lint findings</h2>\n");
            if (b.findings.isEmpty()) {
                out.append("<p>No findings.</p></section>\n");
                return;
            }
            out.append("<table class=\"lint\"><thead><tr><th>Severity</th><th>Rule</th><th>Where</th><th>Finding</th></tr></thead>\n<tbody>\n");
            for (Finding f : b.findings) {
                out.append("<tr class=\"").append(f.severity().name()).append("\"><td>").append(f.severity()).append("</td><td>")
                        .append(Html.escape(f.rule())).append("</td><td>").append(Html.escape(f.path())).append("</td><td>")
                        .append(Html.escape(f.message())).append("</td></tr>\n");
            }
            out.append("</tbody></table></section>\n");
        }

        private void parityTable() {
            out.append("<section id=\"parity\"><h2>Dashboard parity</h2>\n");
            if (b.parity.isEmpty()) {
                out.append("<p>No dashboard parity pairs in this report (<code>sli parity</code> computes them).</p></section>\n");
                return;
            }
            out.append("<table class=\"parity\"><thead><tr><th>Number</th><th>Dashboard shows</th><th>Correct value</th><th>Why they differ</th>"
                    + "</tr></thead>\n<tbody>\n");
            for (ParityRow p : b.parity) {
                out.append("<tr><td>").append(Html.escape(p.id())).append("</td><td class=\"num\">").append(Html.escape(p.dashboardValue()))
                        .append("</td><td class=\"num\">").append(Html.escape(p.correctValue())).append("</td><td>")
                        .append(Html.escape(p.sentence())).append("</td></tr>\n");
            }
            out.append("</tbody></table></section>\n");
        }

        private void figure(String heading, String headingText, SvgChart c, String caption) {
            out.append("<figure>");
            if (heading != null) {
                out.append('<').append(heading).append('>').append(Html.escape(headingText)).append("</").append(heading).append('>');
            }
            out.append('\n').append(c.svg()).append(c.legendHtml()).append("<figcaption>").append(Html.escape(caption))
                    .append("</figcaption></figure>\n");
            charts++;
        }
    }

    // ---- formatting ------------------------------------------------------------------------------------

    /** (1 − consumed fraction) × 100, or NaN when nothing is allowed (the fraction is infinite). */
    static double remainingPercent(double consumedFraction) {
        return Double.isInfinite(consumedFraction) || Double.isNaN(consumedFraction) ? Double.NaN : (1 - consumedFraction) * 100;
    }

    static String name(BoundObjective o) {
        return o.service() + "/" + o.spec().name();
    }

    private static String verdict(Verdict v) {
        switch (v) {
            case MET:
                return "✓ MET";
            case MISSED:
                return "✗ MISSED";
            case AT_RISK:
                return "! AT RISK";
            case ON_TRACK:
                return "→ ON TRACK";
            default:
                return "? NO DATA";
        }
    }

    private static String remaining(ErrorBudget b) {
        String left = Double.isInfinite(b.consumedFraction()) ? "no allowance"
                : new BigDecimal((1 - b.consumedFraction()) * 100).setScale(2, RoundingMode.HALF_UP).toPlainString() + " %";
        if (b.isTimeBased()) {
            return String.format(Locale.ROOT, "%.2f of %.2f min (%s)", b.remainingMinutes(), b.allowedMinutes(), left);
        }
        return amount(b.remaining()) + " of " + amount(b.allowed()) + " " + b.unit().name().toLowerCase(Locale.ROOT).replace('_', '-')
                + " (" + left + ")";
    }

    static String describe(Window w) {
        if (w instanceof RollingWindow r) {
            return "rolling " + human(r.length());
        }
        CalendarWindow c = (CalendarWindow) w;
        return "calendar " + c.length() + " from " + c.start() + " " + c.zone();
    }

    static String human(Duration d) {
        long s = d.getSeconds();
        if (s % 604_800 == 0 && s > 0) {
            return (s / 604_800) + "w";
        }
        if (s % 86_400 == 0 && s > 0) {
            return (s / 86_400) + "d";
        }
        if (s >= 3_600) {
            return (s / 3_600) + "h" + (s % 3_600 >= 60 ? (s % 3_600 / 60) + "m" : "");
        }
        if (s >= 60) {
            return (s / 60) + "m" + (s % 60 > 0 ? (s % 60) + "s" : "");
        }
        return s > 0 ? s + "s" : d.toMillis() + "ms";
    }

    static String span(Duration d) {
        long ms = d.toMillis();
        if (ms >= 2 * 86_400_000L) {
            return String.format(Locale.ROOT, "%.1f d", ms / 86_400_000.0);
        }
        if (ms >= 2 * HOUR) {
            return String.format(Locale.ROOT, "%.1f h", ms / (double) HOUR);
        }
        return String.format(Locale.ROOT, "%.0f min", ms / 60_000.0);
    }

    static String minutes(long millis) {
        return millis >= 2 * HOUR ? String.format(Locale.ROOT, "%.1f h", millis / (double) HOUR)
                : String.format(Locale.ROOT, "%.0f min", millis / 60_000.0);
    }

    static String percent(double fraction) {
        return trim(100 * fraction) + " %";
    }

    static String trim(double value) {
        String s = String.format(Locale.ROOT, "%.4f", value);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    static String amount(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : trim(value);
    }

    private static final String CSS = String.join("\n",
            ":root { color-scheme: light; }",
            "body { font-family: system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif; color: #111111;"
                    + " background: #ffffff; margin: 0 auto; max-width: 1000px; padding: 16px 24px; line-height: 1.4; }",
            "h1 { font-size: 1.5em; margin: 0.2em 0; }",
            "h2 { font-size: 1.25em; border-bottom: 1px solid #cccccc; margin-top: 1.8em; }",
            "h3 { font-size: 1.05em; margin: 1.2em 0 0.3em; }",
            "h4 { font-size: 0.95em; margin: 0.6em 0 0.2em; }",
            "p.meta, p.note, figcaption, p.caption { color: #444444; font-size: 0.9em; }",
            "nav { font-size: 0.9em; margin: 0.8em 0; }",
            "table { border-collapse: collapse; width: 100%; font-size: 0.85em; }",
            "th, td { border: 1px solid #cccccc; padding: 3px 6px; text-align: left; vertical-align: top; }",
            "th { background: #f2f2f2; }",
            "td.num { text-align: right; font-variant-numeric: tabular-nums; }",
            "td.verdict { font-weight: bold; white-space: nowrap; }",
            "td.MISSED { color: #a63d00; } td.AT_RISK { color: #8a5a00; } td.MET, td.ON_TRACK { color: #00664a; }",
            "tr.ERROR td { background: #fbe3d6; }",
            "figure { margin: 0 0 18px; break-inside: avoid; page-break-inside: avoid; }",
            "svg.chart { display: block; width: 100%; height: auto; max-width: 960px; }",
            "svg.chart text { font-size: 11px; fill: #222222; }",
            "svg.chart .axis-label { font-size: 12px; }",
            "svg.chart .grid { stroke: #e4e4e4; stroke-width: 1; }",
            "svg.chart .hlabel, svg.chart .rowlabel { paint-order: stroke; stroke: #ffffff; stroke-width: 3px; }",
            "svg.chart .rowlabel { font-size: 12px; }",
            ".tiers { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; }",
            "ul.legend { list-style: none; padding: 0; margin: 4px 0 6px; display: flex; flex-wrap: wrap; gap: 2px 16px; font-size: 0.8em; }",
            "ul.legend svg { vertical-align: middle; margin-right: 4px; }",
            "@media (max-width: 720px) { .tiers { grid-template-columns: 1fr; } body { padding: 8px; } }",
            "@media print { body { max-width: none; padding: 0; font-size: 10pt; } nav { display: none; }"
                    + " h2, h3, h4 { break-after: avoid; page-break-after: avoid; } tr { break-inside: avoid; }"
                    + " svg.chart { max-width: 100%; } }",
            "");
}
