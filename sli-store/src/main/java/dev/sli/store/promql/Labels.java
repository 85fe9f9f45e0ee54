package dev.sli.store.promql;

import dev.sli.core.source.Selector;
import dev.sli.store.imports.SeriesKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A label set as Prometheus holds it: pairs sorted by name, {@code __name__} included when present.
 * Immutable; ordered as Prometheus orders series (label by label, name then value).
 */
final class Labels implements Comparable<Labels> {

    static final Labels EMPTY = new Labels(new String[0], new String[0]);

    private final String[] names;
    private final String[] values;
    private final int hash;

    private Labels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
        this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    static Labels of(SeriesKey key) {
        Map<String, String> m = new LinkedHashMap<>(key.labels());
        m.put(Selector.NAME_LABEL, key.metric());
        return of(m);
    }

    static Labels of(Map<String, String> labels) {
        String[] n = labels.keySet().toArray(String[]::new);
        Arrays.sort(n);
        String[] v = new String[n.length];
        for (int i = 0; i < n.length; i++) {
            v[i] = labels.get(n[i]);
        }
        return new Labels(n, v);
    }

    /** The value of {@code name}, null when absent. */
    String get(String name) {
        int i = Arrays.binarySearch(names, name);
        return i < 0 ? null : values[i];
    }

    /** This set without {@code __name__}, as arithmetic, {@code bool} comparisons and functions return. */
    Labels withoutName() {
        return without(List.of(Selector.NAME_LABEL));
    }

    /** This set without the labels in {@code drop}. */
    Labels without(Collection<String> drop) {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (!drop.contains(names[i])) {
                keep.add(i);
            }
        }
        return pick(keep);
    }

    /** Only the labels in {@code by}, as {@code sum by (...)} groups. */
    Labels only(Collection<String> by) {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (by.contains(names[i])) {
                keep.add(i);
            }
        }
        return pick(keep);
    }

    private Labels pick(List<Integer> keep) {
        if (keep.size() == names.length) {
            return this;
        }
        String[] n = new String[keep.size()];
        String[] v = new String[keep.size()];
        for (int j = 0; j < n.length; j++) {
            n[j] = names[keep.get(j)];
            v[j] = values[keep.get(j)];
        }
        return new Labels(n, v);
    }

    Map<String, String> asMap() {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            out.put(names[i], values[i]);
        }
        return Collections.unmodifiableMap(out);
    }

    boolean isEmpty() {
        return names.length == 0;
    }

    @Override
    public int compareTo(Labels o) {
        int n = Math.min(names.length, o.names.length);
        for (int i = 0; i < n; i++) {
            int c = names[i].compareTo(o.names[i]);
            if (c != 0) {
                return c;
            }
            c = values[i].compareTo(o.values[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(names.length, o.names.length);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Labels)) {
            return false;
        }
        Labels l = (Labels) o;
        return hash == l.hash && Arrays.equals(names, l.names) && Arrays.equals(values, l.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < names.length; i++) {
            out.append(i == 0 ? "" : ", ").append(names[i]).append("=\"")
                    .append(values[i].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
        return out.append('}').toString();
    }
}
