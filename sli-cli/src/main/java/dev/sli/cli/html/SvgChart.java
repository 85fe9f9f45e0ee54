package dev.sli.cli.html;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SVG writer for one chart on a time axis: lines (with gaps where a value is NaN), horizontal
 * threshold lines, point markers and horizontal state bands, with ticked and labelled axes. Set both axes
 * first, then add what the chart shows, then {@link #svg()}. Every series carries its instants and values as
 * {@code data-t} (epoch milliseconds) and {@code data-v} attributes, so that what is drawn can be checked.
 * Every label passes through {@link Html#escape}. Not thread-safe; one per chart.
 */
final class SvgChart {

    /** Okabe–Ito colours. */
    static final String BLACK = "#000000";
    static final String ORANGE = "#E69F00";
    static final String SKY_BLUE = "#56B4E9";
    static final String BLUISH_GREEN = "#009E73";
    static final String YELLOW = "#F0E442";
    static final String BLUE = "#0072B2";
    static final String VERMILLION = "#D55E00";
    static final String REDDISH_PURPLE = "#CC79A7";
    static final String GREY = "#999999";

    /** How a line is drawn: colour, dash pattern (empty for solid) and width in px. */
    record Style(String colour, String dash, double width) {
    }

    private static final int LEFT = 72;
    private static final int RIGHT = 48;
    private static final int TOP = 16;
    private static final int BOTTOM = 44;

    private final String id;
    private final String kind;
    private final String title;
    private final int width;
    private final int height;
    private long x0;
    private long x1;
    private double y0;
    private double y1;
    private double yStep;
    private String yLabel;
    private boolean yTicks = true;
    private final StringBuilder plot = new StringBuilder();
    private final StringBuilder over = new StringBuilder();
    private final List<String> legend = new ArrayList<>();

    SvgChart(String id, String kind, String title, int width, int height) {
        this.id = id;
        this.kind = kind;
        this.title = title;
        this.width = width;
        this.height = height;
    }

    /** The time axis, from {@code fromMillis} to {@code toMillis} (later). */
    SvgChart x(long fromMillis, long toMillis) {
        if (toMillis <= fromMillis) {
            throw new IllegalArgumentException("empty time axis " + fromMillis + " to " + toMillis);
        }
        x0 = fromMillis;
        x1 = toMillis;
        return this;
    }

    /** The value axis, widened to whole ticks around {@code min} to {@code max}; {@code label} names the unit. */
    SvgChart y(double min, double max, String label) {
        if (!(max > min)) {
            max = min + 1;
        }
        yStep = niceStep((max - min) / 5);
        y0 = Math.floor(min / yStep + 1e-9) * yStep;
        y1 = Math.ceil(max / yStep - 1e-9) * yStep;
        yLabel = label;
        return this;
    }

    /** A value axis without ticks, for bands: rows 0 (top) to {@code rows}. */
    SvgChart rows(int rows, String label) {
        y0 = 0;
        y1 = rows;
        yStep = 1;
        yLabel = label;
        yTicks = false;
        return this;
    }

    double yMin() {
        return y0;
    }

    double yMax() {
        return y1;
    }

    double px(long t) {
        return LEFT + (double) (t - x0) / (x1 - x0) * plotWidth();
    }

    double py(double v) {
        return TOP + (y1 - v) / (y1 - y0) * plotHeight();
    }

    private int plotWidth() {
        return width - LEFT - RIGHT;
    }

    private int plotHeight() {
        return height - TOP - BOTTOM;
    }

    /** A line through ({@code t[i]}, {@code v[i]}), broken where a value is NaN; listed in the legend as {@code name}. */
    SvgChart line(String name, Style style, long[] t, double[] v) {
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        for (int i = 0; i < t.length; i++) {
            if (Double.isNaN(v[i]) || Double.isInfinite(v[i])) {
                pen = false;
                continue;
            }
            d.append(d.length() == 0 ? "" : " ").append(pen ? "L" : "M").append(f(px(t[i]))).append(' ').append(f(py(v[i])));
            pen = true;
        }
        plot.append("<path class=\"series\" data-series=\"").append(Html.escape(name)).append("\" data-t=\"")
                .append(join(t)).append("\" data-v=\"").append(join(v)).append("\" d=\"").append(d.length() == 0 ? "M0 0" : d)
                .append("\" fill=\"none\" stroke=\"").append(style.colour()).append("\" stroke-width=\"").append(f(style.width()))
                .append('"').append(dash(style)).append(" stroke-linejoin=\"round\"/>\n");
        legend.add(swatch(style, "line", name));
        return this;
    }

    /** A horizontal line across the plot at {@code value}, labelled at its right end. */
    SvgChart hline(String cls, double value, String label, Style style) {
        double y = py(value);
        over.append("<g class=\"").append(cls).append("\" data-value=\"").append(value).append("\"><line x1=\"").append(LEFT)
                .append("\" x2=\"").append(width - RIGHT).append("\" y1=\"").append(f(y)).append("\" y2=\"").append(f(y))
                .append("\" stroke=\"").append(style.colour()).append("\" stroke-width=\"").append(f(style.width())).append('"')
                .append(dash(style)).append("/><text class=\"hlabel\" x=\"").append(width - RIGHT - 4).append("\" y=\"")
                .append(f(y - 4)).append("\" text-anchor=\"end\">").append(Html.escape(label)).append("</text></g>\n");
        legend.add(swatch(style, "line", label));
        return this;
    }

    /** Triangle markers (filled or hollow) at ({@code t[i]}, {@code v[i]}), each with a tooltip. */
    SvgChart markers(String name, String colour, boolean filled, long[] t, double[] v, String[] tips) {
        over.append("<g class=\"markers\" data-series=\"").append(Html.escape(name)).append("\" data-t=\"").append(join(t))
                .append("\">");
        for (int i = 0; i < t.length; i++) {
            double x = px(t[i]);
            double y = Math.max(TOP + 6, Math.min(TOP + plotHeight(), py(v[i])));
            over.append("<path class=\"marker\" d=\"M").append(f(x)).append(' ').append(f(y - 6)).append(" L").append(f(x + 5))
                    .append(' ').append(f(y + 3)).append(" L").append(f(x - 5)).append(' ').append(f(y + 3)).append(" Z\" fill=\"")
                    .append(filled ? colour : "#ffffff").append("\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\"><title>")
                    .append(Html.escape(tips[i])).append("</title></path>");
        }
        over.append("</g>\n");
        if (t.length > 0) {
            legend.add("<svg class=\"swatch\" width=\"22\" height=\"12\" viewBox=\"0 0 22 12\" aria-hidden=\"true\"><path d=\"M11 1 L16 10 L6 10 Z\" fill=\""
                    + (filled ? colour : "#ffffff") + "\" stroke=\"" + colour + "\" stroke-width=\"1.5\"/></svg>" + Html.escape(name));
        }
        return this;
    }

    /** A single point marker (a circle) at ({@code t}, {@code v}), labelled. */
    SvgChart point(String cls, long t, double v, String colour, String label) {
        over.append("<g class=\"").append(cls).append("\" data-t=\"").append(t).append("\"><circle cx=\"").append(f(px(t)))
                .append("\" cy=\"").append(f(py(v))).append("\" r=\"5\" fill=\"").append(colour).append("\" stroke=\"#000000\"><title>")
                .append(Html.escape(label)).append("</title></circle><text class=\"hlabel\" x=\"").append(f(px(t) - 8))
                .append("\" y=\"").append(f(py(v) - 10)).append("\" text-anchor=\"end\">").append(Html.escape(label)).append("</text></g>\n");
        legend.add("<svg class=\"swatch\" width=\"22\" height=\"12\" viewBox=\"0 0 22 12\" aria-hidden=\"true\"><circle cx=\"11\" cy=\"6\" r=\"5\" fill=\""
                + colour + "\" stroke=\"#000000\"/></svg>" + Html.escape(label));
        return this;
    }

    /** The label of band row {@code row}, written above it. */
    SvgChart rowLabel(int row, String label) {
        over.append("<text class=\"rowlabel\" x=\"").append(LEFT + 4).append("\" y=\"").append(f(py(y1 - row) + 13))
                .append("\">").append(Html.escape(label)).append("</text>\n");
        return this;
    }

    /** A band of {@code state} (up, down, unknown) in row {@code row} from {@code fromMillis} to {@code toMillis}. */
    SvgChart band(int row, long fromMillis, long toMillis, String state, String tip) {
        double top = py(y1 - row) + 18;
        double bottom = py(y1 - row - 1) - 4;
        plot.append("<rect class=\"band ").append(state).append("\" data-from=\"").append(fromMillis).append("\" data-to=\"")
                .append(toMillis).append("\" x=\"").append(f(px(fromMillis))).append("\" y=\"").append(f(top)).append("\" width=\"")
                .append(f(Math.max(0.5, px(toMillis) - px(fromMillis)))).append("\" height=\"").append(f(bottom - top))
                .append("\" fill=\"url(#").append(id).append('-').append(state).append(")\"><title>").append(Html.escape(tip))
                .append("</title></rect>\n");
        return this;
    }

    /** Adds a legend entry for band state {@code state}. */
    SvgChart bandLegend(String state, String label) {
        legend.add("<svg class=\"swatch\" width=\"22\" height=\"12\" viewBox=\"0 0 22 12\" aria-hidden=\"true\"><rect width=\"22\" height=\"12\" fill=\""
                + BAND_COLOURS.get(state) + "\" stroke=\"#000000\" stroke-width=\"0.5\"/>" + (state.equals("down")
                        ? "<path d=\"M0 12 L12 0 M10 12 L22 0\" stroke=\"#000000\" stroke-width=\"1.5\"/>" : "")
                + (state.equals("unknown") ? "<circle cx=\"5\" cy=\"6\" r=\"1.2\" fill=\"#000000\"/><circle cx=\"16\" cy=\"6\" r=\"1.2\" fill=\"#000000\"/>" : "")
                + "</svg>" + Html.escape(label));
        return this;
    }

    private static final java.util.Map<String, String> BAND_COLOURS = java.util.Map.of("up", BLUISH_GREEN, "down", VERMILLION,
            "unknown", "#dddddd");

    /** The legend as HTML list items, in the order things were added. */
    String legendHtml() {
        StringBuilder out = new StringBuilder("<ul class=\"legend\">");
        legend.forEach(l -> out.append("<li>").append(l).append("</li>"));
        return out.append("</ul>\n").toString();
    }

    /** The chart as an SVG element. */
    String svg() {
        StringBuilder out = new StringBuilder();
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"").append(id).append("\" data-kind=\"").append(kind)
                .append("\" data-x0=\"").append(x0).append("\" data-x1=\"").append(x1).append("\" data-y0=\"").append(y0)
                .append("\" data-y1=\"").append(y1).append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" role=\"img\" aria-labelledby=\"")
                .append(id).append("-title\">\n<title id=\"").append(id).append("-title\">").append(Html.escape(title)).append("</title>\n");
        out.append("<defs><clipPath id=\"").append(id).append("-clip\"><rect x=\"").append(LEFT).append("\" y=\"").append(TOP - 2)
                .append("\" width=\"").append(plotWidth()).append("\" height=\"").append(plotHeight() + 4).append("\"/></clipPath>");
        out.append("<pattern id=\"").append(id).append("-up\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"><rect width=\"8\" height=\"8\" fill=\"")
                .append(BLUISH_GREEN).append("\"/></pattern>");
        out.append("<pattern id=\"").append(id).append("-down\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"><rect width=\"8\" height=\"8\" fill=\"")
                .append(VERMILLION).append("\"/><path d=\"M0 8 L8 0 M-2 2 L2 -2 M6 10 L10 6\" stroke=\"#000000\" stroke-width=\"1.5\"/></pattern>");
        out.append("<pattern id=\"").append(id).append("-unknown\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"><rect width=\"8\" height=\"8\" fill=\"#dddddd\"/>"
                + "<circle cx=\"4\" cy=\"4\" r=\"1.2\" fill=\"#000000\"/></pattern></defs>\n");
        out.append("<rect class=\"frame\" x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotWidth())
                .append("\" height=\"").append(plotHeight()).append("\" fill=\"#ffffff\" stroke=\"#444444\" stroke-width=\"1\"/>\n");
        axes(out);
        out.append("<g class=\"plot\" clip-path=\"url(#").append(id).append("-clip)\">\n").append(plot).append("</g>\n");
        out.append(over);
        return out.append("</svg>\n").toString();
    }

    private void axes(StringBuilder out) {
        out.append("<g class=\"axis x\">");
        long step = timeStep(x1 - x0, Math.max(2, plotWidth() / 95));
        long first = Math.floorDiv(x0 + step - 1, step) * step;
        boolean withDate = true;
        for (long t = first; t <= x1; t += step) {
            double x = px(t);
            out.append("<line x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(TOP).append("\" y2=\"")
                    .append(TOP + plotHeight() + 4).append("\" class=\"grid\"/>");
            out.append("<text class=\"tick\" x=\"").append(f(x)).append("\" y=\"").append(TOP + plotHeight() + 16)
                    .append("\" text-anchor=\"middle\">").append(timeLabel(t, step, withDate)).append("</text>");
            withDate = false;
        }
        out.append("<text class=\"axis-label\" x=\"").append(LEFT + plotWidth() / 2).append("\" y=\"").append(height - 6)
                .append("\" text-anchor=\"middle\">time (UTC)</text></g>\n");
        out.append("<g class=\"axis y\">");
        if (yTicks) {
            int n = (int) Math.round((y1 - y0) / yStep);
            for (int i = 0; i <= n; i++) {
                double v = y0 + i * yStep;
                double y = py(v);
                out.append("<line x1=\"").append(LEFT - 4).append("\" x2=\"").append(LEFT + plotWidth()).append("\" y1=\"").append(f(y))
                        .append("\" y2=\"").append(f(y)).append("\" class=\"grid\"/>");
                out.append("<text class=\"tick\" x=\"").append(LEFT - 7).append("\" y=\"").append(f(y + 4))
                        .append("\" text-anchor=\"end\">").append(number(v, yStep)).append("</text>");
            }
        }
        out.append("<text class=\"axis-label\" transform=\"rotate(-90)\" x=\"").append(-(TOP + plotHeight() / 2)).append("\" y=\"14\" text-anchor=\"middle\">")
                .append(Html.escape(yLabel)).append("</text></g>\n");
    }

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 86_400_000L;
    private static final long[] TIME_STEPS = {MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR,
        12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY, 91 * DAY, 364 * DAY};

    /** The smallest tick step that gives at most {@code ticks} ticks over {@code spanMillis}. */
    static long timeStep(long spanMillis, int ticks) {
        for (long s : TIME_STEPS) {
            if (spanMillis / s <= ticks) {
                return s;
            }
        }
        long s = TIME_STEPS[TIME_STEPS.length - 1];
        while (spanMillis / s > ticks) {
            s *= 2;
        }
        return s;
    }

    static String timeLabel(long t, long step, boolean withDate) {
        ZonedDateTime z = Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC);
        boolean midnight = z.getHour() == 0 && z.getMinute() == 0;
        if (step >= DAY) {
            return String.format(Locale.ROOT, withDate ? "%04d-%02d-%02d" : "%02d-%02d", withDate ? z.getYear() : z.getMonthValue(),
                    withDate ? z.getMonthValue() : z.getDayOfMonth(), z.getDayOfMonth());
        }
        if (withDate || midnight) {
            return String.format(Locale.ROOT, "%02d-%02d %02d:%02d", z.getMonthValue(), z.getDayOfMonth(), z.getHour(), z.getMinute());
        }
        return String.format(Locale.ROOT, "%02d:%02d", z.getHour(), z.getMinute());
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0) || Double.isInfinite(raw)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= raw * (1 - 1e-9)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** A tick value with as many decimals as the step needs. */
    static String number(double v, double step) {
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        if (step * Math.pow(10, decimals) % 1 > 1e-6) {
            decimals++;
        }
        String s = String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v) < step * 1e-6 ? 0.0 : v);
        return s;
    }

    private static String dash(Style style) {
        return style.dash().isEmpty() ? "" : " stroke-dasharray=\"" + style.dash() + "\"";
    }

    private static String swatch(Style style, String cls, String label) {
        return "<svg class=\"swatch\" width=\"28\" height=\"12\" viewBox=\"0 0 28 12\" aria-hidden=\"true\"><line x1=\"1\" x2=\"27\" y1=\"6\" y2=\"6\" stroke=\""
                + style.colour() + "\" stroke-width=\"" + f(Math.max(2, style.width())) + "\"" + dash(style) + "/></svg>" + Html.escape(label);
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String join(long[] t) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < t.length; i++) {
            out.append(i == 0 ? "" : " ").append(t[i]);
        }
        return out.toString();
    }

    private static String join(double[] v) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            out.append(i == 0 ? "" : " ").append(v[i]);
        }
        return out.toString();
    }
}
