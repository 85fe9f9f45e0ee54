package dev.sli.store.directory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of a store's header file, as read or as about to be written: format version, bucket
 * resolution, creation instant, generation, clean-shutdown marker and the series registry. Immutable.
 *
 * @param formatVersion the format version of the file
 * @param resolutionMillis the bucket resolution, milliseconds, {@code > 0}
 * @param createdEpochMillis when the store was created, epoch milliseconds
 * @param generation how many times the file was written before this version
 * @param cleanShutdown whether the clean-shutdown marker is set
 * @param nextSeriesId the id the next series added gets
 * @param series every series ever added, retired ones included, in increasing id order
 */
public record StoreHeader(int formatVersion, long resolutionMillis, long createdEpochMillis, long generation,
        boolean cleanShutdown, int nextSeriesId, List<SeriesEntry> series) {

    public StoreHeader {
        series = List.copyOf(Objects.requireNonNull(series, "series"));
        if (resolutionMillis <= 0) {
            throw new IllegalArgumentException("resolutionMillis must be > 0, got " + resolutionMillis);
        }
    }

    /** The bucket resolution. */
    public Duration resolution() {
        return Duration.ofMillis(resolutionMillis);
    }

    /** When the store was created. */
    public Instant created() {
        return Instant.ofEpochMilli(createdEpochMillis);
    }

    /** The series named {@code name} that is not retired, if any. */
    public Optional<SeriesEntry> liveSeries(String name) {
        for (SeriesEntry e : series) {
            if (!e.retired() && e.name().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The series with id {@code id}, retired or not, if any. */
    public Optional<SeriesEntry> seriesById(int id) {
        for (SeriesEntry e : series) {
            if (e.id() == id) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The next version of the header, as a writer writes it: always in the current format (a version-1 header is upgraded). */
    StoreHeader withCleanShutdown(boolean clean) {
        return new StoreHeader(HeaderLayout.FORMAT_VERSION, resolutionMillis, createdEpochMillis, generation + 1, clean,
                nextSeriesId, series);
    }

    StoreHeader withSeries(List<SeriesEntry> newSeries, int newNextSeriesId) {
        return new StoreHeader(HeaderLayout.FORMAT_VERSION, resolutionMillis, createdEpochMillis, generation + 1, cleanShutdown,
                newNextSeriesId, newSeries);
    }
}
