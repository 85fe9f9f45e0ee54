package dev.sli.micrometer;

import dev.sli.core.config.SliKind;
import io.micrometer.core.instrument.Meter;
import java.util.Objects;

/**
 * One meter feeding one SLI, as decided when the meter was created: every sample of the meter goes to
 * the SLI as good or as bad. Immutable.
 *
 * @param meterId the meter, as this registry saw it (after its meter filters)
 * @param sli the SLI fed, as {@code service/sli}
 * @param kind {@link SliKind#LATENCY} (a timer's durations) or {@link SliKind#OUTCOME} (a timer's or counter's
 *     events)
 * @param good whether the meter's samples count as good (latency: succeeded; outcome: a good event), that is
 *     whether its tags escape the source's {@code bad} matchers (or match its {@code good} ones)
 */
public record MeterMapping(Meter.Id meterId, String sli, SliKind kind, boolean good) {

    public MeterMapping {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(sli, "sli");
        Objects.requireNonNull(kind, "kind");
    }
}
