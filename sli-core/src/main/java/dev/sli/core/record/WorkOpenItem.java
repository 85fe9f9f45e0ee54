package dev.sli.core.record;

import java.util.Objects;

/**
 * One open work item as seen at a given instant: its id, start and age in epoch milliseconds. Immutable.
 *
 * @param id the item's id
 * @param startMillis when it started
 * @param ageMillis how long it had been open at the instant asked about
 */
public record WorkOpenItem(String id, long startMillis, long ageMillis) {

    public WorkOpenItem {
        Objects.requireNonNull(id, "id");
    }
}
