package dev.sli.store.replay;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a replay read: lines, events per SLI (as {@code service/sli}), the first and last time of the
 * events the series can accept by their time, and how many events were too far ahead of the clock for
 * them (the series count those as rejected future timestamps). Immutable.
 *
 * @param lines lines read, comments included
 * @param events events handed to the series, the ones they reject included
 * @param eventsBySli events handed over per {@code service/sli}, in first-seen order
 * @param first the earliest time of an event not ahead of the clock, if any
 * @param last the latest time of an event not ahead of the clock, if any: what a report's evaluation
 *     time may be derived from, as no rejected future timestamp moves it
 * @param aheadOfClock events later than the registry's clock plus its {@code maxFuture}
 */
public record ReplayStats(long lines, long events, Map<String, Long> eventsBySli, Optional<Instant> first,
        Optional<Instant> last, long aheadOfClock) {

    public ReplayStats {
        eventsBySli = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(eventsBySli));
    }
}
