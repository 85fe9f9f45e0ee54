package dev.sli.core.registry;

import dev.sli.core.record.WorkOpenItem;
import dev.sli.core.slo.SloStatus;
import java.util.List;
import java.util.Objects;

/**
 * The evaluation of one bound objective at one instant: the SLO status (SLI, budget, burn rates, alert
 * decision) and, for work SLIs with an open-too-long alert, the tasks open past it. Immutable.
 *
 * @param objective the objective evaluated
 * @param status what the SLO math found
 * @param openTooLong tasks open past the objective's {@code alertOpenPast}, oldest first (empty otherwise)
 */
public record ObjectiveReport(BoundObjective objective, SloStatus status, List<WorkOpenItem> openTooLong) {

    public ObjectiveReport {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(status, "status");
        openTooLong = List.copyOf(openTooLong);
    }
}
