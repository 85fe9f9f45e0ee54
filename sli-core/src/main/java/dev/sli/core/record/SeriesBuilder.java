package dev.sli.core.record;

import dev.sli.core.history.SealedHistory;
import java.util.Objects;

/**
 * What every series builder has: the series name and its {@link SeriesOptions}. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by the setters
 */
abstract class SeriesBuilder<B extends SeriesBuilder<B>> {

    final String name;
    SeriesOptions options = SeriesOptions.DEFAULT;
    SealedHistory.Factory history = SealedHistory.inMemory();

    SeriesBuilder(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** Clock, grid, retention and limits (default {@link SeriesOptions#DEFAULT}). */
    public B options(SeriesOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        return self();
    }

    /**
     * Where sealed buckets are kept (default {@link SealedHistory#inMemory()}); a persistent history
     * (sli-store) makes the series continue after a restart with what it had sealed.
     */
    public B history(SealedHistory.Factory history) {
        this.history = Objects.requireNonNull(history, "history");
        return self();
    }

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    /** @throws IllegalArgumentException if the name is blank */
    final void requireName() {
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: must not be blank");
        }
    }
}
