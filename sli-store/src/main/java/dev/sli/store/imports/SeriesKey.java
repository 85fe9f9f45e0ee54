package dev.sli.store.imports;

import dev.sli.core.source.Selector;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The identity of one time series: a metric name and its labels (without {@code __name__}), labels kept
 * sorted by name. Immutable and thread-safe; importers create one key per series, not per sample.
 */
public final class SeriesKey {

    private final String metric;
    private final String[] names;
    private final String[] values;
    private final int hash;

    private SeriesKey(String metric, String[] names, String[] values) {
        this.metric = metric;
        this.names = names;
        this.values = values;
        this.hash = 31 * metric.hashCode() + 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    /**
     * The key of {@code metric} with {@code labels} (any order; a {@code __name__} entry is ignored).
     * Throws {@link IllegalArgumentException} when the metric name is empty.
     */
    public static SeriesKey of(String metric, Map<String, String> labels) {
        Objects.requireNonNull(metric, "metric");
        if (metric.isEmpty()) {
            throw new IllegalArgumentException("a series needs a metric name");
        }
        String[] names = labels.keySet().stream().filter(n -> !n.equals(Selector.NAME_LABEL)).sorted().toArray(String[]::new);
        String[] values = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            values[i] = Objects.requireNonNull(labels.get(names[i]), "label value");
        }
        return new SeriesKey(metric, names, values);
    }

    public String metric() {
        return metric;
    }

    /** The value of {@code label}, or null when the series does not carry it ({@code __name__} gives the metric). */
    public String label(String label) {
        if (label.equals(Selector.NAME_LABEL)) {
            return metric;
        }
        int i = Arrays.binarySearch(names, label);
        return i < 0 ? null : values[i];
    }

    /** The labels, sorted by name, without {@code __name__}. */
    public Map<String, String> labels() {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            out.put(names[i], values[i]);
        }
        return Collections.unmodifiableMap(out);
    }

    /** This key without {@code label}, for grouping and vector matching. */
    public SeriesKey without(String label) {
        int i = Arrays.binarySearch(names, label);
        if (i < 0) {
            return this;
        }
        String[] n = new String[names.length - 1];
        String[] v = new String[names.length - 1];
        System.arraycopy(names, 0, n, 0, i);
        System.arraycopy(names, i + 1, n, i, names.length - i - 1);
        System.arraycopy(values, 0, v, 0, i);
        System.arraycopy(values, i + 1, v, i, names.length - i - 1);
        return new SeriesKey(metric, n, v);
    }

    /** Whether {@code selector} selects this series. */
    public boolean matches(Selector selector) {
        return selector.matches(metric, this::label);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SeriesKey)) {
            return false;
        }
        SeriesKey k = (SeriesKey) o;
        return hash == k.hash && metric.equals(k.metric) && Arrays.equals(names, k.names) && Arrays.equals(values, k.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** PromQL form, {@code metric{a="x", b="y"}}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(metric).append('{');
        for (int i = 0; i < names.length; i++) {
            out.append(i == 0 ? "" : ", ").append(names[i]).append("=\"")
                    .append(values[i].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
        return out.append('}').toString();
    }
}
