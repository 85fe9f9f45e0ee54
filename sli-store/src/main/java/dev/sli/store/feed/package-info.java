/**
 * From imported series to the SLIs of a config: {@link dev.sli.store.feed.SourceFeed} picks the series
 * each SLI's {@code "source"} selects out of a {@link dev.sli.store.imports.SeriesSet} and records them
 * into a registry's series with the samples' own timestamps (counter increases with resets, histogram
 * buckets, readiness gauges joined with a 5-minute lookback, probe and work gauges);
 * {@link dev.sli.store.feed.FeedReport} says what was taken, what was left, and what matched nothing.
 */
package dev.sli.store.feed;
