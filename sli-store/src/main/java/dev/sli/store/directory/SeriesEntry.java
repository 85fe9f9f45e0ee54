package dev.sli.store.directory;

import dev.sli.core.record.SeriesKind;
import java.util.Objects;

/**
 * One series in a store's registry: its stable numeric id (the key of its data in the store), its name
 * and kind, and whether it was retired. Immutable.
 *
 * @param id the id, {@code >= 1}, never reused within a store
 * @param name the series name, 1 to {@value HeaderLayout#MAX_NAME_BYTES} UTF-8 bytes, no control characters
 * @param kind what the series records
 * @param retired whether the series was retired (its data is orphaned, its name free to be added again)
 */
public record SeriesEntry(int id, String name, SeriesKind kind, boolean retired) {

    public SeriesEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (id < HeaderLayout.FIRST_SERIES_ID) {
            throw new IllegalArgumentException("series id must be >= 1, got " + id);
        }
    }

    SeriesEntry retire() {
        return new SeriesEntry(id, name, kind, true);
    }
}
