package dev.sli.store.replay;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a replay read: lines, events per SLI (as {@code service/sli}), and the first and last event
 * times. Immutable.
 *
 * @param lines lines read, comments included
 * @param events events recorded
 * @param eventsBySli events recorded per {@code service/sli}, in first-seen order
 * @param first the earliest event time, if any
 * @param last the latest event time, if any
 */
public record ReplayStats(long lines, long events, Map<String, Long> eventsBySli, Optional<Instant> first,
        Optional<Instant> last) {

    public ReplayStats {
        eventsBySli = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(eventsBySli));
    }
}
