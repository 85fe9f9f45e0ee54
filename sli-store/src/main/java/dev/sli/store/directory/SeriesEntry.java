package dev.sli.store.directory;

import dev.sli.core.record.SeriesKind;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One series in a store's registry: its stable numeric id (the key of its data in the store), its name,
 * kind and labels, and whether it was retired. Immutable.
 *
 * @param id the id, {@code >= 1}, never reused within a store
 * @param name the series name, 1 to {@value HeaderLayout#MAX_NAME_BYTES} UTF-8 bytes, no control characters
 * @param kind what the series records
 * @param retired whether the series was retired (its data is orphaned, its name free to be added again)
 * @param labels the labels that select the series' data (the SLI's {@code labels} in the config), sorted by
 *     name; empty when it has none (and for every series of a version-1 store, which kept no labels)
 */
public record SeriesEntry(int id, String name, SeriesKind kind, boolean retired, Map<String, String> labels) {

    public SeriesEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (id < HeaderLayout.FIRST_SERIES_ID) {
            throw new IllegalArgumentException("series id must be >= 1, got " + id);
        }
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(labels, "labels")));
    }

    /** A series without labels. */
    public SeriesEntry(int id, String name, SeriesKind kind, boolean retired) {
        this(id, name, kind, retired, Map.of());
    }

    SeriesEntry retire() {
        return new SeriesEntry(id, name, kind, true, labels);
    }
}
