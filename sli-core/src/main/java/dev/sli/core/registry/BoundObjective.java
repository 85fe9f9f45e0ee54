package dev.sli.core.registry;

import dev.sli.core.config.ObjectiveSpec;
import dev.sli.core.config.SliSpec;
import dev.sli.core.slo.Indicator;
import dev.sli.core.slo.Objective;
import java.util.Objects;

/**
 * An objective of a document bound to the indicator it is judged by: the spec as written, the SLI it
 * names, the SLO-math {@link Objective}, and the {@link Indicator} over the live series. Immutable.
 *
 * @param service the service the objective belongs to
 * @param spec the objective as written in the document
 * @param sli the SLI it names
 * @param objective the objective for the SLO math
 * @param indicator what it is measured by
 */
public record BoundObjective(String service, ObjectiveSpec spec, SliSpec sli, Objective objective, Indicator indicator) {

    public BoundObjective {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(sli, "sli");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(indicator, "indicator");
    }
}
