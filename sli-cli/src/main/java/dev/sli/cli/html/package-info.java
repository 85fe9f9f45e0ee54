/**
 * The self-contained HTML report of {@code sli replay}, {@code sli report} and {@code sli inspect}:
 * {@link dev.sli.cli.html.HtmlReport} evaluates a registry over a range of instants and writes one HTML
 * file with inline CSS and inline SVG charts (error-budget burn-down, burn rate per alert tier, latency
 * percentiles, availability bands) and tables (SLO status, SLIs, lint findings, dashboard parity).
 *
 * <p>No charting library: the charts are lines, bands, ticks and markers on a time axis, which a small
 * SVG writer of our own ({@code SvgChart}) draws in a few hundred lines. That keeps the file
 * self-contained (no script, no network fetch, no external font), its output deterministic for the same
 * input, and every string from input passing through one escaping function ({@code Html.escape}).
 * Colours are the Okabe–Ito palette, and every series also differs by dash pattern or marker, so the charts
 * survive colour blindness and greyscale print.
 */
package dev.sli.cli.html;
