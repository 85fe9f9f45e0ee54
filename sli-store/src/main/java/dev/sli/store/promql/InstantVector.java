package dev.sli.store.promql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What an instant query returns: a list of samples, each a label set and a value, in the order
 * Prometheus produces them. An empty vector is Prometheus's empty result (a dashboard's "No data"),
 * never 0. Values may be NaN or ±Inf exactly as Prometheus gives them. Immutable and thread-safe.
 */
public final class InstantVector {

    /** One sample of the result: its labels ({@code __name__} included only when Prometheus keeps it) and value. */
    public record Sample(Map<String, String> labels, double value) {
        /** Copies {@code labels}; throws {@link NullPointerException} when it is null. */
        public Sample {
            labels = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(Objects.requireNonNull(labels, "labels")));
        }
    }

    private final List<Sample> samples;

    InstantVector(List<Sample> samples) {
        this.samples = Collections.unmodifiableList(new ArrayList<>(samples));
    }

    /** The samples, in result order; empty for an empty result. */
    public List<Sample> samples() {
        return samples;
    }

    /** Whether Prometheus would return no series. */
    public boolean isEmpty() {
        return samples.isEmpty();
    }

    /** The value when the result is exactly one sample without labels (a dashboard's single stat), else empty. */
    public OptionalDouble single() {
        return samples.size() == 1 && samples.get(0).labels().isEmpty()
                ? OptionalDouble.of(samples.get(0).value()) : OptionalDouble.empty();
    }

    @Override
    public String toString() {
        return samples.toString();
    }
}
