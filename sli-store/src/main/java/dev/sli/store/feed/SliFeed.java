package dev.sli.store.feed;

import dev.sli.core.config.SliKind;
import java.util.List;

/**
 * What one SLI was fed from imported series. Immutable.
 *
 * @param service the service the SLI belongs to
 * @param sli the SLI's name
 * @param kind the SLI's kind
 * @param seriesMatched series its source selected (all roles)
 * @param samplesUsed samples of those series read
 * @param recorded what was handed to the registry's series: requests (outcome, latency), joined
 *     readiness samples, probe checks, or work start and finish events
 * @param problems one line each, naming the SLI, the role and the series: a role that matched no series,
 *     samples left out (invalid values, a readiness sample without its pair), ambiguous series
 */
public record SliFeed(String service, String sli, SliKind kind, int seriesMatched, long samplesUsed, long recorded,
        List<String> problems) {

    public SliFeed {
        problems = List.copyOf(problems);
    }
}
