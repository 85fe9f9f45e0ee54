package dev.sli.core.record;

import java.util.Objects;

/**
 * What every series builder has: the series name and its {@link SeriesOptions}. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by the setters
 */
abstract class SeriesBuilder<B extends SeriesBuilder<B>> {

    final String name;
    SeriesOptions options = SeriesOptions.DEFAULT;

    SeriesBuilder(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** Clock, grid, retention and limits (default {@link SeriesOptions#DEFAULT}). */
    public B options(SeriesOptions options) {
        this.options = Objects.requireNonNull(options, "options");
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
