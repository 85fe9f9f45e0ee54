package dev.sli.store.feed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@link SourceFeed#feed} did: per SLI what it took ({@link SliFeed}), the samples no SLI took, and
 * the first and last timestamps of the samples recorded (what a report's evaluation time may be derived
 * from). Immutable.
 *
 * @param slis every SLI of the document, in document order
 * @param unusedSeries series that no SLI's source selects; of those the set did not keep it counts runs of
 *     samples (see {@link dev.sli.store.imports.SeriesSet#ignoredSeries()}), so an upper bound when an
 *     input interleaves series
 * @param unusedSamples the samples of those series
 * @param first the earliest timestamp of a recorded sample, if any
 * @param last the latest timestamp of a recorded sample, if any
 */
public record FeedReport(List<SliFeed> slis, long unusedSeries, long unusedSamples, Optional<Instant> first,
        Optional<Instant> last) {

    public FeedReport {
        slis = List.copyOf(slis);
    }

    /** Every SLI's problems, in document order, one line each. */
    public List<String> problems() {
        List<String> all = new ArrayList<>();
        for (SliFeed s : slis) {
            all.addAll(s.problems());
        }
        return List.copyOf(all);
    }
}
